"""The weekly check-in's short red-flag set, triaged together with the stored intake."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.triage import CHECKIN_FIELDS, TriageInputError, triage, triage_checkin
from ruggensteun.clinical.triage.urgency import rank
from tests.clinical.test_triage_rules import calm

NOTHING_NEW = {
    "both_legs_symptoms": False,
    "leg_tingling_numbness": False,
    "leg_weakness": "none",
    "weakness_worsening": False,
    "saddle_numbness": False,
    "bladder_problems": False,
    "bowel_incontinence": False,
    "fever": False,
    "history_of_cancer": False,
    "weight_loss": False,
    "constant_night_pain": False,
    "sudden_severe_constant_pain": False,
    "new_trauma": False,
}


def test_the_short_set_asks_the_ces_paresis_infection_and_malignancy_questions():
    # Revision 2: also CES_BILATERAL (both legs, tingling), sudden severe pain (AAA /
    # SUDDEN_SEVERE) and a new fall or accident (FRACTURE_MAJOR).
    assert set(CHECKIN_FIELDS) == {
        "both_legs_symptoms",
        "leg_tingling_numbness",
        "sudden_severe_constant_pain",
        "new_trauma",
        "saddle_numbness",
        "bladder_problems",
        "bowel_incontinence",
        "leg_weakness",
        "weakness_worsening",
        "fever",
        "history_of_cancer",
        "weight_loss",
        "constant_night_pain",
    }


def test_a_quiet_check_in_after_a_calm_intake_fires_nothing():
    result = triage_checkin(NOTHING_NEW, calm())
    assert result.urgency == "none"
    assert result.self_management_allowed


@pytest.mark.parametrize(
    ("new", "rule_id", "urgency"),
    [
        ({"bladder_problems": True}, "CES", "emergency"),
        ({"saddle_numbness": True}, "CES", "emergency"),
        ({"leg_weakness": "severe"}, "PARESIS", "urgent"),
        ({"weakness_worsening": True}, "PARESIS", "urgent"),
        ({"fever": True}, "INFECTION", "urgent"),
        ({"weight_loss": True}, "MALIGNANCY", "soon"),
        ({"history_of_cancer": True}, "MALIGNANCY", "soon"),
    ],
)
def test_a_new_flag_in_the_check_in_raises_the_same_result_as_at_intake(new, rule_id, urgency):
    result = triage_checkin({**NOTHING_NEW, **new}, calm())
    assert [rule.id for rule in result.rules] == [rule_id]
    assert result.urgency == urgency
    assert result == triage(calm(**new))


def test_the_check_in_uses_the_stored_age_and_leg_pain():
    intake = calm(age=58, recurrent=True, leg_pain="below_knee", leg_pain_sides="both")
    result = triage_checkin({**NOTHING_NEW, "leg_weakness": "some"}, intake)
    assert [rule.id for rule in result.rules] == ["CES_BILATERAL"]
    assert result.urgency == "emergency"


def test_a_new_soon_flag_with_a_soon_flag_from_intake_is_urgent():
    intake = calm(infection_risk=True)
    result = triage_checkin({**NOTHING_NEW, "weight_loss": True}, intake)
    assert [rule.id for rule in result.rules] == ["INFECTION_RISK", "MALIGNANCY"]
    assert result.urgency == "urgent"


def test_a_new_soon_flag_with_age_from_intake_stays_soon():
    intake = calm(age=58, recurrent=False)
    result = triage_checkin({**NOTHING_NEW, "weight_loss": True}, intake)
    assert [rule.id for rule in result.rules] == ["MALIGNANCY", "AGE"]
    assert result.urgency == "soon"


def test_an_open_check_in_question_is_unknown_even_after_a_no_at_intake():
    checkin = {name: value for name, value in NOTHING_NEW.items() if name != "fever"}
    result = triage_checkin(checkin, calm(fever=False))
    assert result.unanswered == ("fever",)
    assert not result.self_management_allowed


def test_a_symptom_gone_by_the_check_in_no_longer_fires():
    assert triage_checkin(NOTHING_NEW, calm(fever=True)).rules == ()


def test_a_history_of_cancer_from_intake_stays():
    result = triage_checkin(NOTHING_NEW, calm(history_of_cancer=True))
    assert [rule.id for rule in result.rules] == ["MALIGNANCY"]


def test_no_new_cancer_does_not_answer_an_open_history():
    result = triage_checkin(NOTHING_NEW, calm(history_of_cancer=None))
    assert result.unanswered == ("history_of_cancer",)


def test_weekly_scores_from_the_check_in_can_fire_no_recovery():
    checkin = {**NOTHING_NEW, "nprs_weekly": [6, 6, 6]}
    result = triage_checkin(checkin, calm(duration_weeks=2, nprs=6))
    assert [rule.id for rule in result.rules] == ["NO_RECOVERY"]
    assert result.urgency == "routine"


def test_an_improved_gpe_from_the_check_in_holds_no_recovery_back():
    checkin = {**NOTHING_NEW, "nprs_weekly": [6, 6, 6], "gpe_improved": True}
    assert triage_checkin(checkin, calm(duration_weeks=2, nprs=6)).rules == ()


def test_an_intake_question_outside_the_short_set_is_an_error_naming_it():
    with pytest.raises(TriageInputError) as caught:
        triage_checkin({**NOTHING_NEW, "age": 40}, calm())
    assert caught.value.field == "age"


def test_an_invalid_check_in_answer_is_an_error_naming_it():
    with pytest.raises(TriageInputError) as caught:
        triage_checkin({**NOTHING_NEW, "leg_weakness": "a bit"}, calm())
    assert caught.value.field == "leg_weakness"


@settings(max_examples=100, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            name: st.sampled_from(["none", "some", "severe"])
            if name == "leg_weakness"
            else st.booleans()
            for name in CHECKIN_FIELDS
        },
    ),
    st.sampled_from([name for name in CHECKIN_FIELDS if name != "leg_weakness"]),
    st.integers(15, 70),
)
def test_a_yes_in_the_check_in_never_lowers_the_urgency(checkin, question, age):
    intake = calm(age=age, leg_pain="below_knee", leg_pain_sides="one", painkillers_no_relief=False)
    before = triage_checkin(checkin, intake)
    after = triage_checkin({**checkin, question: True}, intake)
    assert rank(after.urgency) >= rank(before.urgency)
