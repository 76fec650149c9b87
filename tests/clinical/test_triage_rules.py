"""The red-flag rules of triage.md §2, each with both sides of each boundary."""

import pytest

from ruggensteun.clinical.triage import RULES, triage
from ruggensteun.clinical.triage.engine import SAFETY_FIELDS
from ruggensteun.clinical.triage.fields import Answers
from ruggensteun.clinical.triage.rules import RULES_BY_ID


def calm(**changes: object) -> dict[str, object]:
    """A 35-year-old with a new, short episode and no red flag; every safety question answered.

    A change of None removes the answer.
    """
    answers: dict[str, object] = {
        "age": 35,
        "sex": "female",
        "duration_weeks": 2,
        "recurrent": False,
        "leg_pain": "none",
        "leg_pain_worse_than_back": False,
        "leg_tingling_numbness": False,
        "leg_weakness": "none",
        "weakness_worsening": False,
        "pain_cough_sneeze": False,
        "saddle_numbness": False,
        "bladder_problems": False,
        "bowel_incontinence": False,
        "recent_spinal_procedure": False,
        "sudden_severe_constant_pain": False,
        "known_aortic_aneurysm": False,
        "fever": False,
        "infection_risk": False,
        "history_of_cancer": False,
        "weight_loss": False,
        "constant_night_pain": False,
        "major_trauma": False,
        "minor_trauma": False,
        "osteoporosis_or_steroids": False,
        "morning_stiffness_30min": False,
        "wakes_second_half_night": False,
        "better_with_movement": False,
        "alternating_buttock_pain": False,
        "nsaid_good_response": False,
        "spa_related_history": False,
        "walking_leg_pain_eased_by_sitting": False,
        "recovery_expectation": 8,
        "nprs": 6,
        "work_status": "working",
        "work_physical_load": "sedentary",
    }
    answers.update(changes)
    return {name: value for name, value in answers.items() if value is not None}


def fired(**changes: object) -> list[str]:
    return [rule.id for rule in triage(calm(**changes)).rules]


def test_the_calm_case_fires_nothing_and_leaves_nothing_open():
    result = triage(calm())
    assert result.urgency == "none"
    assert result.rules == ()
    assert result.unanswered == ()
    assert result.self_management_allowed
    assert not result.contact_gp_or_referrer


def test_rules_follow_the_order_of_the_rule_table():
    assert [rule.id for rule in RULES] == [
        "CES",
        "CES_BILATERAL",
        "AAA",
        "SUDDEN_SEVERE",
        "PARESIS",
        "OPIOID_RESISTANT",
        "INFECTION",
        "FRACTURE_MAJOR",
        "INFECTION_RISK",
        "MALIGNANCY",
        "AGE",
        "FRACTURE_OSTEO",
        "NO_RECOVERY",
        "PREGNANCY",
        "AXSPA",
        "STENOSIS",
    ]


@pytest.mark.parametrize(
    ("rule_id", "urgency"),
    [
        ("CES", "emergency"),
        ("CES_BILATERAL", "emergency"),
        ("AAA", "emergency"),
        ("SUDDEN_SEVERE", "urgent"),
        ("PARESIS", "urgent"),
        ("OPIOID_RESISTANT", "urgent"),
        ("INFECTION", "urgent"),
        ("FRACTURE_MAJOR", "urgent"),
        ("INFECTION_RISK", "soon"),
        ("MALIGNANCY", "soon"),
        ("AGE", "routine"),
        ("FRACTURE_OSTEO", "soon"),
        ("NO_RECOVERY", "routine"),
        ("PREGNANCY", "routine"),
        ("AXSPA", "routine"),
        ("STENOSIS", "routine"),
    ],
)
def test_each_rule_has_the_urgency_of_the_table(rule_id, urgency):
    assert {rule.id: rule.urgency for rule in RULES}[rule_id] == urgency


def test_every_rule_names_a_tagged_source():
    for rule in RULES:
        assert any(tag in rule.source for tag in ("[P]", "[S]", "[D]")), rule.id


