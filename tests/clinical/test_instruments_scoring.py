"""Scoring of every instrument: the worked examples of shared/clinical/instruments.md §2,
input validation, and properties that must hold for every possible response."""

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.instruments.scoring import (
    FabqScore,
    ScoringError,
    eq5d5l_index,
    round_for_display,
    score_eq5d5l,
    score_fabq,
    score_gpe,
    score_nprs,
    score_odi,
    score_ompsq10,
    score_psk,
    score_qbpds,
    score_rmdq,
    score_startback,
    score_tsk11,
    score_tsk17,
    tsk11_from_tsk17,
)

PROPERTY = settings(max_examples=200, deadline=None)


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",")]


# --- STarT Back (spec 2.1) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "total", "psychosocial", "risk"),
    [
        ("0,0,0,0,0,0,0,0,0", 0, 0, "low"),
        ("1,1,1,1,0,0,0,0,0", 4, 0, "medium"),
        ("1,1,1,1,1,1,1,1,4", 9, 5, "high"),
        ("1,0,1,0,0,1,0,0,4", 4, 2, "medium"),
        ("1,1,1,0,0,0,0,0,2", 3, 0, "low"),
        ("1,1,0,0,1,1,1,0,2", 5, 3, "medium"),
        ("1,0,0,0,1,1,1,0,3", 5, 4, "high"),
        ("0,0,0,0,0,0,0,0,4", 1, 1, "low"),
    ],
)
def test_startback_worked_examples(items: str, total: int, psychosocial: int, risk: str) -> None:
    score = score_startback(numbers(items))
    assert (score.total, score.psychosocial, score.risk) == (total, psychosocial, risk)


@pytest.mark.parametrize(("code", "counts"), [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1)])
def test_startback_item_9_counts_only_very_much_or_extremely(code: int, counts: int) -> None:
    assert score_startback([0] * 8 + [code]).total == counts


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([0] * 8, "expected 9"),
        ([0] * 8 + [5], "item 9: 5 is outside 0-4"),
        ([2] + [0] * 8, "item 1: 2 is outside 0-1"),
        ([0, None, 0, 0, 0, 0, 0, 0, 0], "item(s) 2 missing"),
        ([True] + [0] * 8, "item 1: expected a whole number"),
        ([0.0] + [0] * 8, "item 1: expected a whole number"),
    ],
)
def test_startback_rejects_invalid_input_naming_the_item(items: list, message: str) -> None:
    with pytest.raises(ScoringError, match=re.escape(message)):
        score_startback(items)


startback_items = st.tuples(*[st.integers(0, 1)] * 8, st.integers(0, 4)).map(list)
RISK_RANK = {"low": 0, "medium": 1, "high": 2}


@PROPERTY
@given(startback_items)
def test_startback_scores_stay_in_range_and_risk_follows_keele(items: list[int]) -> None:
    score = score_startback(items)
    assert 0 <= score.psychosocial <= 5
    assert score.psychosocial <= score.total <= 9
    if score.total <= 3:
        assert score.risk == "low"
    else:
        assert score.risk == ("high" if score.psychosocial >= 4 else "medium")


@PROPERTY
@given(startback_items, st.integers(0, 8))
def test_startback_raising_any_item_never_lowers_scores_or_risk(
    items: list[int], position: int
) -> None:
    highest = 4 if position == 8 else 1
    raised = list(items)
    raised[position] = min(highest, items[position] + 1)
    before, after = score_startback(items), score_startback(raised)
    assert after.total >= before.total
    assert after.psychosocial >= before.psychosocial
    assert RISK_RANK[after.risk] >= RISK_RANK[before.risk]


# --- NPRS (spec 2.2) ----------------------------------------------------------------------


@pytest.mark.parametrize("value", range(11))
def test_nprs_accepts_0_to_10(value: int) -> None:
    assert score_nprs(value) == value


@pytest.mark.parametrize("value", [-1, 11, 5.5, None, True])
def test_nprs_rejects_values_outside_the_scale(value: object) -> None:
    with pytest.raises(ScoringError, match="NPRS item 1"):
        score_nprs(value)  # type: ignore[arg-type]


