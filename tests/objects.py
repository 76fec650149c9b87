"""Real objects for every id a URL can name, for the guard tests.

A guard test that fills a second id (a session note, a video, a plan week ...) with a
number that names nothing proves nothing: the view answers 404 because the object does not
exist, whether or not it checks who may see it. These builders make one real record of
every kind for a given patient, so a test can ask for practice B's record under practice
A's patient (the access check must refuse it) and for A's own record (the same address must
open for the right person of A).

A path parameter that this module does not know fails the guard tests with the URL's name
and the parameter: a new kind of id is covered from the day its URL appears.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ruggensteun.diary.models import CheckIn, DiaryEntry, PainDiary
from ruggensteun.intake import flow
from ruggensteun.intake.models import RedFlagAlert, TriageAssessment
from ruggensteun.programme import planning
from ruggensteun.programme.models import ExerciseFeedback
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.workspace.models import SessionNote
from tests.programme.conftest import classify
from tests.questionnaires.conftest import submitted
from tests.urls_walk import Route
from tests.workspace.conftest import store_video

# Path parameters that name one record of one patient, and what they name.
OWNED = {
    "patient_id": "the patient",
    "alert_id": "a red-flag alert",
    "assignment_id": "a questionnaire assignment",
    "checkin_id": "a weekly check-in",
    "entry_id": "a pain diary entry",
    "feedback_id": "an exercise feedback",
    "note_id": "a session note",
    "plan_id": "a plan week",
    "response_id": "a questionnaire response",
    "video_id": "an exercise video",
}
# Path parameters that name content every practice shares (not a record of a patient): a
# real value, so that the view gets past its own lookup. ``None``: taken from the records
# (the exercise and the module of the patient's plan week).
SHARED: dict[str, object] = {
    "exercise_id": None,
    "module_id": None,
    "screen_id": None,
    "number": 1,
    "code": "nprs",
    "slug": "instrument-nprs",
    "name": "oefenfolder",
}
# The address itself is the key (invitation, reminder stop, calendar feed, password
# reset): a key that opens nothing.
KEYS = {"token": "sleutel-die-niets-opent", "uidb64": "MTIzNDU2Nzg"}


class UnknownParameter(LookupError):
    """A URL has a path parameter the guard tests cannot fill with a real object."""


def unknown_parameters(routes: list[Route]) -> dict[str, list[str]]:
    """``{url name: [parameters]}`` for every path parameter nobody here knows."""
    known = OWNED.keys() | SHARED.keys() | KEYS.keys()
    return {
        route.name: sorted(route.parameters - known) for route in routes if route.parameters - known
    }


def record_ids(route: Route) -> frozenset[str]:
    """The ids besides the patient that name one of a patient's records."""
    return frozenset(route.parameters & OWNED.keys()) - {"patient_id"}


@dataclass
class Records:
    """One patient and the id of one record of every kind a URL can name."""

    patient: object
    ids: dict[str, object] = field(default_factory=dict)


def _aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def sent_checkin(patient) -> CheckIn:
    """A calm check-in about the seven days before today, sent just now."""
    today = timezone.localdate()
    return CheckIn.objects.create(
        patient=patient,
        submission_key=uuid.uuid4(),
        period_start=today - timedelta(days=7),
        period_end=today - timedelta(days=1),
        pain=3,
        walking_mode="week",
        walking_minutes_week=140,
        exercise_days=4,
        sleep=4,
        stress=2,
        flare=False,
        submitted_at=timezone.now(),
    )


def diary_entry(patient, **fields) -> DiaryEntry:
    """A pain diary entry of yesterday morning (pain 6, sitting, up to 30 minutes)."""
    values = {
        "felt_at": _aware(timezone.localdate() - timedelta(days=1)),
        "pain": 6,
        "regions": ["lower_back_middle"],
        "activity": "sitting",
        "duration": "up_to_30",
        **fields,
    }
    return DiaryEntry.objects.create(patient=patient, submission_key=uuid.uuid4(), **values)


def records_of(patient, therapist) -> Records:
    """Give ``patient`` one record of every kind a URL names, each one the right person of
    the practice may open: a programme whose week 1 waits for approval (so approving and
    changing it are allowed), an open routine red-flag alert (a routine flag holds nothing
    back and locks the patient's pages down for nobody), a check-in, a diary entry, a
    session note, a video, a questionnaire due today, a submitted one, and exercise feedback
    "too painful" (the one the next-day question asks about)."""
    today = timezone.localdate()
    classify(patient, therapist)
    programme = planning.start_programme(
        patient, therapist, approve_each_week=True, today=today, prepare=True
    )
    plan = programme.plans.get(week=1)
    exercise_id = plan.plan["exercises"][0]["id"]
    PainDiary.objects.create(patient=patient, is_on=True, changed_by=therapist)
    checkin = sent_checkin(patient)
    entry = diary_entry(patient)
    alert = RedFlagAlert.objects.create(
        patient=patient,
        assessment=TriageAssessment.objects.latest_for(patient),
        rule_id="AGE",
        urgency=TriageAssessment.Urgency.ROUTINE,
    )
    note = SessionNote.objects.create(
        patient=patient,
        written_by=therapist,
        kind=SessionNote.Kind.INTAKE,
        held_on=today - timedelta(days=3),
        findings="Flexie beperkt.",
    )
    video = store_video(patient, therapist, exercise_id=exercise_id)
    response = submitted(patient, "nprs", {"1": 7}, when=timezone.now() - timedelta(days=1))
    # Starting the programme may already have scheduled the NPRS for today.
    open_assignment, _created = Assignment.objects.get_or_create(
        patient=patient,
        instrument="nprs",
        due_on=today,
        defaults={"source": Assignment.Source.THERAPIST},
    )
    feedback = ExerciseFeedback.objects.create(
        patient=patient,
        exercise_id=exercise_id,
        date=today - timedelta(days=1),
        kind=ExerciseFeedback.Kind.TOO_PAINFUL,
    )
    return Records(
        patient=patient,
        ids={
            "patient_id": patient.pk,
            "alert_id": alert.pk,
            "assignment_id": open_assignment.pk,
            "checkin_id": checkin.pk,
            "entry_id": entry.pk,
            "feedback_id": feedback.pk,
            "note_id": note.pk,
            "plan_id": plan.pk,
            "response_id": response.pk,
            "video_id": video.pk,
            "exercise_id": exercise_id,
            "module_id": plan.plan["education"][0],
            "screen_id": flow.screens()[0].id,
        },
    )


def kwargs_for(route: Route, records: Records, *, patient_id: int | None = None) -> dict:
    """Arguments for reverse(): every id from ``records``, the patient's id from
    ``patient_id`` when given (to ask for one patient's address with another's record).

    Raises UnknownParameter, naming the URL and the parameter, for a parameter this module
    cannot fill with a real object."""
    values: dict[str, object] = {}
    for name in sorted(route.parameters):
        if name == "patient_id" and patient_id is not None:
            values[name] = patient_id
        elif name in OWNED:
            values[name] = records.ids[name]
        elif name in SHARED:
            value = SHARED[name]
            values[name] = records.ids[name] if value is None else value
        elif name in KEYS:
            values[name] = KEYS[name]
        else:
            raise UnknownParameter(
                f"URL {route.name!r} has the path parameter <{name}>, which tests/objects.py "
                "cannot fill with a real object: add it to OWNED (and build one in "
                "records_of), SHARED or KEYS"
            )
    return values
