"""The instrument data files, their schema, and scoring by linkId (score_answers)."""

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.datafiles import DataFileError, load_validated
from ruggensteun.clinical.instruments.registry import (
    DATA_DIR,
    INSTRUMENT_CODES,
    SCHEMA_PATH,
    SCORE_KEYS,
    Instrument,
    UnknownInstrumentError,
    all_instruments,
    get_instrument,
    score_answers,
)
from ruggensteun.clinical.instruments.scoring import (
    TSK11_ITEMS_IN_TSK17,
    ScoringError,
    score_startback,
    score_tsk17,
)

PROPERTY = settings(max_examples=200, deadline=None)

ITEM_COUNTS = {
    "nprs": 1,
    "startback": 9,
    "qbpds": 20,
    "rmdq": 24,
    "odi": 10,
    "psk": 5,
    "gpe": 1,
    "fabq": 16,
    "tsk17": 17,
    "tsk11": 11,
    "ompsq10": 10,
    "eq5d5l": 5,
}


def test_every_instrument_has_a_data_file_that_loads() -> None:
    files = {path.stem for path in DATA_DIR.glob("*.json")} - {"schema"}
    assert files == set(INSTRUMENT_CODES)
    assert [instrument.code for instrument in all_instruments()] == list(INSTRUMENT_CODES)


@pytest.mark.parametrize(("code", "count"), sorted(ITEM_COUNTS.items()))
def test_instrument_has_its_published_number_of_items_numbered_from_1(
    code: str, count: int
) -> None:
    instrument = get_instrument(code)
    assert [item.link_id for item in instrument.items] == [str(n) for n in range(1, count + 1)]


@pytest.mark.parametrize("instrument", all_instruments(), ids=lambda i: i.code)
def test_every_text_exists_in_dutch_and_english(instrument: Instrument) -> None:
    texts = [instrument.name, instrument.recall_period]
    for item in instrument.items:
        texts.append(item.text)
        texts.extend(option.label for option in item.options or ())
        texts.extend(anchor.label for anchor in item.scale_anchors)
    for value in texts:
        assert value["nl"].strip()
        assert value["en"].strip()


def test_only_odi_and_eq5d5l_are_licence_restricted() -> None:
    restricted = {i.code for i in all_instruments() if i.licence_restricted}
    assert restricted == {"odi", "eq5d5l"}


def test_licence_restricted_instrument_is_hidden_until_the_licence_is_confirmed() -> None:
    odi = get_instrument("odi")
    assert not odi.available_to_patients(licence_confirmed=False)
    assert odi.available_to_patients(licence_confirmed=True)
    assert get_instrument("nprs").available_to_patients(licence_confirmed=False)


@pytest.mark.parametrize("instrument", all_instruments(), ids=lambda i: i.code)
def test_unverified_dutch_text_says_what_it_is_based_on(instrument: Instrument) -> None:
    assert instrument.text_source.strip()
    if not all(item.text_verified for item in instrument.items):
        assert instrument.text_verified is False


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_score_definitions_match_the_dispatcher_keys(code: str) -> None:
    assert tuple(score.key for score in get_instrument(code).scores) == SCORE_KEYS[code]


def test_tsk11_items_are_the_woby_selection_of_tsk17_items() -> None:
    tsk17, tsk11 = get_instrument("tsk17"), get_instrument("tsk11")
    for position, number in enumerate(TSK11_ITEMS_IN_TSK17, start=1):
        assert tsk11.item(str(position)).text == tsk17.item(str(number)).text


def test_fabq_marks_exactly_the_unscored_items() -> None:
    unscored = {int(item.link_id) for item in get_instrument("fabq").items if not item.scored}
    assert unscored == {1, 8, 13, 14, 16}


def test_psk_offers_a_back_specific_activity_list_and_free_text() -> None:
    psk = get_instrument("psk")
    assert len(psk.activity_list) >= 10
    assert len({activity.code for activity in psk.activity_list}) == len(psk.activity_list)
    assert psk.free_text_allowed
    assert (psk.min_answers, psk.max_answers) == (3, 5)
    assert [item.required for item in psk.items] == [True, True, True, False, False]


def test_eq5d5l_items_are_the_five_dimensions_in_order() -> None:
    dimensions = [item.dimension for item in get_instrument("eq5d5l").items]
    assert dimensions == ["MO", "SC", "UA", "PD", "AD"]


def test_odi_section_8_is_optional() -> None:
    odi = get_instrument("odi")
    assert [item.link_id for item in odi.items if not item.required] == ["8"]


def test_unknown_instrument_is_refused() -> None:
    with pytest.raises(UnknownInstrumentError, match="unknown instrument 'sf36'"):
        get_instrument("sf36")


# --- the schema rejects broken files ------------------------------------------------------


def _nprs_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / "nprs.json").read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_schema_rejects_an_item_without_dutch_text(tmp_path: Path) -> None:
    data = _nprs_data()
    del data["items"][0]["text"]["nl"]
    with pytest.raises(DataFileError, match="items/0/text"):
        load_validated(_write(tmp_path, data), SCHEMA_PATH)


