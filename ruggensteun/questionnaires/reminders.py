"""Reminder e-mails for questionnaires that are ready, in the patient's own language.

The e-mail says only that a questionnaire is ready: no instrument, no score, nothing
clinical. A patient gets one e-mail for everything that is ready at once. Each
assignment is reminded at most once a day (whatever the number of runs) and at most
MAX_REMINDERS times, REMINDER_INTERVAL_DAYS apart, starting on the due date.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from ruggensteun.base.fanout import enqueue_many
from ruggensteun.base.mail import queue_email, render_email
from ruggensteun.patients.models import Patient
from ruggensteun.push.notify import notify
from ruggensteun.questionnaires.models import Assignment, InstrumentLicence, PracticeSchedule
from ruggensteun.questionnaires.schedule import schedule_questionnaires

REMINDER_INTERVAL_DAYS = 7
MAX_REMINDERS = 3

# Who gets no reminder for now, as a query of patient ids: the intake app (above this one)
# registers the patients in a red-flag lockdown (``pause_reminders_for``, from its
# AppConfig.ready), so questionnaires imports no intake code (issue #13).
_PAUSED: list[Callable[[], Iterable[int]]] = []

# Who is out of care, as a query of patient ids: the workspace (above this one) registers
# the patients whose episode is closed (a discharge in force, ``out_of_care``, from its
# AppConfig.ready). They are neither scheduled nor reminded (issue #15: the nightly run
# no longer goes through every patient ever); reopening the episode brings them back.
_OUT_OF_CARE: list[Callable[[], Iterable[int]]] = []


def pause_reminders_for(patient_ids: Callable[[], Iterable[int]]) -> None:
    """Skip the patients ``patient_ids()`` returns (a queryset of ids) in every run.
    Registering the same function again changes nothing."""
    if patient_ids not in _PAUSED:
        _PAUSED.append(patient_ids)


def out_of_care(patient_ids: Callable[[], Iterable[int]]) -> None:
    """Leave the patients ``patient_ids()`` returns (a queryset of ids) out of the nightly
    scheduling and every reminder. Registering the same function again changes nothing."""
    if patient_ids not in _OUT_OF_CARE:
        _OUT_OF_CARE.append(patient_ids)


def in_care(patients: QuerySet[Patient]) -> QuerySet[Patient]:
    """``patients`` without those out of care or with a blocked account (in SQL)."""
    patients = patients.filter(user__is_active=True)
    for out in _OUT_OF_CARE:
        patients = patients.exclude(pk__in=out())
    return patients


def schedule_in_care(today: date | None = None) -> int:
    """Bring the schedule of every patient in care up to date (``schedule_questionnaires``),
    reading each practice's schedule and licences once; returns how many were created.
    Discharged patients and blocked accounts are left out in SQL."""
    created = 0
    practice_id = None
    schedule = licensed = None
    for patient in (
        in_care(Patient.objects.all()).select_related("practice").order_by("practice_id", "pk")
    ):
        if patient.practice_id != practice_id:
            practice_id = patient.practice_id
            schedule = PracticeSchedule.for_practice(patient.practice)
            licensed = InstrumentLicence.codes_for(patient.practice)
        created += schedule_questionnaires(
            patient, today=today, schedule=schedule, licensed=licensed
        )
    return created


def _remindable(today: date) -> Q:
    last_allowed = today - timedelta(days=REMINDER_INTERVAL_DAYS)
    return Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lte=last_allowed)


def send_reminder_email(patient: Patient) -> None:
    user = patient.user
    if notify(user, "questionnaire", url=reverse("questionnaires:mine")):
        return  # a push where the patient switched it on (issue #16); else the e-mail
    context = {
        "user": user,
        "practice": patient.practice,
        "link": settings.SITE_URL + reverse("questionnaires:mine"),
    }
    subject, body = render_email("questionnaires/email/reminder", context, user.language)
    queue_email(
        kind="questionnaire_reminder",
        to=user.email,
        subject=subject,
        body=body,
        practice_id=patient.practice_id,
    )


def due_by_patient(today: date) -> dict[int, list[int]]:
    """The assignments to remind about today, by patient id; one query, every condition
    in SQL (issue #15)."""
    candidates = (
        Assignment.objects.due(today)
        .visible_to_patient()
        .filter(_remindable(today), reminders_sent__lt=MAX_REMINDERS)
        .filter(patient__in=in_care(Patient.objects.all()))
        # An invited patient who has not set a password yet has the invitation to act on
        # (``has_usable_password``, in SQL).
        .exclude(patient__user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        # A patient who chose their own reminders gets them from mydata's daily e-mail
        # (send_daily_reminders), at their time, or not at all when they stopped them.
        .filter(patient__reminder_settings__isnull=True)
    )
    for paused in _PAUSED:
        # After an emergency or urgent red flag the questionnaires wait until a therapist
        # has handled it (triage.md §2: self-management stops or waits).
        candidates = candidates.exclude(patient_id__in=paused())
    by_patient: dict[int, list[int]] = defaultdict(list)
    for patient_id, assignment_id in candidates.order_by("patient_id", "pk").values_list(
        "patient_id", "pk"
    ):
        by_patient[patient_id].append(assignment_id)
    return by_patient


def remind_patient(patient_id: int, assignment_ids: list[int], today: date) -> bool:
    """Claim the assignments, then queue the e-mail; False when there was nothing left to
    claim. A second run the same day (or one running at the same time, or the same task
    run twice) finds nothing left, so nobody gets two e-mails."""
    claimed = (
        Assignment.objects.filter(pk__in=assignment_ids)
        .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today))
        .update(last_reminded_on=today, reminders_sent=F("reminders_sent") + 1)
    )
    if not claimed:
        return False
    send_reminder_email(Patient.objects.select_related("user", "practice").get(pk=patient_id))
    return True


@task()
def remind_patient_task(patient_id: int, assignment_ids: list[int], today: str) -> bool:
    """One patient's reminder, as a task of the nightly fan-out (JSON arguments)."""
    return remind_patient(patient_id, assignment_ids, date.fromisoformat(today))


def send_reminders(today: date | None = None) -> int:
    """Send the reminders that are due today, here and now; returns the number of
    e-mails sent (queued)."""
    today = today or timezone.localdate()
    return sum(
        remind_patient(patient_id, ids, today) for patient_id, ids in due_by_patient(today).items()
    )


def queue_reminders(today: date | None = None) -> int:
    """The fan-out (``manage.py send_questionnaire_reminders``): one task per patient with
    a reminder due; returns the number of tasks queued."""
    today = today or timezone.localdate()
    due = due_by_patient(today)
    calls = ((patient_id, ids, today.isoformat()) for patient_id, ids in due.items())
    return enqueue_many(remind_patient_task, calls)