def test_every_rule_has_patient_and_therapist_reasons_in_dutch_and_english():
    for rule in RULES:
        for reason in (rule.patient_reason, rule.therapist_reason):
            assert reason["nl"].strip() and reason["en"].strip(), rule.id
        assert rule.patient_reason["nl"] != rule.therapist_reason["nl"], rule.id


# --- CES --------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["saddle_numbness", "bladder_problems", "bowel_incontinence"])
def test_each_ces_symptom_fires_ces_as_emergency(field):
    result = triage(calm(**{field: True}))
    assert [rule.id for rule in result.rules] == ["CES"]
    assert result.urgency == "emergency"


@pytest.mark.parametrize("field", ["saddle_numbness", "bladder_problems", "bowel_incontinence"])
def test_one_ces_yes_fires_even_when_the_other_ces_questions_are_open(field):
    others = {
        name: None
        for name in ("saddle_numbness", "bladder_problems", "bowel_incontinence")
        if name != field
    }
    assert "CES" in fired(**others, **{field: True})


def test_bladder_problems_fire_ces_as_emergency():
    result = triage({"bladder_problems": True})
    assert result.urgency == "emergency"
    assert result.rules[0].id == "CES"
    assert result.rules[0].answers == (("bladder_problems", True),)


def test_open_ces_questions_do_not_fire_ces_but_are_listed():
    result = triage(calm(saddle_numbness=None, bladder_problems=None, bowel_incontinence=None))
    assert result.rules == ()
    assert result.unanswered == ("saddle_numbness", "bladder_problems", "bowel_incontinence")


# --- CES_BILATERAL ----------------------------------------------------------------------------


def test_both_legs_with_tingling_fire_ces_bilateral():
    assert fired(leg_pain="buttock_thigh", leg_pain_sides="both", leg_tingling_numbness=True) == [
        "CES_BILATERAL"
    ]


def test_both_legs_with_some_weakness_fire_ces_bilateral():
    assert fired(leg_pain="below_knee", leg_pain_sides="both", leg_weakness="some") == [
        "CES_BILATERAL"
    ]


def test_both_legs_with_severe_weakness_fire_ces_bilateral_and_paresis():
    assert fired(leg_pain="below_knee", leg_pain_sides="both", leg_weakness="severe") == [
        "CES_BILATERAL",
        "PARESIS",
    ]


def test_one_leg_with_tingling_and_weakness_does_not_fire_ces_bilateral():
    rules = fired(
        leg_pain="below_knee", leg_pain_sides="one", leg_tingling_numbness=True, leg_weakness="some"
    )
    assert "CES_BILATERAL" not in rules


def test_both_legs_without_tingling_or_weakness_do_not_fire_ces_bilateral():
    assert fired(leg_pain="below_knee", leg_pain_sides="both") == []


def test_both_legs_with_tingling_fire_even_when_weakness_is_open():
    assert "CES_BILATERAL" in fired(
        leg_pain="below_knee", leg_pain_sides="both", leg_tingling_numbness=True, leg_weakness=None
    )


def test_both_legs_with_open_tingling_and_no_weakness_do_not_fire():
    result = triage(calm(leg_pain="below_knee", leg_pain_sides="both", leg_tingling_numbness=None))
    assert result.rules == ()
    assert "leg_tingling_numbness" in result.unanswered


def test_tingling_without_a_known_side_does_not_fire_ces_bilateral():
    result = triage(calm(leg_pain="below_knee", leg_tingling_numbness=True))
    assert "CES_BILATERAL" not in [rule.id for rule in result.rules]
    assert "leg_pain_sides" in result.unanswered


# --- AAA --------------------------------------------------------------------------------------


def test_sudden_constant_pain_at_41_fires_aaa_as_emergency():
    # NHG M54 2017 [P]: "leeftijd > 40 jaar" (revision 2; was > 50).
    result = triage(calm(age=41, sudden_severe_constant_pain=True))
    assert [rule.id for rule in result.rules] == ["AAA"]
    assert result.urgency == "emergency"


