"""The weekly check-in of revision 2 (triage.md §2 notes): CES in both forms, PARESIS,
INFECTION, MALIGNANCY, sudden severe pain and a new fall or accident."""

import pytest

from ruggensteun.clinical.triage import CHECKIN_FIELDS, TriageInputError, triage_checkin
from ruggensteun.clinical.triage.checkin import CHECKIN_RULES
from ruggensteun.clinical.triage.questions import load_intake_questions
from ruggensteun.clinical.triage.rules import RULES_BY_ID
from tests.clinical.test_triage_checkin import NOTHING_NEW
from tests.clinical.test_triage_rules import calm


def test_every_check_in_field_is_read_by_a_check_in_rule():
    read = {name for rule_id in CHECKIN_RULES for name in RULES_BY_ID[rule_id].reads}
    assert set(CHECKIN_FIELDS) <= read


def test_the_check_in_questions_are_exactly_the_check_in_fields_in_a_fixed_order():
    fields = [question.field for question in load_intake_questions().checkin_questions]
    assert fields == [
        "saddle_numbness",
        "bladder_problems",
        "bowel_incontinence",
        "leg_tingling_numbness",
        "both_legs_symptoms",
        "leg_weakness",
        "weakness_worsening",
        "sudden_severe_constant_pain",
        "fever",
        "history_of_cancer",
        "weight_loss",
        "constant_night_pain",
        "new_trauma",
    ]


def test_a_new_fall_or_accident_fires_fracture_major():
    result = triage_checkin({**NOTHING_NEW, "new_trauma": True}, calm())
    assert [rule.id for rule in result.rules] == ["FRACTURE_MAJOR"]
    assert result.urgency == "urgent"


def test_an_open_new_trauma_question_is_listed_in_the_check_in():
    checkin = {name: value for name, value in NOTHING_NEW.items() if name != "new_trauma"}
    result = triage_checkin(checkin, calm())
    assert result.unanswered == ("new_trauma",)
    assert not result.self_management_allowed


@pytest.mark.parametrize(("age", "rule_id"), [(41, "AAA"), (40, "SUDDEN_SEVERE")])
def test_sudden_severe_pain_in_the_check_in_fires_by_the_stored_age(age, rule_id):
    result = triage_checkin({**NOTHING_NEW, "sudden_severe_constant_pain": True}, calm(age=age))
    assert [rule.id for rule in result.rules] == [rule_id]


def test_sudden_severe_pain_in_the_check_in_with_no_known_age_is_urgent():
    result = triage_checkin({**NOTHING_NEW, "sudden_severe_constant_pain": True}, calm(age=None))
    assert [rule.id for rule in result.rules] == ["SUDDEN_SEVERE"]
    assert result.unanswered == ("age",)


@pytest.mark.parametrize(
    "signs",
    [{"leg_tingling_numbness": True}, {"leg_weakness": "some"}],
)
def test_symptoms_in_both_legs_with_tingling_or_weakness_fire_ces_bilateral(signs):
    # The intake answered "no leg pain": the check-in still asks everyone about both legs.
    checkin = {**NOTHING_NEW, "both_legs_symptoms": True, **signs}
    result = triage_checkin(checkin, calm(leg_pain="none"))
    assert "CES_BILATERAL" in [rule.id for rule in result.rules]
    assert result.urgency == "emergency"


def test_symptoms_in_both_legs_without_tingling_or_weakness_do_not_fire():
    result = triage_checkin({**NOTHING_NEW, "both_legs_symptoms": True}, calm())
    assert result.rules == ()


def test_tingling_in_one_leg_does_not_fire_ces_bilateral():
    checkin = {**NOTHING_NEW, "leg_tingling_numbness": True}
    intake = calm(leg_pain="below_knee", leg_pain_sides="one", painkillers_no_relief=False)
    assert "CES_BILATERAL" not in [rule.id for rule in triage_checkin(checkin, intake).rules]


def test_pain_in_both_legs_at_intake_still_counts_with_new_tingling():
    # Conservative: the intake's "both" is kept; a check-in "no" does not undo it.
    checkin = {**NOTHING_NEW, "leg_tingling_numbness": True}
    intake = calm(leg_pain="below_knee", leg_pain_sides="both", painkillers_no_relief=False)
    assert "CES_BILATERAL" in [rule.id for rule in triage_checkin(checkin, intake).rules]


def test_an_open_both_legs_question_is_listed():
    checkin = {name: value for name, value in NOTHING_NEW.items() if name != "both_legs_symptoms"}
    assert triage_checkin(checkin, calm()).unanswered == ("both_legs_symptoms",)


@pytest.mark.parametrize("weekly", [[], [7]])
def test_a_first_check_in_on_day_one_of_the_programme_fires_nothing_and_blocks_nothing(weekly):
    # Issue #10: 3 weeks of pain at intake; the first check-in comes on day 1 of the
    # programme, so nprs_weekly has no programme week or one.
    checkin = {**NOTHING_NEW, "nprs_weekly": weekly, "gpe_improved": False}
    result = triage_checkin(checkin, calm(duration_weeks=3, nprs=7))
    assert result.rules == ()
    assert result.self_management_allowed


def test_gpe_improved_must_be_true_or_false():
    with pytest.raises(TriageInputError) as caught:
        triage_checkin({**NOTHING_NEW, "gpe_improved": "yes"}, calm())
    assert caught.value.field == "gpe_improved"


def test_a_check_in_that_is_not_a_mapping_is_an_error():
    with pytest.raises(TriageInputError) as caught:
        triage_checkin([("fever", True)], calm())  # type: ignore[arg-type]
    assert caught.value.field == "checkin"
