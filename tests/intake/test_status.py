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


def test_a_submitted_start_back_re_triages_and_gives_a_risk_group(patient):
    from ruggensteun.intake.models import TriageAssessment
    from ruggensteun.questionnaires import flow
    from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse

    Intake.objects.create(patient=patient, answers=calm_answers(), completed_at="2026-01-01T10:00Z")
    assessment.assess(patient, "intake")
    assert TriageAssessment.objects.latest_for(patient).summary["startback_risk"] is None

    assignment = Assignment.objects.for_patient(patient).get(
        instrument="startback", schedule_week=0
    )
    response = QuestionnaireResponse.start(assignment, "nl")
    items = {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 1, "9": 4}
    response.save_answers(items, "nl")
    assert flow.submit(response, str(response.submission_key))

    latest = TriageAssessment.objects.latest_for(patient)
    assert (latest.trigger, latest.summary["startback_risk"]) == ("questionnaire", "high")
    assert latest.summary["pathway"] == "psychologically_informed"


def test_a_changed_risk_group_proposes_a_changed_pathway(patient, therapist):
    from ruggensteun.intake.status import changed_proposal

    Intake.objects.create(patient=patient, answers=calm_answers())
    first = assessment.record(
        patient, "intake", *assessment_with(patient, startback=[0, 0, 0, 0, 0, 0, 0, 0, 0])
    )
    ClassificationDecision.objects.create(
        patient=patient,
        assessment=first,
        decided_by=therapist,
        duration_class="acute",
        pain_type="nonspecific",
        pathway="advice",
    )
    assert changed_proposal(patient) == {}
    assessment.record(
        patient, "questionnaire", *assessment_with(patient, startback=[1, 1, 1, 1, 1, 1, 1, 1, 4])
    )
    assert changed_proposal(patient) == {
        "pathway": ("advice", "psychologically_informed"),
        "startback_risk": ("low", "high"),
    }


def assessment_with(patient, *, startback):
    answers = assessment.triage_answers(patient, patient.intake)
    result = assessment.triage(answers, startback=startback)
    return result, {"answers": answers, "startback": startback}


def test_a_check_in_with_new_leg_weakness_raises_an_urgent_alert(patient):
    from ruggensteun.intake.assessment import assess_checkin

    Intake.objects.create(patient=patient, answers=calm_answers())
    assessment.assess(patient, "intake")
    quiet = {field: False for field in ("saddle_numbness", "bladder_problems", "fever")}
    assert assess_checkin(patient, quiet, weekly_pain=[3]).urgency == "none"
    worse = assess_checkin(patient, {**quiet, "weakness_worsening": True}, weekly_pain=[3, 3])
    assert (worse.trigger, worse.urgency) == ("checkin", "urgent")
    assert RedFlagAlert.objects.get(patient=patient).rule_id == "PARESIS"


def test_pain_not_easing_after_three_programme_weeks_is_a_routine_review(patient):
    # triage.md §2 NO_RECOVERY, revision 2: 3 weekly scores since the programme started.
    from ruggensteun.intake.assessment import assess_checkin

    Intake.objects.create(patient=patient, answers=calm_answers(duration_weeks=2, nprs=6))
    assessment.assess(patient, "intake")
    result = assess_checkin(patient, {}, weekly_pain=[6, 6, 6])
    assert "NO_RECOVERY" in result.rule_ids
    assert RedFlagAlert.objects.get(patient=patient, rule_id="NO_RECOVERY").urgency == "routine"
