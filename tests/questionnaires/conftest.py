"""Helpers for the questionnaire tests: answers that score, and submitted histories."""

from datetime import datetime

import pytest
from django.utils import timezone

from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse

# Complete answers (linkId -> value) for instruments used in the tests.
NPRS = {"1": 7}
STARTBACK_LOW = {str(n): 0 for n in range(1, 10)}
# Spec 2.1 worked example 7: total 5, psychosocial 4 -> high.
STARTBACK_HIGH = dict(zip(map(str, range(1, 10)), (1, 0, 0, 0, 1, 1, 1, 0, 3), strict=True))
# Spec 2.1 worked example 2: total 4, psychosocial 0 -> medium.
STARTBACK_MEDIUM = dict(zip(map(str, range(1, 10)), (1, 1, 1, 1, 0, 0, 0, 0, 0), strict=True))
QBPDS_50 = {str(n): 2 if n <= 10 else 3 for n in range(1, 21)}
PSK_ACTIVITIES = {"1": "bukken", "2": "fietsen", "3": "Tuinieren"}
PSK_SCORES = {"1": 7, "2": 5, "3": 9}
GPE_MUCH_IMPROVED = {"1": 2}


def submitted(
    patient: Patient,
    instrument: str,
    answers: dict[str, int | None],
    *,
    when: datetime | None = None,
    activities: dict[str, str] | None = None,
    schedule_week: int | None = None,
) -> QuestionnaireResponse:
    """A submitted response, as if the patient filled it at ``when``."""
    when = when or timezone.now()
    assignment = Assignment.objects.create(
        patient=patient,
        instrument=instrument,
        due_on=timezone.localdate(when),
        source=Assignment.Source.THERAPIST if schedule_week is None else Assignment.Source.SCHEDULE,
        schedule_week=schedule_week,
    )
    response = QuestionnaireResponse.start(assignment, "nl")
    response.save_answers(answers, "nl", activities=activities)
    assert response.submit(response.submission_key)
    QuestionnaireResponse.objects.filter(pk=response.pk).update(submitted_at=when)
    Assignment.objects.filter(pk=assignment.pk).update(completed_at=when)
    response.refresh_from_db()
    return response


@pytest.fixture
def no_schedule(patient):
    """The patient without the automatically scheduled questionnaires."""
    Assignment.objects.filter(patient=patient).delete()
    return patient