def test_sudden_constant_pain_at_48_fires_aaa():
    # The case of the clinical review (finding 1): urgency was "none".
    assert fired(age=48, sudden_severe_constant_pain=True) == ["AAA"]


def test_sudden_constant_pain_at_40_fires_sudden_severe_not_aaa():
    result = triage(calm(age=40, sudden_severe_constant_pain=True))
    assert [rule.id for rule in result.rules] == ["SUDDEN_SEVERE"]
    assert result.urgency == "urgent"
    assert not result.self_management_allowed


def test_sudden_constant_pain_with_a_known_aneurysm_fires_aaa_at_any_age():
    assert fired(age=30, sudden_severe_constant_pain=True, known_aortic_aneurysm=True) == ["AAA"]


def test_a_known_aneurysm_without_sudden_pain_does_not_fire_aaa():
    assert fired(age=70, recurrent=True, known_aortic_aneurysm=True) == []


def test_sudden_pain_with_open_age_and_no_aneurysm_fires_sudden_severe_and_lists_age():
    result = triage(calm(age=None, sudden_severe_constant_pain=True))
    assert [rule.id for rule in result.rules] == ["SUDDEN_SEVERE"]
    assert result.urgency == "urgent"
    assert result.unanswered == ("age",)


def test_sudden_pain_with_open_age_and_open_aneurysm_fires_sudden_severe():
    result = triage(calm(age=None, known_aortic_aneurysm=None, sudden_severe_constant_pain=True))
    assert [rule.id for rule in result.rules] == ["SUDDEN_SEVERE"]
    assert result.unanswered == ("age", "known_aortic_aneurysm")


def test_sudden_pain_with_open_age_fires_aaa_on_a_known_aneurysm():
    assert fired(age=None, sudden_severe_constant_pain=True, known_aortic_aneurysm=True) == ["AAA"]


def test_no_sudden_pain_fires_neither():
    assert fired(age=70, recurrent=True, sudden_severe_constant_pain=False) == []


def test_open_sudden_pain_fires_neither_but_is_listed():
    result = triage(calm(age=41, sudden_severe_constant_pain=None))
    assert result.rules == ()
    assert result.unanswered == ("sudden_severe_constant_pain",)


# --- PARESIS ----------------------------------------------------------------------------------


def test_severe_weakness_fires_paresis_as_urgent():
    result = triage(calm(leg_weakness="severe"))
    assert [rule.id for rule in result.rules] == ["PARESIS"]
    assert result.urgency == "urgent"


def test_worsening_weakness_fires_paresis():
    assert fired(leg_weakness="some", weakness_worsening=True) == ["PARESIS"]


def test_some_stable_weakness_does_not_fire_paresis():
    assert fired(leg_weakness="some") == []


# --- OPIOID_RESISTANT -------------------------------------------------------------------------


@pytest.mark.parametrize("leg_pain", ["buttock_thigh", "below_knee"])
def test_leg_pain_not_relieved_by_opioids_fires_as_urgent(leg_pain):
    result = triage(calm(leg_pain=leg_pain, leg_pain_sides="one", painkillers_no_relief=True))
    assert [rule.id for rule in result.rules] == ["OPIOID_RESISTANT"]
    assert result.urgency == "urgent"


def test_painkillers_no_relief_without_leg_pain_does_not_fire():
    assert fired(leg_pain="none", painkillers_no_relief=True) == []


def test_painkillers_no_relief_with_open_leg_pain_does_not_fire_but_blocks():
    result = triage(calm(leg_pain=None, painkillers_no_relief=True))
    assert result.rules == ()
    assert "leg_pain" in result.unanswered
    assert not result.self_management_allowed


# --- INFECTION, FRACTURE_MAJOR, INFECTION_RISK ------------------------------------------------


def test_fever_fires_infection_as_urgent():
    result = triage(calm(fever=True))
    assert [rule.id for rule in result.rules] == ["INFECTION"]
    assert result.urgency == "urgent"


def test_major_trauma_fires_fracture_major_as_urgent():
    result = triage(calm(major_trauma=True))
    assert [rule.id for rule in result.rules] == ["FRACTURE_MAJOR"]
    assert result.urgency == "urgent"