# --- QBPDS (spec 2.3) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "total"),
    [
        ([0] * 20, 0),
        ([5] * 20, 100),
        ([2] * 10 + [3] * 10, 50),
        (numbers("0,1,1,2,3,4,2,1,3,5,1,4,0,2,3,4,1,3,4,5"), 49),
    ],
)
def test_qbpds_worked_examples(items: list[int], total: int) -> None:
    assert score_qbpds(items) == total


def test_qbpds_with_one_item_missing_has_no_score() -> None:
    with pytest.raises(ScoringError, match=r"item\(s\) 7 missing; all 20 items are required"):
        score_qbpds([1] * 6 + [None] + [1] * 13)  # type: ignore[list-item]


@pytest.mark.parametrize("bad", [-1, 6])
def test_qbpds_rejects_item_values_outside_0_to_5(bad: int) -> None:
    with pytest.raises(ScoringError, match=f"QBPDS item 20: {bad} is outside 0-5"):
        score_qbpds([0] * 19 + [bad])


qbpds_items = st.lists(st.integers(0, 5), min_size=20, max_size=20)


@PROPERTY
@given(qbpds_items, st.integers(0, 19))
def test_qbpds_raising_any_item_never_lowers_the_total(items: list[int], position: int) -> None:
    raised = list(items)
    raised[position] = min(5, items[position] + 1)
    assert 0 <= score_qbpds(items) <= score_qbpds(raised) <= 100


# --- RMDQ (spec 2.4) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "total"),
    [
        ([0] * 24, 0),
        ([1] * 24, 24),
        ([1] * 7 + [0] * 17, 7),
        ([True] * 7 + [None] * 17, 7),
    ],
)
def test_rmdq_tick_format_counts_ticked_statements(items: list, total: int) -> None:
    score = score_rmdq(items)
    assert score.total == total
    assert not score.prorated


def test_rmdq_tick_format_treats_a_blank_as_not_ticked() -> None:
    assert score_rmdq([None] * 24).total == 0


RMDQ_YES_NO_EXAMPLE = [1] * 17 + [0] * 3 + [None] * 4


def test_rmdq_yes_no_form_with_blanks_has_no_score_by_default() -> None:
    with pytest.raises(ScoringError, match=r"21, 22, 23, 24 unanswered; no standard score"):
        score_rmdq(RMDQ_YES_NO_EXAMPLE, response_format="yes_no")


def test_rmdq_yes_no_form_prorates_only_when_enabled_and_flags_it() -> None:
    score = score_rmdq(RMDQ_YES_NO_EXAMPLE, response_format="yes_no", prorate=True)
    assert score.total == Fraction(17 * 24, 20)
    assert round_for_display(score.total, 1) == Decimal("20.4")
    assert score.prorated
    assert score.answered == 20


def test_rmdq_complete_yes_no_form_is_a_standard_score() -> None:
    score = score_rmdq([1] * 10 + [0] * 14, response_format="yes_no", prorate=True)
    assert (score.total, score.prorated) == (10, False)


def test_rmdq_rejects_a_tick_value_other_than_0_or_1() -> None:
    with pytest.raises(ScoringError, match="RMDQ item 3: 2 is outside 0-1"):
        score_rmdq([0, 0, 2] + [0] * 21)


@PROPERTY
@given(st.lists(st.sampled_from([0, 1, None]), min_size=24, max_size=24))
def test_rmdq_tick_total_is_the_number_of_ticks(items: list[int | None]) -> None:
    assert score_rmdq(items).total == items.count(1)


# --- ODI 2.1a (spec 2.5) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sections", "percent"),
    [
        ("0,0,0,0,0,0,0,0,0,0", Fraction(0)),
        ("2,2,2,2,2,3,3,3,3,3", Fraction(50)),
        ("5,5,5,5,5,5,5,5,5,5", Fraction(100)),
        ("1,5,4,4,3,0,1,5,3,4", Fraction(60)),
        ("5,5,3,3,0,0,0,0,0,-", Fraction(320, 9)),
        ("2,1,3,2,2,2,1,0,1,2", Fraction(32)),
    ],
)
def test_odi_worked_examples(sections: str, percent: Fraction) -> None:
    values = [None if part == "-" else int(part) for part in sections.split(",")]
    assert score_odi(values).percent == percent


