"""The daily reminder e-mail: the day's programme and any questionnaire that is ready, at
the time the patient chose, in their language (``manage.py send_daily_reminders``).

At most one e-mail per patient per day, however often cron runs the command and even when
two runs overlap: the day is claimed in the database before the e-mail goes out.

Questionnaires: a patient who chose their reminders here gets the questionnaire reminder
in this e-mail. Each assignment is claimed the way ``questionnaires.reminders`` claims it
(``last_reminded_on``, at most MAX_REMINDERS, REMINDER_INTERVAL_DAYS apart), so whichever
command runs first reminds about it and the other one stays silent: never two e-mails
for the same questionnaire on a day.

Every e-mail carries a signed link that stops all reminders without logging in
(``stop_token``), and the List-Unsubscribe headers that let a mail app do the same.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core import signing
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from ruggensteun.base.fanout import enqueue_many
from ruggensteun.base.mail import queue_email, render_email
from ruggensteun.intake.status import patients_in_lockdown
from ruggensteun.mydata.calendar import exercise_days, exercising_week, planned_days
from ruggensteun.mydata.models import ReminderSettings
from ruggensteun.patients.models import Patient
from ruggensteun.push.notify import notify
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.questionnaires.reminders import MAX_REMINDERS, REMINDER_INTERVAL_DAYS, in_care

logger = logging.getLogger(__name__)

# An e-mail goes out from the chosen time until this much later: cron may run every 15
# minutes or every hour, and a run that comes much later (a server that was down) should
# not send "today's programme" in the middle of the night.
SEND_WINDOW = timedelta(hours=3)
STOP_SALT = "ruggensteun.mydata.reminders.stop"


# --- the stop link -----------------------------------------------------------------------


def stop_token(patient: Patient) -> str:
    return signing.dumps({"patient": patient.pk}, salt=STOP_SALT)


def patient_for_stop_token(token: str) -> Patient | None:
    """The patient a stop link was made for; None for a link that was changed or made up."""
    try:
        data = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("patient"), int):
        return None
    return Patient.objects.select_related("user").filter(pk=data["patient"]).first()


def stop_url(patient: Patient) -> str:
    return settings.SITE_URL + reverse("mydata:stop_reminders", args=[stop_token(patient)])


# --- what the e-mail says ----------------------------------------------------------------


@dataclass(frozen=True)
class TodaysProgramme:
    walks: int
    minutes_per_walk: int
    exercises: int  # the number of exercises, 0 on a day without exercises


def todays_programme(patient: Patient, today: date) -> TodaysProgramme | None:
    """The walks and exercises of today; None when the programme is paused, ended, not
    started or held by a red flag."""
    week = exercising_week(patient)
    if week is None:
        return None
    walking = week.plan.get("walking") or {}
    walks = int(walking.get("walks_per_day") or 1)
    minutes = int(walking.get("minutes_per_day") or 0)
    exercising = today in exercise_days(week.starts_on, planned_days(week))
    return TodaysProgramme(
        walks=walks,
        minutes_per_walk=max(1, round(minutes / walks)) if minutes else 0,
        exercises=len(week.plan.get("exercises") or []) if exercising else 0,
    )


def _remindable(today: date) -> Q:
    last_allowed = today - timedelta(days=REMINDER_INTERVAL_DAYS)
    return Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lte=last_allowed)


def _ready_questionnaires(patient: Patient, today: date) -> list[int]:
    return list(
        Assignment.objects.for_patient(patient)
        .due(today)
        .visible_to_patient()
        .filter(_remindable(today), reminders_sent__lt=MAX_REMINDERS)
        .values_list("pk", flat=True)
    )


def _claim_questionnaires(ids: list[int], today: date) -> int:
    if not ids:
        return 0
    return (
        Assignment.objects.filter(pk__in=ids)
        .open()
        .filter(_remindable(today), reminders_sent__lt=MAX_REMINDERS)
        .update(last_reminded_on=today, reminders_sent=F("reminders_sent") + 1)
    )


def _claim_day(reminders: ReminderSettings, today: date) -> bool:
    claimed = (
        ReminderSettings.objects.filter(pk=reminders.pk)
        .filter(Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=today))
        .update(last_sent_on=today)
    )
    return bool(claimed)


def send_email(patient: Patient, programme: TodaysProgramme | None, questionnaires: int) -> None:
    user = patient.user
    if notify(user, "daily_reminder", url=reverse("web:patient_home")):
        return  # a push where the patient switched it on (issue #16); else the e-mail
    stop = stop_url(patient)
    context = {
        "user": user,
        "practice": patient.practice,
        "programme": programme,
        "questionnaires": questionnaires,
        "link": settings.SITE_URL + reverse("web:home"),
        "questionnaire_link": settings.SITE_URL + reverse("questionnaires:mine"),
        "settings_link": settings.SITE_URL + reverse("mydata:reminders"),
        "stop_link": stop,
    }
    subject, body = render_email("mydata/email/daily", context, user.language)
    queue_email(
        kind="daily_reminder",
        to=user.email,
        subject=subject,
        body=body,
        practice_id=patient.practice_id,
        headers={
            # RFC 8058: a mail app's own "unsubscribe" stops the reminders in one tap.
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _time_has_come(now: datetime) -> Q:
    """It is time to send: the chosen time is at or before ``now`` (local wall-clock time)
    and less than SEND_WINDOW before it, on the same day (a window does not run past
    midnight)."""
    local = timezone.localtime(now).replace(tzinfo=None)
    condition = Q(send_at__lte=local.time())
    earliest = local - SEND_WINDOW
    if earliest.date() == local.date():
        condition &= Q(send_at__gt=earliest.time())
    return condition


def _candidates(now: datetime) -> QuerySet[ReminderSettings]:
    """The patients whose e-mail of the day is due at ``now``: every condition in SQL
    (issue #15), so a run every 15 minutes reads only the few whose time has come."""
    today = timezone.localdate(now)
    return (
        ReminderSettings.objects.filter(Q(programme_email=True) | Q(questionnaire_email=True))
        .filter(_time_has_come(now))
        .filter(patient__in=in_care(Patient.objects.all()))
        # An invited patient who never set a password has the invitation to act on
        # (``has_usable_password``, in SQL).
        .exclude(patient__user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .filter(Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=today))
        .exclude(paused_until__gte=today)
        # After an emergency or urgent red flag nothing may suggest the programme goes on
        # as usual (triage.md §2): no e-mail until a therapist has handled it.
        .exclude(patient_id__in=patients_in_lockdown())
        .select_related("patient__user", "patient__practice")
        .order_by("pk")
    )


def remind(reminders: ReminderSettings, now: datetime) -> bool:
    """One patient's e-mail of the day, if there is something to say and the day is not
    claimed yet; returns whether one was queued. Running it twice sends nothing twice."""
    patient = reminders.patient
    today = timezone.localdate(now)
    programme = todays_programme(patient, today) if reminders.programme_email else None
    ready = _ready_questionnaires(patient, today) if reminders.questionnaire_email else []
    if programme is None and not ready:
        return False
    if not _claim_day(reminders, today):
        return False  # another run sent today's e-mail
    questionnaires = _claim_questionnaires(ready, today)
    if programme is None and not questionnaires:
        return False  # the questionnaires command reminded about them a moment ago
    # The day stays claimed whatever the mail server does: better one reminder late (the
    # mail task retries) or missed than two sent.
    send_email(patient, programme, questionnaires)
    return True


@task()
def remind_task(reminders_id: int, now: str) -> bool:
    """One patient's daily e-mail, as a task of the fan-out: the patient is looked up
    again, so one who stopped their reminders or got a red flag meanwhile gets nothing."""
    at = datetime.fromisoformat(now)
    reminders = _candidates(at).filter(pk=reminders_id).first()
    if reminders is None:
        return False
    return remind(reminders, at)


def send_daily_reminders(now: datetime | None = None) -> int:
    """Send the e-mails whose time has come, here and now; returns how many were sent
    (queued)."""
    now = now or timezone.now()
    return sum(remind(reminders, now) for reminders in _candidates(now))


def queue_daily_reminders(now: datetime | None = None) -> int:
    """The fan-out (``manage.py send_daily_reminders``): one task per patient whose time
    has come; returns the number of tasks queued."""
    now = now or timezone.now()
    ids = _candidates(now).values_list("pk", flat=True)
    return enqueue_many(remind_task, ((pk, now.isoformat()) for pk in ids))
