from ruggensteun.intake import assessment
from ruggensteun.intake.models import ClassificationDecision, Intake, RedFlagAlert
from ruggensteun.intake.status import current_classification, programme_clearance
from tests.intake.test_triage_workspace import calm_answers


def test_no_programme_before_the_intake(patient):
    assert not programme_clearance(patient).allowed


def test_a_calm_intake_clears_the_programme(patient):
    Intake.objects.create(patient=patient, answers=calm_answers())
    assessment.assess(patient, "intake")
    assert programme_clearance(patient).allowed


def test_an_open_safety_question_holds_the_programme(patient):
    answers = calm_answers()
    del answers["fever"]
    Intake.objects.create(patient=patient, answers=answers)
    assessment.assess(patient, "intake")
    assert not programme_clearance(patient).allowed


def test_a_soon_flag_holds_the_programme_until_a_therapist_handled_it(patient, therapist):
    Intake.objects.create(patient=patient, answers=calm_answers(weight_loss=True))
    assessment.assess(patient, "intake")
    assert not programme_clearance(patient).allowed
    RedFlagAlert.objects.filter(patient=patient).update(
        handled_at="2026-01-01T10:00Z", handled_by=therapist, action="referred_gp"
    )
    assert programme_clearance(patient).allowed


def test_a_routine_flag_does_not_hold_the_programme(patient):
    Intake.objects.create(patient=patient, answers=calm_answers())
    patient.date_of_birth = patient.date_of_birth.replace(year=1960)
    patient.save()
    intake = patient.intake
    intake.answers = {
        **intake.answers,
        "walking_leg_pain_eased_by_sitting": True,
        "recurrent": True,
    }
    intake.save()
    result = assessment.assess(patient, "intake")
    assert result.rule_ids == ["STENOSIS"]
    assert programme_clearance(patient).allowed


def test_the_therapists_decision_is_the_classification_in_force(patient, therapist):
    Intake.objects.create(patient=patient, answers=calm_answers())
    triaged = assessment.assess(patient, "intake")
    proposed = current_classification(patient)
    assert (proposed.duration_class, proposed.confirmed) == ("acute", False)
    ClassificationDecision.objects.create(
        patient=patient,
        assessment=triaged,
        decided_by=therapist,
        duration_class="chronic",
        pain_type="nonspecific",
        pathway="exercise",
        reason="Vaak terugkerend",
    )
    confirmed = current_classification(patient)
    assert (confirmed.duration_class, confirmed.pathway, confirmed.confirmed) == (
        "chronic",
        "exercise",
        True,
    )
