"""Change judged against the minimal important change (spec §3 and the change rows of §2)."""

from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.instruments.change import (
    Change,
    change_for,
    change_nprs,
    change_odi,
    change_psk,
    change_qbpds,
    change_rmdq,
    change_tsk11,
    change_tsk17,
    change_vas,
    worse_by_mic,
)
from ruggensteun.clinical.instruments.scoring import ScoringError, score_odi

PROPERTY = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("baseline", "follow_up", "improvement", "percent", "mic_met", "thirty_met", "worsened"),
    [
        (8, 5, 3, Fraction(75, 2), True, True, False),
        (3, 1, 2, Fraction(200, 3), True, True, False),
        # The disagreement row: 1 point is below the MIC but 33% meets the relative rule.
        (3, 2, 1, Fraction(100, 3), False, True, False),
        (6, 5, 1, Fraction(50, 3), False, False, False),
        (4, 6, -2, Fraction(-50), False, False, True),
    ],
)
def test_nprs_worked_examples_report_both_flags(
    baseline: int,
    follow_up: int,
    improvement: int,
    percent: Fraction,
    mic_met: bool,
    thirty_met: bool,
    worsened: bool,
) -> None:
    change = change_nprs(baseline, follow_up)
    assert change.improvement == improvement
    assert change.percent == percent
    assert (change.mic_met, change.thirty_percent_met, change.worsened) == (
        mic_met,
        thirty_met,
        worsened,
    )
    assert change.source == "Ostelo 2008"


def test_qbpds_18_points_meets_30_percent_but_not_20_points() -> None:
    change = change_qbpds(50, 32)
    assert change.improvement == 18
    assert change.percent == 36
    assert (change.mic_met, change.thirty_percent_met) == (False, True)


def test_rmdq_4_points_meets_30_percent_but_not_5_points() -> None:
    change = change_rmdq(12, 8)
    assert change.percent == Fraction(100, 3)
    assert (change.mic_met, change.thirty_percent_met) == (False, True)


def test_rmdq_accepts_a_prorated_score() -> None:
    change = change_rmdq(20.4, 14.4)
    assert change.improvement == 6
    assert change.mic_met


def test_odi_10_points_from_a_low_baseline_meets_the_mic_but_not_30_percent() -> None:
    change = change_odi(40, 30)
    assert (change.mic_met, change.thirty_percent_met) == (True, False)


def test_odi_scores_with_a_missing_section_are_compared_exactly() -> None:
    # 10/45 -> 7/45 (section 8 not applicable both times) is exactly a 30% improvement; the
    # stored floats 22.222... and 15.555... must not be judged on binary rounding noise.
    baseline = float(score_odi([1] * 7 + [None, 2, 1]).percent)
    follow_up = float(score_odi([1] * 7 + [None, 0, 0]).percent)
    change = change_odi(baseline, follow_up)
    assert change.percent == 30
    assert change.thirty_percent_met is True


def test_odi_exactly_30_percent_meets_the_relative_rule() -> None:
    assert change_odi(60, 42).thirty_percent_met is True
    assert change_odi(60, 44).thirty_percent_met is False


@pytest.mark.parametrize("change_function", [change_tsk17, change_tsk11])
def test_tsk_reduction_of_4_points_is_important_and_there_is_no_relative_rule(
    change_function: Callable[[int, int], Change],
) -> None:
    change = change_function(30, 26)
    assert change.mic_met is True
    assert change.thirty_percent_met is None
    assert change.source == "Woby 2005"
    assert change_function(30, 27).mic_met is False


def test_tsk11_worked_example_30_to_25_meets_the_mic() -> None:
    change = change_tsk11(30, 25)
    assert change.improvement == 5
    assert change.mic_met


def test_baseline_zero_gives_no_percent_and_no_crash() -> None:
    change = change_nprs(0, 3)
    assert change.percent is None
    assert change.thirty_percent_met is False
    assert change.worsened


def test_no_change_from_zero_is_neither_better_nor_worse() -> None:
    change = change_rmdq(0, 0)
    assert (change.mic_met, change.thirty_percent_met, change.worsened) == (False, False, False)


@pytest.mark.parametrize(("baseline", "follow_up"), [(11, 5), (5, -1), (True, 3)])
def test_change_rejects_impossible_scores(baseline: object, follow_up: object) -> None:
    with pytest.raises(ScoringError, match="nprs"):
        change_nprs(baseline, follow_up)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["gpe", "psk", "startback", "fabq"])
def test_instruments_without_a_verified_mic_have_no_mic_change(code: str) -> None:
    with pytest.raises(ScoringError, match="no minimal important change"):
        change_for(code, 3, 2)


def test_psk_worked_example_reports_per_activity_and_mean_change() -> None:
    change = change_psk([7, 5, 9], [4, 3, 6])
    assert [activity.improvement for activity in change.activities] == [3, 2, 3]
    assert change.mean.baseline == 7
    assert change.mean.follow_up == Fraction(13, 3)
    assert change.mean.improvement == Fraction(8, 3)
    assert round(float(change.mean.percent or 0), 1) == 38.1


def test_psk_change_has_no_clinically_important_label() -> None:
    change = change_psk([7, 5, 9], [4, 3, 6])
    for result in (*change.activities, change.mean):
        assert not hasattr(result, "mic_met")
        assert not hasattr(result, "thirty_percent_met")


def test_psk_change_needs_the_same_activities_at_both_measurements() -> None:
    with pytest.raises(ScoringError, match="same activities"):
        change_psk([7, 5, 9], [4, 3, 6, 2])


def test_psk_worsened_activity_is_marked() -> None:
    change = change_psk([0, 5, 9], [2, 5, 9])
    assert change.activities[0].worsened
    assert change.activities[0].percent is None
    assert not change.activities[1].worsened


RULES = {
    "nprs": (0, 10, 2),
    "qbpds": (0, 100, 20),
    "rmdq": (0, 24, 5),
    "odi": (0, 100, 10),
}


@PROPERTY
@given(st.sampled_from(sorted(RULES)), st.data())
def test_both_flags_follow_their_definitions(code: str, data: st.DataObject) -> None:
    low, high, mic = RULES[code]
    baseline = data.draw(st.integers(low, high))
    follow_up = data.draw(st.integers(low, high))
    change = change_for(code, baseline, follow_up)
    assert change.improvement == baseline - follow_up
    assert change.mic_met == (baseline - follow_up >= mic)
    assert change.worsened == (follow_up > baseline)
    if baseline == 0:
        assert change.percent is None
        assert change.thirty_percent_met is False
    else:
        assert change.thirty_percent_met == ((baseline - follow_up) * 10 >= 3 * baseline)


def test_vas_15_points_or_30_percent() -> None:
    change = change_vas(40, 26)
    assert (change.mic_met, change.thirty_percent_met) == (False, True)
    assert change_vas(70, 55).mic_met is True


def test_worse_by_mic_needs_a_rise_of_at_least_the_absolute_mic() -> None:
    # Ostelo 2008: NPRS 2 points; Woby 2005: TSK 4 points.
    assert worse_by_mic(change_nprs(4, 6))
    assert not worse_by_mic(change_nprs(4, 5))
    assert not worse_by_mic(change_nprs(6, 4))
    assert worse_by_mic(change_tsk17(30, 34))
    assert not worse_by_mic(change_tsk17(30, 33))
    assert not worse_by_mic(None)