def test_odi_keeps_the_index_unrounded_and_displays_one_decimal() -> None:
    score = score_odi([5, 5, 3, 3, 0, 0, 0, 0, 0, None])
    assert score.answered == 9
    assert float(score.percent) == pytest.approx(35.5555555)
    assert round_for_display(score.percent, 1) == Decimal("35.6")


def test_odi_with_two_sections_missing_has_no_score() -> None:
    with pytest.raises(ScoringError, match="sections 8, 10 missing; at most one"):
        score_odi([3, 2, 2, 1, 2, 1, 1, None, 2, None])


@pytest.mark.parametrize(
    ("sections", "band"),
    [
        ([2] * 5 + [0] * 5, "minimal"),  # 20
        ([2] * 5 + [1] + [0] * 4, "moderate"),  # 22
        ([4] * 5 + [0] * 5, "moderate"),  # 40
        ([4] * 5 + [1] + [0] * 4, "severe"),  # 42
        ([3] * 10, "severe"),  # 60
        ([4] * 10, "crippled"),  # 80
        ([4] * 9 + [5], "bed-bound"),  # 82
    ],
)
def test_odi_bands_follow_fairbank_1980(sections: list[int], band: str) -> None:
    assert score_odi(sections).band == band


def test_odi_rejects_a_section_score_of_6() -> None:
    with pytest.raises(ScoringError, match="ODI item 4: 6 is outside 0-5"):
        score_odi([0, 0, 0, 6, 0, 0, 0, 0, 0, 0])


odi_sections = st.lists(st.integers(0, 5), min_size=10, max_size=10)


@PROPERTY
@given(odi_sections, st.integers(0, 9), st.one_of(st.none(), st.integers(0, 9)))
def test_odi_raising_any_section_never_lowers_the_index(
    sections: list[int], position: int, missing: int | None
) -> None:
    values: list[int | None] = list(sections)
    raised: list[int | None] = list(sections)
    raised[position] = min(5, sections[position] + 1)
    if missing is not None and missing != position:
        values[missing] = raised[missing] = None
    before, after = score_odi(values), score_odi(raised)
    assert 0 <= before.percent <= after.percent <= 100


@PROPERTY
@given(odi_sections, st.integers(0, 9))
def test_odi_with_one_missing_section_divides_by_the_45_points_possible(
    sections: list[int], missing: int
) -> None:
    values: list[int | None] = list(sections)
    values[missing] = None
    expected = Fraction(sum(sections) - sections[missing], 45) * 100
    assert score_odi(values).percent == expected


# --- PSK (spec 2.6) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "total", "mean"),
    [
        ([7, 5, 9], 21, Fraction(7)),
        ([4, 3, 6], 13, Fraction(13, 3)),
        ([0, 0, 0], 0, Fraction(0)),
        ([10, 10, 10, 10, 10], 50, Fraction(10)),
        ([1, 2, 0, 7, 5], 15, Fraction(3)),
    ],
)
def test_psk_worked_examples(scores: list[int], total: int, mean: Fraction) -> None:
    score = score_psk(scores)
    assert (score.sum, score.mean, score.activities) == (total, mean, tuple(scores))


def test_psk_mean_is_displayed_to_two_decimals() -> None:
    assert round_for_display(score_psk([4, 3, 6]).mean, 2) == Decimal("4.33")


@pytest.mark.parametrize("count", [0, 2, 6])
def test_psk_needs_3_to_5_activities(count: int) -> None:
    with pytest.raises(ScoringError, match=f"expected 3 to 5 activity scores, got {count}"):
        score_psk([5] * count)


def test_psk_rejects_a_difficulty_above_10() -> None:
    with pytest.raises(ScoringError, match="PSK activity 2: 11 is outside 0-10"):
        score_psk([5, 11, 5])


