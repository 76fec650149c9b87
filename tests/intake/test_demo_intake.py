"""The demo's intake pain score is the intake set's NPRS, as in a real intake (the same
question is asked once: intake.flow.REUSED_IN_QUESTIONNAIRES)."""

from io import StringIO

from django.core.management import call_command

from ruggensteun.intake.models import Intake
from ruggensteun.questionnaires.models import QuestionnaireResponse


def test_the_demo_intake_pain_is_the_baseline_nprs(db):
    call_command("demo", stdout=StringIO())
    baselines = QuestionnaireResponse.objects.filter(
        instrument="nprs",
        assignment__schedule_week=0,
        status=QuestionnaireResponse.Status.SUBMITTED,
    )
    assert baselines.count() >= 10
    for nprs in baselines:
        intake = Intake.objects.get(patient=nprs.patient)
        assert intake.answers["nprs"] == nprs.answers["1"], nprs.patient
        assert nprs.answered_in == QuestionnaireResponse.AnsweredIn.INTAKE
    # The values differ between patients: not the one calm default for everyone.
    assert len({nprs.answers["1"] for nprs in baselines}) > 1
