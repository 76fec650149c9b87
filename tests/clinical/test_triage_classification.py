"""Classification (triage.md §3) and stratification (§4): duration, pain type, STarT Back risk,
yellow flags and the care pathway."""

import pytest

from ruggensteun.clinical.triage import triage

# --- duration class ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "expected"),
    [(0, "acute"), (6, "acute"), (7, "subacute"), (12, "subacute"), (13, "chronic")],
)
def test_duration_class_boundaries(weeks, expected):
    assert triage({"duration_weeks": weeks, "recurrent": False}).duration_class == expected


def test_recurrent_pain_is_chronic_whatever_the_duration():
    assert triage({"duration_weeks": 1, "recurrent": True}).duration_class == "chronic"


def test_recurrent_pain_is_chronic_even_without_a_duration():
    assert triage({"recurrent": True}).duration_class == "chronic"


def test_more_than_12_weeks_is_chronic_even_with_open_recurrence():
    assert triage({"duration_weeks": 13}).duration_class == "chronic"


def test_a_short_episode_with_open_recurrence_cannot_be_classed():
    assert triage({"duration_weeks": 3}).duration_class is None


def test_a_new_episode_without_a_duration_cannot_be_classed():
    assert triage({"recurrent": False}).duration_class is None


# --- pain type ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "feature",
    [
        {"leg_pain_worse_than_back": True},
        {"leg_tingling_numbness": True},
        {"leg_weakness": "some"},
        {"leg_weakness": "severe"},
        {"pain_cough_sneeze": True},
    ],
)
def test_pain_below_the_knee_with_one_radicular_feature_is_radicular(feature):
    answers = {
        "leg_pain": "below_knee",
        "leg_pain_worse_than_back": False,
        "leg_tingling_numbness": False,
        "leg_weakness": "none",
        "pain_cough_sneeze": False,
    }
    assert triage({**answers, **feature}).pain_type == "radicular"


def test_pain_below_the_knee_with_one_feature_is_radicular_while_others_are_open():
    assert triage({"leg_pain": "below_knee", "pain_cough_sneeze": True}).pain_type == "radicular"


def test_pain_below_the_knee_without_any_feature_is_nonspecific():
    answers = {
        "leg_pain": "below_knee",
        "leg_pain_worse_than_back": False,
        "leg_tingling_numbness": False,
        "leg_weakness": "none",
        "pain_cough_sneeze": False,
    }
    assert triage(answers).pain_type == "nonspecific"


def test_buttock_and_thigh_pain_with_every_feature_is_still_nonspecific():
    answers = {
        "leg_pain": "buttock_thigh",
        "leg_pain_worse_than_back": True,
        "leg_tingling_numbness": True,
        "leg_weakness": "some",
        "pain_cough_sneeze": True,
    }
    assert triage(answers).pain_type == "nonspecific"


def test_back_pain_only_is_nonspecific_even_with_the_features_open():
    assert triage({"leg_pain": "none"}).pain_type == "nonspecific"


def test_pain_below_the_knee_with_the_features_open_cannot_be_typed():
    assert triage({"leg_pain": "below_knee", "leg_tingling_numbness": False}).pain_type is None


def test_open_leg_pain_with_a_radicular_feature_cannot_be_typed():
    assert triage({"leg_tingling_numbness": True}).pain_type is None


def test_open_leg_pain_without_any_radicular_feature_is_nonspecific():
    answers = {
        "leg_pain_worse_than_back": False,
        "leg_tingling_numbness": False,
        "leg_weakness": "none",
        "pain_cough_sneeze": False,
    }
    assert triage(answers).pain_type == "nonspecific"


# --- STarT Back risk ---------------------------------------------------------------------------


def test_startback_risk_is_null_without_startback():
    assert triage({}).startback_risk is None


@pytest.mark.parametrize(
    ("items", "risk"),
    [
        # instruments.md 2.1, worked examples 5, 6 and 7.
        ([1, 1, 1, 0, 0, 0, 0, 0, 2], "low"),
        ([1, 1, 0, 0, 1, 1, 1, 0, 2], "medium"),
        ([1, 0, 0, 0, 1, 1, 1, 0, 3], "high"),
    ],
)
def test_startback_risk_comes_from_the_instrument_scoring(items, risk):
    assert triage({}, startback=items).startback_risk == risk