@PROPERTY
@given(st.lists(st.integers(0, 10), min_size=3, max_size=5))
def test_psk_mean_lies_between_the_lowest_and_highest_activity(scores: list[int]) -> None:
    score = score_psk(scores)
    assert min(scores) <= score.mean <= max(scores)
    assert score.mean * len(scores) == score.sum


# --- GPE (spec 2.7) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "improved"),
    [(1, True), (2, True), (3, False), (4, False), (5, False), (6, False), (7, False)],
)
def test_gpe_counts_only_completely_recovered_and_much_improved_as_improved(
    value: int, improved: bool
) -> None:
    assert score_gpe(value).improved is improved


@pytest.mark.parametrize("value", [0, 8])
def test_gpe_rejects_values_outside_1_to_7(value: int) -> None:
    with pytest.raises(ScoringError, match=f"GPE item 1: {value} is outside 1-7"):
        score_gpe(value)


# --- FABQ (spec 2.8) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "pa", "w"),
    [
        ([0] * 16, 0, 0),
        ([6] * 16, 24, 42),
        (numbers("3,4,5,2,6,1,2,6,3,4,5,6,0,6,2,1"), 17, 23),
        (numbers("0,0,0,0,0,0,0,6,0,0,0,0,6,6,0,6"), 0, 0),
        (numbers("2,3,3,3,3,4,4,5,5,5,5,5,6,6,5,6"), 12, 33),
    ],
)
def test_fabq_worked_examples(items: list[int], pa: int, w: int) -> None:
    assert score_fabq(items) == FabqScore(pa=pa, w=w)


def test_fabq_a_missing_work_item_leaves_the_physical_activity_score() -> None:
    items: list[int | None] = [3] * 16
    items[9] = None  # item 10 belongs to FABQ-W
    score = score_fabq(items)
    assert (score.pa, score.w) == (12, None)


def test_fabq_a_missing_physical_activity_item_leaves_the_work_score() -> None:
    items: list[int | None] = [3] * 16
    items[1] = None  # item 2 belongs to FABQ-PA
    score = score_fabq(items)
    assert (score.pa, score.w) == (None, 21)


def test_fabq_unscored_items_may_be_missing() -> None:
    items: list[int | None] = [1] * 16
    for number in (1, 8, 13, 14, 16):
        items[number - 1] = None
    assert (score_fabq(items).pa, score_fabq(items).w) == (4, 7)


def test_fabq_rejects_an_out_of_range_value_even_on_an_unscored_item() -> None:
    with pytest.raises(ScoringError, match="FABQ item 8: 7 is outside 0-6"):
        score_fabq([0] * 7 + [7] + [0] * 8)


@PROPERTY
@given(st.lists(st.integers(0, 6), min_size=16, max_size=16), st.sampled_from([1, 8, 13, 14, 16]))
def test_fabq_unscored_items_never_change_a_subscale(items: list[int], unscored: int) -> None:
    changed = list(items)
    changed[unscored - 1] = 6 - items[unscored - 1]
    assert score_fabq(items) == score_fabq(changed)
    assert 0 <= (score_fabq(items).pa or 0) <= 24
    assert 0 <= (score_fabq(items).w or 0) <= 42


# --- TSK (spec 2.9) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "total", "high"),
    [
        ("1,1,1,4,1,1,1,4,1,1,1,4,1,1,1,4,1", 17, False),
        ("2,2,2,3,2,2,2,3,3,3,3,2,3,3,3,2,3", 43, True),
        ("4,4,4,1,4,4,4,1,4,4,4,1,4,4,4,1,4", 68, True),
        ("1,3,3,2,2,3,2,2,3,2,3,3,2,3,3,3,3", 43, True),
        ("2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2", 38, True),
        ("3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3", 47, True),
        ("1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2", 37, False),
    ],
)
def test_tsk17_worked_examples(items: str, total: int, high: bool) -> None:
    score = score_tsk17(numbers(items))
    assert (score.total, score.high) == (total, high)


