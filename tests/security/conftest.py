"""Shared builders of the security tests: practice A full of data of every kind a URL can
name, and the people of practice B who try to reach it."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from ruggensteun.diary.models import PainDiary
from ruggensteun.intake.models import RedFlagAlert, TriageAssessment
from ruggensteun.mydata.models import DeletionRequest
from ruggensteun.programme import planning
from ruggensteun.programme.models import ExerciseFeedback
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.workspace.models import SessionNote
from tests import personas
from tests.objects import diary_entry, sent_checkin
from tests.programme.conftest import classify
from tests.questionnaires.conftest import submitted
from tests.workspace.conftest import store_video

# Words that appear only in practice A's data: a page that shows one of them to someone of
# practice B has leaked A's data.
A_MARKERS = ("Zebulon", "Quaxwerk", "zebulon.quaxwerk", "GEHEIM-A")


@dataclass
class World:
    """Practice A with one patient who has data of every kind, and its people."""

    practice: object
    therapist: object
    admin: object
    patient: object
    ids: dict[str, object] = field(default_factory=dict)


def _aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build_world(practice, therapist, admin) -> World:
    """A patient of practice A with a running programme, a check-in, a diary entry, an open
    red-flag alert, a session note, a video, a submitted and an open questionnaire, exercise
    feedback and a deletion request: one object of every kind a URL names."""
    patient = personas.patient(practice, therapist, "Zebulon Quaxwerk")
    today = timezone.localdate()
    classify(patient, therapist)
    programme = planning.start_programme(
        patient, therapist, approve_each_week=False, today=today - timedelta(days=2)
    )
    plan = programme.plans.get(week=1)
    PainDiary.objects.create(patient=patient, is_on=True, changed_by=therapist)
    checkin = sent_checkin(patient)
    entry = diary_entry(
        patient, activity_note="GEHEIM-A autorit", medication="GEHEIM-A paracetamol"
    )
    alert = RedFlagAlert.objects.create(
        patient=patient,
        assessment=TriageAssessment.objects.latest_for(patient),
        rule_id="INFECTION",
        urgency="urgent",
    )
    note = SessionNote.objects.create(
        patient=patient,
        written_by=therapist,
        kind=SessionNote.Kind.INTAKE,
        held_on=today - timedelta(days=3),
        findings="GEHEIM-A bevindingen",
    )
    video = store_video(patient, therapist, description="GEHEIM-A video")
    response = submitted(patient, "nprs", {"1": 7}, when=timezone.now() - timedelta(days=1))
    open_assignment = Assignment.objects.create(
        patient=patient, instrument="nprs", due_on=today + timedelta(days=3), source="therapist"
    )
    feedback = ExerciseFeedback.objects.create(
        patient=patient,
        exercise_id=plan.plan["exercises"][0]["id"],
        date=today - timedelta(days=1),
        kind="too_painful",
    )
    DeletionRequest.objects.create(
        patient=patient, requested_by=patient.user, message="GEHEIM-A verzoek"
    )
    return World(
        practice=practice,
        therapist=therapist,
        admin=admin,
        patient=patient,
        ids={
            "patient_id": patient.pk,
            "checkin_id": checkin.pk,
            "entry_id": entry.pk,
            "alert_id": alert.pk,
            "note_id": note.pk,
            "video_id": video.pk,
            "response_id": response.pk,
            "assignment_id": open_assignment.pk,
            "submitted_assignment_id": response.assignment_id,
            "plan_id": plan.pk,
            "feedback_id": feedback.pk,
            "exercise_id": plan.plan["exercises"][0]["id"],
            "module_id": plan.plan["education"][0],
        },
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded videos go to a folder of the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(practice, therapist, admin):
    return build_world(practice, therapist, admin)


@pytest.fixture
def outsiders(outsider_therapist, outsider_admin, outsider_patient):
    """Practice B's therapist, admin and patient."""
    return {
        "therapist": outsider_therapist,
        "admin": outsider_admin,
        "patient": outsider_patient.user,
    }


def leaked_markers(content: bytes) -> list[str]:
    text = content.decode("utf-8", errors="replace")
    return [marker for marker in A_MARKERS if marker.lower() in text.lower()]
