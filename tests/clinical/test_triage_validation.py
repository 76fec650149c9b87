"""Input checks: every answer must fit its field of triage.md §1, and an error names the field."""

import pytest

from ruggensteun.clinical.triage import FIELDS, TriageInputError, triage


def error_for(answers: dict[str, object], **questionnaires: object) -> TriageInputError:
    with pytest.raises(TriageInputError) as caught:
        triage(answers, **questionnaires)  # type: ignore[arg-type]
    return caught.value


def test_the_field_table_has_every_field_of_the_spec_in_order():
    # Revision 2 adds pregnant (§1), new_trauma (§2 notes) and gpe_improved (NO_RECOVERY);
    # both_legs_symptoms is the check-in's question for CES_BILATERAL (README).
    assert [field.name for field in FIELDS] == [
        "age",
        "sex",
        "duration_weeks",
        "recurrent",
        "leg_pain",
        "leg_pain_sides",
        "both_legs_symptoms",
        "leg_pain_worse_than_back",
        "leg_tingling_numbness",
        "leg_weakness",
        "weakness_worsening",
        "pain_cough_sneeze",
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
        "new_trauma",
        "minor_trauma",
        "osteoporosis_or_steroids",
        "pregnant",
        "painkillers_no_relief",
        "morning_stiffness_30min",
        "wakes_second_half_night",
        "better_with_movement",
        "alternating_buttock_pain",
        "nsaid_good_response",
        "spa_related_history",
        "walking_leg_pain_eased_by_sitting",
        "recovery_expectation",
        "nprs",
        "nprs_weekly",
        "gpe_improved",
        "work_status",
        "work_physical_load",
    ]


@pytest.mark.parametrize("field", ["new_trauma", "both_legs_symptoms"])
def test_a_check_in_only_field_at_intake_is_an_error_naming_it(field):
    error = error_for({field: True})
    assert error.field == field
    assert "check-in" in str(error)


def test_an_unknown_field_is_an_error_naming_it():
    error = error_for({"fevre": True})
    assert error.field == "fevre"
    assert "fevre" in str(error)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age", -3),
        ("age", 131),
        ("age", 40.0),
        ("age", "40"),
        ("age", True),
        ("duration_weeks", -1),
        ("recovery_expectation", 11),
        ("recovery_expectation", -1),
        ("nprs", 11),
        ("nprs", 5.5),
        ("fever", "yes"),
        ("fever", 1),
        ("fever", 0),
        ("leg_pain", "sometimes"),
        ("leg_pain", True),
        ("leg_pain_sides", "left"),
        ("leg_weakness", "mild"),
        ("sex", "F"),
        ("work_status", "unemployed"),
        ("work_physical_load", "very heavy"),
        ("nprs_weekly", 5),
        ("nprs_weekly", "5,6"),
        ("nprs_weekly", [5, 11]),
        ("nprs_weekly", [5, -1]),
        ("nprs_weekly", [5, None]),
        ("nprs_weekly", [5, True]),
        ("nprs_weekly", {"week 1": 5}),
    ],
)
def test_an_answer_that_does_not_fit_is_an_error_naming_the_field(field, value):
    error = error_for({field: value})
    assert error.field == field
    assert str(error).startswith(field)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age", 0),
        ("age", 130),
        ("duration_weeks", 0),
        ("duration_weeks", 2000),
        ("recovery_expectation", 0),
        ("recovery_expectation", 10),
        ("nprs", 0),
        ("nprs", 10),
        ("nprs_weekly", []),
        ("nprs_weekly", [0, 10]),
        ("nprs_weekly", (3, 4)),
    ],
)
def test_answers_at_the_edges_of_their_range_are_accepted(field, value):
    triage({field: value})


@pytest.mark.parametrize(
    ("questionnaire", "items"),
    [
        ("startback", [0] * 8),
        ("startback", [0] * 10),
        ("startback", [0, 0, 0, 0, 0, 0, 0, 2, 0]),
        ("startback", [0, 0, 0, 0, 0, 0, 0, 0, 5]),
        ("startback", [True, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("startback", "000000000"),
        ("startback", [0, 0, 0, 0, None, 0, 0, 0, 0]),
        ("tsk17", [2] * 16),
        ("tsk17", [2] * 16 + [5]),
        ("tsk17", [2] * 16 + [0]),
        ("fabq", [0] * 15),
        ("fabq", [0] * 15 + [7]),
    ],
)
def test_a_questionnaire_that_cannot_be_scored_is_an_error_naming_it(questionnaire, items):
    error = error_for({}, **{questionnaire: items})
    assert error.field == questionnaire
    assert str(error).startswith(questionnaire)


def test_answers_must_be_a_mapping():
    error = error_for(["fever"])  # type: ignore[arg-type]
    assert error.field == "answers"