def test_tsk17_total_of_37_is_not_high_kinesiophobia() -> None:
    # Vlaeyen 1995: "> 37"; AWELL's ">= 37" would call this high.
    assert score_tsk17([1] + [2] * 16).high is False


@pytest.mark.parametrize("item", [4, 8, 12, 16])
def test_tsk17_reverses_items_4_8_12_16(item: int) -> None:
    lowest_fear = numbers("1,1,1,4,1,1,1,4,1,1,1,4,1,1,1,4,1")
    disagreeing = list(lowest_fear)
    disagreeing[item - 1] = 1
    # Strongly disagreeing with a reversed item is the high-fear answer: it scores 4, not 1.
    assert score_tsk17(disagreeing).total == 17 + 3


@pytest.mark.parametrize(
    ("items", "total"),
    [
        ([1] * 17, 11),
        ([4] * 17, 44),
        (numbers("3,3,2,2,3,2,3,2,2,2,2,2,2,2,2,2,2"), 26),
    ],
)
def test_tsk11_worked_examples_from_a_17_item_vector(items: list[int], total: int) -> None:
    assert tsk11_from_tsk17(items).total == total


def test_tsk11_ignores_the_items_woby_removed() -> None:
    items = [2] * 17
    for removed in (4, 8, 9, 12, 14, 16):
        items[removed - 1] = 4
    assert tsk11_from_tsk17(items).total == 22


def test_tsk11_scores_its_own_11_items_without_reversal() -> None:
    assert score_tsk11([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3]).total == 26


def test_tsk11_rejects_a_17_item_vector_given_as_11_items() -> None:
    with pytest.raises(ScoringError, match="TSK-11: expected 11 item responses, got 17"):
        score_tsk11([2] * 17)


tsk17_items = st.lists(st.integers(1, 4), min_size=17, max_size=17)


@PROPERTY
@given(tsk17_items)
def test_tsk17_mirrored_answers_sum_to_85(items: list[int]) -> None:
    mirrored = [5 - value for value in items]
    assert score_tsk17(items).total + score_tsk17(mirrored).total == 17 + 68


@PROPERTY
@given(tsk17_items, st.integers(1, 17))
def test_tsk17_agreeing_more_raises_fear_except_on_reversed_items(
    items: list[int], item: int
) -> None:
    raised = list(items)
    raised[item - 1] = min(4, items[item - 1] + 1)
    before, after = score_tsk17(items).total, score_tsk17(raised).total
    if item in (4, 8, 12, 16):
        assert after <= before
    else:
        assert after >= before


@PROPERTY
@given(tsk17_items)
def test_tsk11_derived_equals_scoring_the_11_selected_items(items: list[int]) -> None:
    selected = [items[n - 1] for n in (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)]
    assert tsk11_from_tsk17(items) == score_tsk11(selected)
    assert 11 <= score_tsk11(selected).total <= 44


# --- ÖMPSQ-SF (spec 2.10) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "total", "at_risk"),
    [
        ("1,0,0,0,0,10,0,0,10,10", 1, False),
        ("5,5,5,5,5,5,5,5,5,5", 50, True),
        ("10,10,10,10,10,0,10,10,0,0", 100, True),
        ("1,0,4,3,1,5,0,2,6,9", 21, False),
        ("7,6,5,4,6,3,7,6,4,5", 59, True),
    ],
)
def test_ompsq10_worked_examples(items: str, total: int, at_risk: bool) -> None:
    score = score_ompsq10(numbers(items))
    assert (score.total, score.at_risk) == (total, at_risk)


def test_ompsq10_total_of_49_is_not_at_risk() -> None:
    assert score_ompsq10([4, 5, 5, 5, 5, 5, 5, 5, 5, 5]).at_risk is False


def test_ompsq10_requires_all_10_items() -> None:
    with pytest.raises(ScoringError, match=r"item\(s\) 4 missing; all 10 items are required"):
        score_ompsq10([5, 5, 5, None, 5, 5, 5, 5, 5, 5])  # type: ignore[list-item]