# --- yellow flags ------------------------------------------------------------------------------

# TSK-17 raw answers, instruments.md 2.9 worked examples 5 and 7.
TSK_38 = [2] * 17
TSK_37 = [1] + [2] * 16


def fabq(pa: tuple[int, int, int, int] = (0, 0, 0, 0), w: tuple[int, ...] = (0,) * 7) -> list[int]:
    """16 FABQ answers with items 2-5 set to ``pa`` and items 6, 7, 9, 10, 11, 12, 15 to ``w``."""
    items = [0] * 16
    for number, value in zip((2, 3, 4, 5), pa, strict=True):
        items[number - 1] = value
    for number, value in zip((6, 7, 9, 10, 11, 12, 15), w, strict=True):
        items[number - 1] = value
    return items


def flags(answers: dict[str, object] | None = None, **questionnaires: object) -> dict:
    result = triage(answers or {}, **questionnaires)  # type: ignore[arg-type]
    return {flag.id: flag.values for flag in result.yellow_flags}


def test_tsk17_of_38_raises_fear_with_its_total():
    assert flags(tsk17=TSK_38) == {"fear": (("tsk17_total", 38),)}


def test_tsk17_of_37_raises_no_flag():
    assert flags(tsk17=TSK_37) == {}


def test_fabq_pa_of_15_raises_fear():
    assert flags(fabq=fabq(pa=(4, 4, 4, 3))) == {"fear": (("fabq_pa", 15),)}


def test_fabq_pa_of_14_raises_no_flag():
    assert flags(fabq=fabq(pa=(4, 4, 3, 3))) == {}


def test_fabq_w_of_35_raises_work():
    assert flags(fabq=fabq(w=(5,) * 7)) == {"work": (("fabq_w", 35),)}


def test_fabq_w_of_34_raises_no_flag():
    assert flags(fabq=fabq(w=(5, 5, 5, 5, 5, 5, 4))) == {}


def test_fabq_with_a_missing_subscale_item_raises_nothing_from_that_subscale():
    items: list[int | None] = list(fabq(pa=(6, 6, 6, 6), w=(6,) * 7))
    items[1] = None  # item 2, in the physical-activity subscale
    assert flags(fabq=items) == {"work": (("fabq_w", 42),)}


def test_recovery_expectation_of_4_raises_low_expectation():
    assert flags({"recovery_expectation": 4}) == {"low_expectation": (("recovery_expectation", 4),)}


def test_recovery_expectation_of_5_raises_no_flag():
    assert flags({"recovery_expectation": 5}) == {}


def test_sick_leave_raises_work():
    assert flags({"work_status": "sick_leave"}) == {"work": (("work_status", "sick_leave"),)}


def test_heavy_physical_work_raises_heavy_work():
    assert flags({"work_physical_load": "heavy"}) == {
        "heavy_work": (("work_physical_load", "heavy"),)
    }


@pytest.mark.parametrize("status", ["not_employed", "retired"])
def test_a_heavy_work_answer_left_from_before_no_work_raises_nothing(status):
    """The intake hides the question once the patient says they do not work; an answer
    given before that is not theirs any more (found by the property test that a class
    given with open questions stays when they are answered)."""
    assert flags({"work_status": status, "work_physical_load": "heavy"}) == {}


def test_moderate_physical_work_raises_no_flag():
    assert flags({"work_physical_load": "moderate", "work_status": "working"}) == {}


@pytest.mark.parametrize(
    ("item", "flag"),
    [(5, "fear"), (6, "anxiety"), (7, "catastrophising"), (8, "low_mood")],
)
def test_each_startback_psychosocial_item_raises_its_flag(item, flag):
    items = [0] * 9
    items[item - 1] = 1
    assert flags(startback=items) == {flag: ((f"startback_item_{item}", 1),)}


def test_startback_bothersomeness_raises_no_flag():
    assert flags(startback=[0, 0, 0, 0, 0, 0, 0, 0, 4]) == {}