def test_schema_rejects_a_file_without_licence_restriction_flag(tmp_path: Path) -> None:
    data = _nprs_data()
    del data["licence_restricted"]
    with pytest.raises(DataFileError, match="licence_restricted"):
        load_validated(_write(tmp_path, data), SCHEMA_PATH)


def test_schema_rejects_a_link_id_that_is_not_an_item_number(tmp_path: Path) -> None:
    data = _nprs_data()
    data["items"][0]["link_id"] = "q1"
    with pytest.raises(DataFileError, match="link_id"):
        load_validated(_write(tmp_path, data), SCHEMA_PATH)


# --- every response value the data files offer is one the scorers accept -----------------


def _answers_at(instrument: Instrument, pick: str) -> dict[str, int | None]:
    answers: dict[str, int | None] = {}
    for item in instrument.items:
        values = item.values
        answers[item.link_id] = values[0] if pick == "lowest" else values[-1]
    return answers


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
@pytest.mark.parametrize("pick", ["lowest", "highest"])
def test_data_file_response_values_are_accepted_by_the_scorer(code: str, pick: str) -> None:
    scores = score_answers(code, _answers_at(get_instrument(code), pick))
    assert tuple(scores) == SCORE_KEYS[code]


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_a_value_beyond_the_data_file_range_is_refused_by_the_scorer(code: str) -> None:
    instrument = get_instrument(code)
    answers = _answers_at(instrument, "highest")
    answers["1"] = instrument.items[0].values[-1] + 1
    with pytest.raises(ScoringError, match="item 1"):
        score_answers(code, answers)


# --- score_answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "answers", "expected"),
    [
        ("nprs", {"1": 7}, {"score": 7}),
        (
            "startback",
            dict(zip(map(str, range(1, 10)), [1, 0, 0, 0, 1, 1, 1, 0, 3], strict=True)),
            {"total": 5, "psychosocial": 4, "risk": "high"},
        ),
        ("odi", {str(n): 2 for n in range(1, 11)}, {"percent": 40.0}),
        ("psk", {"1": 7, "2": 5, "3": 9}, {"sum": 21, "mean": 7.0}),
        ("psk", {"1": 7, "2": 5, "4": 9, "5": None}, {"sum": 21, "mean": 7.0}),
        ("gpe", {"1": 2}, {"value": 2, "improved": True}),
        ("rmdq", {"1": 1, "5": 1, "24": 0}, {"total": 2}),
        (
            "eq5d5l",
            {"1": 1, "2": 1, "3": 1, "4": 1, "5": 2},
            {"index_nl": 0.883, "index_be": 0.9013},
        ),
    ],
)
def test_score_answers_maps_link_ids_to_score_keys(
    code: str, answers: dict[str, int | None], expected: dict[str, object]
) -> None:
    scores = score_answers(code, answers)
    assert scores.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, float):
            assert scores[key] == pytest.approx(value, abs=5e-7)
        else:
            assert scores[key] == value


def test_score_answers_keeps_the_odi_percent_unrounded() -> None:
    answers = dict(zip(map(str, range(1, 10)), [5, 5, 3, 3, 0, 0, 0, 0, 0], strict=True))
    assert score_answers("odi", answers) == {"percent": 320 / 9}


def test_score_answers_returns_none_for_a_fabq_subscale_with_a_missing_item() -> None:
    answers: dict[str, int | None] = {str(n): 3 for n in range(1, 17)}
    answers["11"] = None
    assert score_answers("fabq", answers) == {"pa": 12, "w": None}


def test_score_answers_refuses_an_unknown_link_id() -> None:
    with pytest.raises(ScoringError, match="unknown item linkId"):
        score_answers("nprs", {"1": 5, "2": 5})


def test_score_answers_refuses_a_missing_required_item() -> None:
    answers = {str(n): 1 for n in range(1, 17)}
    with pytest.raises(ScoringError, match=r"TSK-17: item\(s\) 17 missing"):
        score_answers("tsk17", answers)


def test_score_answers_accepts_a_list_in_item_order() -> None:
    assert score_answers("tsk11", [1] * 11) == {"total": 11}


@PROPERTY
@given(st.lists(st.integers(1, 4), min_size=17, max_size=17))
def test_score_answers_agrees_with_the_tsk17_scorer(items: list[int]) -> None:
    answers = {str(n): value for n, value in enumerate(items, start=1)}
    score = score_tsk17(items)
    assert score_answers("tsk17", answers) == {"total": score.total, "high": score.high}


@PROPERTY
@given(st.tuples(*[st.integers(0, 1)] * 8, st.integers(0, 4)).map(list))
def test_score_answers_agrees_with_the_startback_scorer(items: list[int]) -> None:
    answers = {str(n): value for n, value in enumerate(items, start=1)}
    score = score_startback(items)
    assert score_answers("startback", answers) == {
        "total": score.total,
        "psychosocial": score.psychosocial,
        "risk": score.risk,
    }