@pytest.mark.parametrize("field", ["infection_risk", "recent_spinal_procedure"])
def test_an_infection_risk_without_fever_fires_infection_risk_as_soon(field):
    result = triage(calm(**{field: True}))
    assert [rule.id for rule in result.rules] == ["INFECTION_RISK"]
    assert result.urgency == "soon"


def test_an_infection_risk_with_fever_fires_infection_only():
    # triage.md §2 (revision 2): INFECTION_RISK fires when fever is not yes.
    result = triage(calm(infection_risk=True, fever=True))
    assert result.urgency == "urgent"
    assert [rule.id for rule in result.rules] == ["INFECTION"]


def test_an_infection_risk_with_no_fever_fires_infection_risk():
    result = triage(calm(infection_risk=True, fever=False))
    assert [rule.id for rule in result.rules] == ["INFECTION_RISK"]
    assert dict(result.rules[0].answers)["fever"] is False


def test_an_infection_risk_with_open_fever_still_fires_and_lists_fever():
    result = triage(calm(recent_spinal_procedure=True, fever=None))
    assert [rule.id for rule in result.rules] == ["INFECTION_RISK"]
    assert result.unanswered == ("fever",)


# --- MALIGNANCY -------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["history_of_cancer", "weight_loss", "constant_night_pain"])
def test_each_malignancy_feature_fires_malignancy_as_soon(field):
    result = triage(calm(**{field: True}))
    assert [rule.id for rule in result.rules] == ["MALIGNANCY"]
    assert result.urgency == "soon"


# --- AGE --------------------------------------------------------------------------------------


def test_a_new_episode_at_51_fires_age_as_routine():
    # KNGF 2021 B.1.3 [P]: alone, age predicts little (revision 2; was "soon").
    result = triage(calm(age=51, recurrent=False))
    assert [rule.id for rule in result.rules] == ["AGE"]
    assert result.urgency == "routine"
    assert result.self_management_allowed


def test_a_new_episode_at_50_does_not_fire_age():
    assert fired(age=50, recurrent=False) == []


def test_a_recurrent_episode_at_51_does_not_fire_age():
    assert fired(age=51, recurrent=True) == []


def test_age_19_fires_age():
    assert fired(age=19) == ["AGE"]


def test_age_20_does_not_fire_age():
    assert fired(age=20) == []


def test_under_20_fires_age_even_when_recurrent():
    assert fired(age=19, recurrent=True) == ["AGE"]


def test_over_50_with_open_recurrence_does_not_fire_age_and_is_not_a_safety_question():
    result = triage(calm(age=51, recurrent=None))
    assert result.rules == ()
    assert result.unanswered == ()


def test_age_with_one_soon_rule_is_not_raised_to_urgent():
    # The review's case (finding 4): 55, new episode, past cancer was "urgent".
    result = triage(calm(age=55, recurrent=False, history_of_cancer=True))
    assert [rule.id for rule in result.rules] == ["MALIGNANCY", "AGE"]
    assert (result.urgency, result.escalated) == ("soon", False)


# --- FRACTURE_OSTEO ---------------------------------------------------------------------------


def test_osteoporosis_with_minor_trauma_fires_fracture_osteo():
    result = triage(calm(osteoporosis_or_steroids=True, minor_trauma=True))
    assert [rule.id for rule in result.rules] == ["FRACTURE_OSTEO"]
    assert result.urgency == "soon"


def test_osteoporosis_at_61_fires_fracture_osteo():
    assert fired(age=61, recurrent=True, osteoporosis_or_steroids=True) == ["FRACTURE_OSTEO"]


def test_osteoporosis_at_60_without_trauma_does_not_fire():
    assert fired(age=60, recurrent=True, osteoporosis_or_steroids=True) == []


def test_minor_trauma_at_61_without_osteoporosis_does_not_fire():
    assert fired(age=61, recurrent=True, minor_trauma=True) == []


