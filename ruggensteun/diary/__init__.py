"""The weekly check-in and the pain diary (issue 6).

- ``checkins``: which days a check-in covers, when it is due (``is_due``), and submitting it:
  the check-in and the day logs it fills (``weekfill``: gaps only, never a value the patient
  ticked) stored in one transaction under the patient's lock (``store``), then triage
  (``triage``, via ``intake.assessment.assess_checkin``), keeping the advice to show at once.
- ``models``: ``CheckIn`` (a draft until sent), ``PainDiary`` (the therapist's switch, off by
  default), ``DiaryEntry``; every form carries a ``submission_key`` with a unique constraint
  per patient, so a form sent twice is stored once.
- ``bodymap``: the diary's regions; the checkboxes are the form, the SVG only shows them.
- ``static/diary/outbox.js``: never losing an entry when the connection drops. We chose a
  localStorage queue over a service worker: it needs no special scope or extra URL, works
  the same in every browser that runs our JavaScript, and the pages stay plain forms that
  work without it. The queue is sent again on the ``online`` event, on the next page that
  loads the script, and every 20 seconds; the idempotency key makes resending safe.
"""
