"""The case-based reasoning core: local similarities, missing values, the k and >= 10 rules,
summaries with counts on a hand-made case base, and fit_weights finding a planted weight."""

import random

import pytest

from ruggensteun.clinical.similarity import (
    Case,
    Outcome,
    Process,
    default_features,
    fit_weights,
    nearest,
    similarity,
    summarise,
    why_similar,
)
from ruggensteun.clinical.similarity.summary import quartiles

FEATURES = default_features()


def test_every_weight_has_its_rationale_and_source():
    for feature in FEATURES.features:
        assert feature.weight >= 0
        assert feature.rationale and feature.source


def test_numeric_local_similarity_is_one_minus_the_distance_over_the_range():
    nprs = FEATURES.feature("nprs")
    assert nprs.local(7, 7) == 1
    assert nprs.local(7, 5) == pytest.approx(0.8)
    assert nprs.local(0, 10) == 0
    assert FEATURES.feature("qbpds").local(50, 25) == pytest.approx(0.75)


def test_ordered_local_similarity_goes_by_rank_distance():
    startback = FEATURES.feature("startback")
    assert startback.local("low", "low") == 1
    assert startback.local("low", "medium") == 0.5
    assert startback.local("high", "low") == 0
    age = FEATURES.feature("age_band")
    assert age.local("40-49", "50-59") == pytest.approx(1 - 1 / 7)


def test_symbolic_local_similarity_comes_from_the_table_both_ways():
    work = FEATURES.feature("work_status")
    assert work.local("working", "working") == 1
    assert work.local("not_employed", "retired") == 0.7
    assert work.local("retired", "not_employed") == 0.7
    assert FEATURES.feature("pain_type").local("radicular", "nonspecific") == 0


def test_a_missing_or_unknown_value_is_not_counted_and_the_weights_renormalise():
    query = {"startback": "high", "nprs": 8, "pain_type": None}
    case = {"startback": "high", "nprs": 4, "pain_type": "radicular", "work_status": "pilot"}
    value, contributions = similarity(query, case)
    assert {c.feature for c in contributions} == {"startback", "nprs"}
    # startback weight 3 and nprs 1.5 renormalised to 2/3 and 1/3; nprs local 0.6.
    assert value == pytest.approx(2 / 3 * 1 + 1 / 3 * 0.6)
    assert sum(c.weight for c in contributions) == pytest.approx(1)
    assert sum(c.contribution for c in contributions) == pytest.approx(value)
    assert similarity({"nprs": None}, {"nprs": 3}) == (0.0, ())


def case(number, startback="low", nprs=5, gpe=2, adherence=0.8, walking=True, sessions=3, **more):
    return Case(
        case_id=f"c{number:03}",
        features={"startback": startback, "nprs": nprs, **more},
        outcome=Outcome(
            gpe_discharge=gpe,
            gpe_12_weeks=gpe,
            nprs_change=more.pop("nprs_change", 3),
            qbpds_change=20,
            nprs_change_12_weeks=3,
        ),
        process=Process(
            adherence=adherence, walking_goal_reached=walking, pathway="exercise", sessions=sessions
        ),
    )


def test_nearest_returns_k_most_similar_first_with_contributions_and_never_k_below_10():
    cases = [case(n, startback="high", nprs=n % 11) for n in range(30)] + [
        case(100 + n, startback="low", nprs=8) for n in range(30)
    ]
    found = nearest({"startback": "high", "nprs": 8}, reversed(cases), k=12)
    assert len(found) == 12
    assert all(n.case.features["startback"] == "high" for n in found)
    assert found[0].case.features["nprs"] == 8
    assert [n.similarity for n in found] == sorted((n.similarity for n in found), reverse=True)
    assert found == nearest({"startback": "high", "nprs": 8}, cases, k=12)  # order-free
    with pytest.raises(ValueError, match="at least 10"):
        nearest({"startback": "high"}, cases, k=9)
    why = why_similar(found)
    assert why[0].feature == "startback" and why[0].matched == 12


def test_fewer_than_10_neighbours_is_too_little_data_and_shows_no_figure():
    summary = summarise(nearest({"startback": "low"}, [case(n) for n in range(9)], k=10))
    assert not summary.enough
    assert summary.gpe_discharge.of == 0 and summary.nprs_change.median is None


def test_summary_counts_on_a_hand_made_case_base():
    well = [case(n, gpe=1 + n % 2, adherence=0.9, walking=True, sessions=2) for n in range(12)]
    not_well = [
        case(50 + n, gpe=4, adherence=0.4, walking=n < 3, sessions=5, nprs_change=0)
        for n in range(10)
    ]
    summary = summarise(nearest({"startback": "low"}, well + not_well, k=22))
    assert summary.enough and summary.neighbours == 22
    assert (summary.gpe_discharge.count, summary.gpe_discharge.of) == (12, 22)
    assert summary.gpe_discharge.percent == 55
    assert (summary.did_well, summary.did_not) == (12, 10)
    assert summary.nprs_change.median == 3 and summary.nprs_change.q1 == 0
    facts = {d.fact: d for d in summary.differences}
    assert facts["adherence"].enough
    assert (facts["adherence"].did_well.value, facts["adherence"].did_not.value) == (90, 40)
    walking = facts["walking_goal"]
    assert (walking.did_well.count, walking.did_well.n) == (12, 12)
    assert (walking.did_not.count, walking.did_not.n) == (3, 10)
    assert (facts["sessions"].did_well.value, facts["sessions"].did_not.value) == (2, 5)
    assert facts["pathway"].did_well.value == "exercise"


def test_a_group_of_fewer_than_10_gets_no_figure():
    cases = [case(n, gpe=2) for n in range(15)] + [case(50 + n, gpe=5) for n in range(5)]
    facts = {d.fact: d for d in summarise(nearest({}, cases, k=20)).differences}
    assert not facts["adherence"].enough
    assert facts["adherence"].did_not.value is None and facts["adherence"].did_not.n == 5


def test_quartiles():
    assert quartiles([1, 2, 3, 4, 5, 6, 7, 8]) == (2.5, 4.5, 6.5)


def test_fit_weights_finds_the_planted_feature_and_beats_the_caseload_average():
    """The outcome depends on STarT Back only; the start weights favour pain type, which
    is noise. The fit must raise STarT Back above the noise features."""
    rng = random.Random(17)
    effect = {"low": 4.0, "medium": 2.0, "high": 0.0}
    cases = []
    for number in range(160):
        group = rng.choice(list(effect))
        cases.append(
            Case(
                case_id=f"s{number}",
                features={
                    "startback": group,
                    "pain_type": rng.choice(["radicular", "nonspecific"]),
                    "nprs": rng.randint(3, 9),
                },
                outcome=Outcome(nprs_change_12_weeks=effect[group] + rng.gauss(0, 0.5)),
            )
        )
    start = {name: 0.0 for name in FEATURES.names} | {
        "pain_type": 3.0,
        "nprs": 1.0,
        "startback": 0.5,
    }
    fit = fit_weights(cases, k=10, start=start)
    assert fit.ranking[0][0] == "startback"
    assert fit.weights["startback"] > fit.weights["pain_type"]
    assert fit.mae_neighbours < fit.mae_start
    assert fit.mae_neighbours < 0.6 * fit.mae_average
    with pytest.raises(ValueError, match="too little data"):
        fit_weights(cases[:10], k=10)