# --- NO_RECOVERY ------------------------------------------------------------------------------


def test_no_weekly_score_never_fires_no_recovery():
    assert fired(duration_weeks=2, nprs=8) == []


def test_three_programme_weeks_without_a_two_point_fall_fire_no_recovery_as_routine():
    result = triage(calm(duration_weeks=3, nprs=6, nprs_weekly=[6, 6, 5]))
    assert [rule.id for rule in result.rules] == ["NO_RECOVERY"]
    assert result.urgency == "routine"
    assert result.self_management_allowed


def test_two_programme_weeks_do_not_fire_no_recovery():
    assert fired(duration_weeks=3, nprs=6, nprs_weekly=[6, 6]) == []


@pytest.mark.parametrize("weekly", [[], [7]])
def test_a_first_check_in_on_day_one_of_the_programme_blocks_nothing(weekly):
    # The story of issue #10: 3 weeks of pain at intake, the first check-in comes on day 1
    # of the programme (no programme week scored yet, or one).
    result = triage(calm(duration_weeks=3, nprs=7, nprs_weekly=weekly))
    assert "NO_RECOVERY" not in [rule.id for rule in result.rules]
    assert result.self_management_allowed


def test_a_chronic_patient_never_fires_no_recovery():
    # The review's case (finding 3): 52 weeks of pain fired it at the first check-in.
    assert fired(duration_weeks=52, nprs=6, nprs_weekly=[6]) == []
    assert fired(duration_weeks=52, nprs=6, nprs_weekly=[6, 6, 6, 6]) == []


def test_an_episode_of_six_weeks_at_intake_counts_and_seven_does_not():
    assert fired(duration_weeks=6, nprs=6, nprs_weekly=[6, 6, 6]) == ["NO_RECOVERY"]
    assert fired(duration_weeks=7, nprs=6, nprs_weekly=[6, 6, 6]) == []


def test_a_fall_of_exactly_two_points_counts_as_recovery():
    assert fired(duration_weeks=6, nprs=6, nprs_weekly=[6, 6, 4]) == []


def test_a_fall_of_one_point_fires_no_recovery():
    assert fired(duration_weeks=6, nprs=6, nprs_weekly=[6, 6, 5]) == ["NO_RECOVERY"]


def test_worse_pain_fires_no_recovery():
    assert fired(duration_weeks=6, nprs=3, nprs_weekly=[5, 6, 7]) == ["NO_RECOVERY"]


def test_only_the_latest_weekly_score_counts():
    assert fired(duration_weeks=6, nprs=6, nprs_weekly=[2, 2, 6]) == ["NO_RECOVERY"]
    assert fired(duration_weeks=6, nprs=6, nprs_weekly=[7, 7, 4]) == []


def test_a_gpe_of_much_improved_holds_no_recovery_back():
    assert fired(duration_weeks=3, nprs=6, nprs_weekly=[6, 6, 6], gpe_improved=True) == []
    assert fired(duration_weeks=3, nprs=6, nprs_weekly=[6, 6, 6], gpe_improved=False) == [
        "NO_RECOVERY"
    ]


def test_open_intake_pain_holds_no_recovery_back_and_is_not_a_safety_question():
    result = triage(calm(duration_weeks=6, nprs=None, nprs_weekly=[9, 9, 9]))
    assert result.rules == ()
    assert result.unanswered == ()


def test_open_duration_holds_no_recovery_back():
    result = triage(calm(duration_weeks=None, nprs=6, nprs_weekly=[6, 6, 6]))
    assert result.rules == ()
    assert result.unanswered == ()


# --- PREGNANCY --------------------------------------------------------------------------------


def test_pregnancy_fires_pregnancy_as_routine_and_does_not_block():
    result = triage(calm(pregnant=True))
    assert [rule.id for rule in result.rules] == ["PREGNANCY"]
    assert result.urgency == "routine"
    assert result.self_management_allowed


@pytest.mark.parametrize("pregnant", [False, None])
def test_not_pregnant_or_not_asked_fires_nothing_and_is_not_listed(pregnant):
    result = triage(calm(pregnant=pregnant))
    assert result.rules == ()
    assert result.unanswered == ()