def test_fear_shows_every_value_that_raised_it():
    raised = flags(tsk17=TSK_38, fabq=fabq(pa=(6, 6, 6, 6)), startback=[0, 0, 0, 0, 1, 0, 0, 0, 0])
    assert raised == {
        "fear": (("tsk17_total", 38), ("fabq_pa", 24), ("startback_item_5", 1)),
    }


def test_work_shows_both_values_that_raised_it():
    raised = flags({"work_status": "sick_leave"}, fabq=fabq(w=(6,) * 7))
    assert raised == {"work": (("fabq_w", 42), ("work_status", "sick_leave"))}


def test_yellow_flags_come_in_the_order_of_the_spec():
    result = triage(
        {"recovery_expectation": 0, "work_status": "sick_leave", "work_physical_load": "heavy"},
        startback=[0, 0, 0, 0, 1, 1, 1, 1, 0],
    )
    assert [flag.id for flag in result.yellow_flags] == [
        "fear",
        "catastrophising",
        "low_mood",
        "anxiety",
        "low_expectation",
        "work",
        "heavy_work",
    ]


# --- care pathway ------------------------------------------------------------------------------

LOW = [0] * 9
LOW_WITH_FEAR = [0, 0, 0, 0, 1, 0, 0, 0, 0]
LOW_WITH_FEAR_AND_ANXIETY = [0, 0, 0, 0, 1, 1, 0, 0, 0]
MEDIUM = [1, 1, 1, 1, 0, 0, 0, 0, 0]
HIGH = [1, 1, 1, 1, 1, 1, 1, 1, 4]
SETTLED = {"recovery_expectation": 8, "work_status": "working", "work_physical_load": "light"}


def pathway(answers: dict[str, object], startback: list[int] | None) -> str | None:
    return triage(answers, startback=startback).pathway


def test_pathway_is_null_without_startback():
    assert pathway(SETTLED, None) is None


def test_low_risk_without_yellow_flags_is_advice():
    assert pathway(SETTLED, LOW) == "advice"


def test_low_risk_with_one_yellow_flag_is_advice():
    assert pathway(SETTLED, LOW_WITH_FEAR) == "advice"


def test_low_risk_with_two_yellow_flags_is_exercise():
    assert pathway(SETTLED, LOW_WITH_FEAR_AND_ANXIETY) == "exercise"


def test_low_risk_with_flags_from_intake_answers_is_exercise():
    answers = {**SETTLED, "recovery_expectation": 2, "work_physical_load": "heavy"}
    assert pathway(answers, LOW) == "exercise"


def test_medium_risk_is_exercise_whatever_the_flags():
    assert pathway({}, MEDIUM) == "exercise"


def test_high_risk_is_psychologically_informed():
    assert pathway({}, HIGH) == "psychologically_informed"


def test_low_risk_with_one_flag_and_an_open_flag_question_cannot_be_decided():
    answers = {**SETTLED, "recovery_expectation": None}
    assert pathway(answers, LOW_WITH_FEAR) is None


def test_low_risk_with_no_flag_and_one_open_flag_question_is_still_advice():
    answers = {**SETTLED, "work_status": None}
    assert pathway(answers, LOW) == "advice"


def test_low_risk_with_no_flag_and_two_open_flag_questions_cannot_be_decided():
    answers = {**SETTLED, "work_status": None, "work_physical_load": None}
    assert pathway(answers, LOW) is None


def test_work_load_is_not_an_open_question_for_a_retired_patient():
    answers = {"recovery_expectation": 8, "work_status": "retired"}
    assert pathway(answers, LOW_WITH_FEAR) == "advice"


def test_work_load_is_an_open_question_for_a_student():
    answers = {"recovery_expectation": 8, "work_status": "student"}
    assert pathway(answers, LOW_WITH_FEAR) is None


def test_a_questionnaire_not_given_is_not_an_open_question():
    # TSK and FABQ are filled only at medium or high risk (triage.md §1).
    assert pathway(SETTLED, LOW_WITH_FEAR) == "advice"