def test_ompsq10_duration_code_starts_at_1() -> None:
    with pytest.raises(ScoringError, match="ÖMPSQ-SF item 1: 0 is outside 1-10"):
        score_ompsq10([0] * 10)


ompsq_items = st.tuples(st.integers(1, 10), *[st.integers(0, 10)] * 9).map(list)


@PROPERTY
@given(ompsq_items, st.integers(1, 10))
def test_ompsq10_higher_answers_raise_risk_except_on_reversed_items(
    items: list[int], item: int
) -> None:
    raised = list(items)
    raised[item - 1] = min(10, items[item - 1] + 1)
    before, after = score_ompsq10(items).total, score_ompsq10(raised).total
    assert 1 <= before <= 100
    if item in (6, 9, 10):
        assert after <= before
    else:
        assert after >= before


# --- EQ-5D-5L (spec 2.11) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "index"),
    [
        ("11111", "1.000"),
        ("21111", "0.918"),
        ("55511", "0.390"),
        ("44444", "-0.289"),
        ("55555", "-0.446"),
        ("22222", "0.705"),
        ("33333", "0.511"),
        ("11112", "0.883"),
        ("11121", "0.887"),
        ("21143", "0.413"),
        ("32523", "0.455"),
        ("12345", "0.047"),
    ],
)
def test_eq5d5l_dutch_value_set_reference_values(state: str, index: str) -> None:
    score = score_eq5d5l([int(level) for level in state])
    assert score.state == state
    assert round_for_display(score.index_nl, 3) == Decimal(index)


def test_eq5d5l_dutch_index_is_exact_decimal() -> None:
    # 1 - (0.047 + 0.035 + 0.038 + 0.039 + 0.066 + 0.070), no binary rounding.
    assert score_eq5d5l([2, 2, 2, 2, 2]).index_nl == Decimal("0.705")


@pytest.mark.parametrize(
    ("state", "index"),
    [
        ("11111", "1.000000"),
        ("11112", "0.901300"),
        ("22222", "0.754524"),
        ("33333", "0.576553"),
        ("44444", "-0.214680"),
        ("15342", "0.309228"),
        ("54321", "0.491425"),
        ("55555", "-0.531646"),
    ],
)
def test_eq5d5l_belgian_value_set_reference_values(state: str, index: str) -> None:
    score = score_eq5d5l([int(level) for level in state])
    assert round_for_display(score.index_be, 6) == Decimal(index)


def test_eq5d5l_rejects_levels_coded_0_to_4() -> None:
    with pytest.raises(ScoringError, match=re.escape("EQ-5D-5L item 1 (MO): 0 is outside 1-5")):
        score_eq5d5l([0, 1, 2, 3, 4])


def test_eq5d5l_rejects_an_unknown_value_set() -> None:
    with pytest.raises(ScoringError, match="unknown value set 'uk'"):
        eq5d5l_index([1, 1, 1, 1, 1], "uk")  # type: ignore[arg-type]


eq5d_states = st.lists(st.integers(1, 5), min_size=5, max_size=5)


@PROPERTY
@given(eq5d_states, st.integers(0, 4))
def test_eq5d5l_a_worse_level_never_raises_the_index(levels: list[int], dimension: int) -> None:
    worse = list(levels)
    worse[dimension] = min(5, levels[dimension] + 1)
    before, after = score_eq5d5l(levels), score_eq5d5l(worse)
    assert after.index_nl <= before.index_nl
    assert after.index_be <= before.index_be
    assert Decimal("-0.446") <= before.index_nl <= 1
    assert Decimal("-0.5316458") <= before.index_be <= 1


# --- display helper -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Fraction(320, 9), 1, "35.6"),
        (Decimal("0.3092279"), 3, "0.309"),
        (Decimal("-0.2145"), 3, "-0.215"),
        (Fraction(1, 8), 2, "0.13"),
        (7, 2, "7.00"),
    ],
)
def test_round_for_display_rounds_half_away_from_zero(
    value: Fraction | Decimal | int, places: int, shown: str
) -> None:
    assert str(round_for_display(value, places)) == shown