# --- AXSPA ------------------------------------------------------------------------------------

FOUR_FEATURES = {
    "wakes_second_half_night": True,
    "alternating_buttock_pain": True,
    "better_with_movement": True,
    "nsaid_good_response": True,
}
THREE_FEATURES = {
    "wakes_second_half_night": True,
    "better_with_movement": True,
    "morning_stiffness_30min": True,
}


def test_four_features_with_onset_at_40_and_13_weeks_fire_axspa_as_routine():
    result = triage(calm(age=40, duration_weeks=13, recurrent=True, **FOUR_FEATURES))
    assert [rule.id for rule in result.rules] == ["AXSPA"]
    assert result.urgency == "routine"


def test_three_features_with_onset_at_40_do_not_fire_axspa():
    assert fired(age=40, duration_weeks=13, recurrent=True, **THREE_FEATURES) == []


def test_twelve_weeks_do_not_fire_axspa():
    assert fired(age=40, duration_weeks=12, **FOUR_FEATURES) == []


def test_onset_just_before_45_fires_axspa():
    # 105 weeks is 2.01 years: onset at 44.99.
    assert fired(age=47, duration_weeks=105, recurrent=True, **FOUR_FEATURES) == ["AXSPA"]


def test_onset_just_after_45_does_not_fire_axspa():
    # 104 weeks is 1.99 years: onset at 45.01.
    assert fired(age=47, duration_weeks=104, recurrent=True, **FOUR_FEATURES) == []


def test_onset_at_exactly_45_does_not_fire_axspa():
    # 1461 weeks is exactly 28 years of 365.25 days: onset at 45.
    assert fired(age=73, duration_weeks=1461, recurrent=True, **FOUR_FEATURES) == []
    assert fired(age=72, duration_weeks=1461, recurrent=True, **FOUR_FEATURES) == ["AXSPA"]


def test_onset_at_exactly_35_does_not_count_as_a_feature():
    assert fired(age=63, duration_weeks=1461, recurrent=True, **THREE_FEATURES) == []
    assert fired(age=62, duration_weeks=1461, recurrent=True, **THREE_FEATURES) == ["AXSPA"]


def test_onset_just_before_35_counts_as_a_feature():
    assert fired(age=37, duration_weeks=105, recurrent=True, **THREE_FEATURES) == ["AXSPA"]


def test_onset_just_after_35_does_not_count_as_a_feature():
    assert fired(age=37, duration_weeks=104, recurrent=True, **THREE_FEATURES) == []


def test_spa_history_and_morning_stiffness_count_as_features():
    features = {
        "spa_related_history": True,
        "morning_stiffness_30min": True,
        "nsaid_good_response": True,
        "alternating_buttock_pain": True,
    }
    assert fired(age=40, duration_weeks=13, recurrent=True, **features) == ["AXSPA"]


def test_three_features_with_one_open_leave_axspa_undecided_until_answered():
    answers = calm(age=40, duration_weeks=13, recurrent=True, nsaid_good_response=None)
    answers.update(THREE_FEATURES)
    axspa = RULES_BY_ID["AXSPA"]
    assert axspa.condition(Answers.check(answers)) is None
    assert axspa.fires(Answers.check({**answers, "nsaid_good_response": True}))
    assert axspa.condition(Answers.check({**answers, "nsaid_good_response": False})) is False


def test_three_features_and_open_ones_do_not_fire_axspa():
    assert (
        fired(
            age=40,
            duration_weeks=13,
            recurrent=True,
            nsaid_good_response=None,
            spa_related_history=None,
            **THREE_FEATURES,
        )
        == []
    )


# --- STENOSIS ---------------------------------------------------------------------------------


def test_neurogenic_claudication_at_51_fires_stenosis_as_routine():
    result = triage(calm(age=51, recurrent=True, walking_leg_pain_eased_by_sitting=True))
    assert [rule.id for rule in result.rules] == ["STENOSIS"]
    assert result.urgency == "routine"


def test_neurogenic_claudication_at_50_does_not_fire_stenosis():
    assert fired(age=50, walking_leg_pain_eased_by_sitting=True) == []


# --- urgency ----------------------------------------------------------------------------------


def test_two_soon_rules_together_are_raised_to_urgent():
    result = triage(calm(weight_loss=True, infection_risk=True))
    assert [rule.id for rule in result.rules] == ["INFECTION_RISK", "MALIGNANCY"]
    assert result.urgency == "urgent"
    assert result.escalated


def test_one_soon_rule_stays_soon():
    result = triage(calm(weight_loss=True))
    assert result.urgency == "soon"
    assert not result.escalated


def test_soon_with_routine_stays_soon():
    result = triage(
        calm(weight_loss=True, age=51, recurrent=True, walking_leg_pain_eased_by_sitting=True)
    )
    assert [rule.id for rule in result.rules] == ["MALIGNANCY", "STENOSIS"]
    assert result.urgency == "soon"


def test_an_emergency_with_two_soon_rules_stays_an_emergency_without_escalation():
    result = triage(calm(bladder_problems=True, weight_loss=True, infection_risk=True))
    assert result.urgency == "emergency"
    assert not result.escalated


def test_urgent_and_emergency_together_give_emergency():
    result = triage(calm(fever=True, bowel_incontinence=True))
    assert [rule.id for rule in result.rules] == ["CES", "INFECTION"]
    assert result.urgency == "emergency"


def test_three_soon_rules_are_urgent():
    result = triage(
        calm(
            weight_loss=True, infection_risk=True, minor_trauma=True, osteoporosis_or_steroids=True
        )
    )
    assert [rule.id for rule in result.rules] == [
        "INFECTION_RISK",
        "MALIGNANCY",
        "FRACTURE_OSTEO",
    ]
    assert result.urgency == "urgent"


def test_age_does_not_count_towards_two_soon_rules():
    # AGE is routine (KNGF 2021 B.1.3 [P]); only "soon" rules are counted.
    result = triage(calm(age=65, recurrent=False, infection_risk=True))
    assert [rule.id for rule in result.rules] == ["INFECTION_RISK", "AGE"]
    assert (result.urgency, result.escalated) == ("soon", False)


def test_any_fired_rule_says_contact_the_gp_or_referrer():
    assert triage(
        calm(age=51, recurrent=True, walking_leg_pain_eased_by_sitting=True)
    ).contact_gp_or_referrer
    assert not triage(calm()).contact_gp_or_referrer


def test_a_fired_rule_shows_the_answers_it_read():
    result = triage(calm(age=72, sudden_severe_constant_pain=True, known_aortic_aneurysm=None))
    (aaa, *_) = result.rules
    assert aaa.id == "AAA"
    assert aaa.answers == (("sudden_severe_constant_pain", True), ("age", 72))


# --- unanswered and self-management -----------------------------------------------------------


def test_an_empty_intake_lists_every_safety_question_in_field_order():
    # Revision 2: duration_weeks, recurrent and nprs are read only by routine rules now
    # (AGE, NO_RECOVERY); new_trauma and both_legs_symptoms are check-in questions.
    assert triage({}).unanswered == (
        "age",
        "leg_pain",
        "leg_pain_sides",
        "leg_tingling_numbness",
        "leg_weakness",
        "weakness_worsening",
        "saddle_numbness",
        "bladder_problems",
        "bowel_incontinence",
        "recent_spinal_procedure",
        "sudden_severe_constant_pain",
        "known_aortic_aneurysm",
        "fever",
        "infection_risk",
        "history_of_cancer",
        "weight_loss",
        "constant_night_pain",
        "major_trauma",
        "minor_trauma",
        "osteoporosis_or_steroids",
        "painkillers_no_relief",
    )


def test_safety_fields_are_exactly_those_read_by_emergency_urgent_and_soon_rules():
    read = {
        name
        for rule in RULES
        if rule.urgency in ("emergency", "urgent", "soon")
        for name in rule.reads
    }
    assert set(SAFETY_FIELDS) == read - {"nprs_weekly", "gpe_improved"}


def test_no_leg_pain_closes_the_leg_pain_questions():
    result = triage(calm(leg_pain="none", leg_pain_sides=None, painkillers_no_relief=None))
    assert result.unanswered == ()


def test_leg_pain_keeps_the_leg_pain_questions_open():
    result = triage(calm(leg_pain="buttock_thigh"))
    assert result.unanswered == ("leg_pain_sides", "painkillers_no_relief")


def test_open_leg_pain_keeps_the_leg_pain_questions_open():
    result = triage(calm(leg_pain=None))
    assert result.unanswered == ("leg_pain", "leg_pain_sides", "painkillers_no_relief")


def test_questions_no_urgent_rule_reads_are_never_listed():
    open_answers = calm(
        sex=None,
        morning_stiffness_30min=None,
        spa_related_history=None,
        walking_leg_pain_eased_by_sitting=None,
        recovery_expectation=None,
        work_status=None,
        work_physical_load=None,
        leg_pain_worse_than_back=None,
        pain_cough_sneeze=None,
    )
    assert triage(open_answers).unanswered == ()


def test_none_counts_as_unanswered():
    answers = calm()
    answers["fever"] = None
    assert triage(answers).unanswered == ("fever",)


def test_an_open_safety_question_blocks_self_management():
    result = triage(calm(weight_loss=None))
    assert result.self_management_blocked_by == ("unanswered",)
    assert not result.self_management_allowed
    assert result.unanswered_note is not None


@pytest.mark.parametrize(
    ("changes", "blocked_by"),
    [
        ({"saddle_numbness": True}, ("emergency",)),
        ({"fever": True}, ("urgent",)),
        ({"weight_loss": True, "infection_risk": True}, ("urgent",)),
        ({"weight_loss": True}, ("soon",)),
        ({"age": 51, "recurrent": True, "walking_leg_pain_eased_by_sitting": True}, ()),
        ({}, ()),
        ({"fever": True, "history_of_cancer": None}, ("urgent", "unanswered")),
    ],
)
def test_emergency_urgent_soon_and_open_questions_block_self_management(changes, blocked_by):
    result = triage(calm(**changes))
    assert result.self_management_blocked_by == blocked_by
    assert result.self_management_allowed == (blocked_by == ())


# --- advice -----------------------------------------------------------------------------------


def test_emergency_advice_names_the_gp_the_out_of_hours_service_and_112():
    advice = triage(calm(bladder_problems=True)).advice.patient
    assert "huisarts" in advice["nl"] and "huisartsenpost" in advice["nl"] and "112" in advice["nl"]
    assert "GP" in advice["en"] and "112" in advice["en"]


def test_emergency_advice_sends_sudden_belly_or_back_pain_to_112_before_the_gp():
    # Clinical review finding 2: an AAA must not be sent to the GP first.
    advice = triage(calm(age=60, sudden_severe_constant_pain=True)).advice.patient
    assert advice["nl"].index("112") < advice["nl"].index("huisarts")
    assert "buik" in advice["nl"] and "belly" in advice["en"]
    assert "alleen" not in advice["nl"]


def test_urgent_advice_says_today_and_soon_advice_says_keep_moving():
    assert "vandaag" in triage(calm(fever=True)).advice.patient["nl"]
    soon = triage(calm(weight_loss=True)).advice.patient
    assert "bewegen" in soon["nl"] and "moving" in soon["en"]


def test_each_urgency_has_its_own_advice():
    cases = [
        calm(bladder_problems=True),
        calm(fever=True),
        calm(weight_loss=True),
        calm(age=51, recurrent=True, walking_leg_pain_eased_by_sitting=True),
        calm(),
    ]
    results = [triage(case) for case in cases]
    assert [result.urgency for result in results] == [
        "emergency",
        "urgent",
        "soon",
        "routine",
        "none",
    ]
    assert len({result.advice.patient["nl"] for result in results}) == 5
    assert len({result.advice.patient["en"] for result in results}) == 5
