"""FHIR R4 export and reading of instrument responses.

fhir.resources has no pure R4 package; its R4B models are wire-compatible with R4 for
Questionnaire, QuestionnaireResponse, Observation and Bundle, so every export is parsed with
them.
"""

import copy
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.instruments.fhir import (
    LOINC,
    SCORE_SYSTEM,
    FhirInputError,
    observation_resources,
    questionnaire_resource,
    questionnaire_response_resource,
    questionnaire_url,
    score_fhir,
)
from ruggensteun.clinical.instruments.registry import (
    INSTRUMENT_CODES,
    Instrument,
    all_instruments,
    get_instrument,
    score_answers,
)
from ruggensteun.clinical.instruments.scoring import ScoringError

PROPERTY = settings(max_examples=200, deadline=None)


def plain_response(code: str, values: dict[str, int], status: str = "completed") -> dict[str, Any]:
    """A QuestionnaireResponse as another system would send it: valueInteger only."""
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"https://example.org/fhir/Questionnaire/{code}",
        "status": status,
        "item": [
            {"linkId": link_id, "answer": [{"valueInteger": value}]}
            for link_id, value in values.items()
        ],
    }


def numbered(values: list[int]) -> dict[str, int]:
    return {str(n): value for n, value in enumerate(values, start=1)}


def valid_answers(instrument: Instrument) -> st.SearchStrategy[dict[str, int]]:
    """Complete answers drawn from the values each item offers (PSK: 3 to 5 activities)."""
    count = len(instrument.items)
    count_strategy = st.integers(3, 5) if instrument.code == "psk" else st.just(count)
    return count_strategy.flatmap(
        lambda answered: st.tuples(
            *[st.sampled_from(item.values) for item in instrument.items[:answered]]
        ).map(lambda values: numbered(list(values)))
    )


# --- export validates as FHIR -------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_questionnaire_export_is_valid_fhir(code: str, language: str) -> None:
    resource = questionnaire_resource(code, language)
    parsed = Questionnaire.model_validate(resource)
    assert parsed.url == questionnaire_url(code)
    assert parsed.language == language
    link_ids = [item.linkId for item in parsed.item]
    assert [str(n) for n in range(1, len(get_instrument(code).items) + 1)] == [
        link_id for link_id in link_ids if link_id.isdigit()
    ]


def test_questionnaire_with_unverified_dutch_text_is_a_draft() -> None:
    assert questionnaire_resource("startback", "nl")["status"] == "draft"


def test_questionnaire_carries_the_loinc_panel_where_one_exists() -> None:
    assert questionnaire_resource("startback", "en")["code"][0]["code"] == "91349-1"
    assert questionnaire_resource("odi", "en")["code"][0]["code"] == "97908-8"
    assert "code" not in questionnaire_resource("qbpds", "en")


def test_questionnaire_choice_options_carry_the_published_value() -> None:
    item = questionnaire_resource("startback", "nl")["item"][9]  # after the instructions
    assert item["linkId"] == "9"
    codes = [option["valueCoding"]["code"] for option in item["answerOption"]]
    assert codes == ["0", "1", "2", "3", "4"]
    assert item["answerOption"][3]["valueCoding"]["display"] == "Erg"


def test_psk_questionnaire_offers_the_activity_list_as_open_choice() -> None:
    items = {item["linkId"]: item for item in questionnaire_resource("psk", "nl")["item"]}
    assert items["activity-1"]["type"] == "open-choice"
    assert items["activity-1"]["answerOption"][0]["valueCoding"]["display"] == "Bukken"
    assert items["1"]["type"] == "integer"


@pytest.mark.parametrize("instrument", all_instruments(), ids=lambda i: i.code)
def test_response_and_observation_exports_are_valid_fhir(instrument: Instrument) -> None:
    answers = {item.link_id: item.values[-1] for item in instrument.items}
    response = questionnaire_response_resource(
        instrument,
        answers,
        "nl",
        response_id="r1",
        subject="Patient/p1",
        authored="2026-03-02T10:00:00+01:00",
        activities={"1": "bukken", "2": "tennis met de buren"},
    )
    QuestionnaireResponse.model_validate(response)
    observations = observation_resources(
        instrument,
        score_answers(instrument.code, answers),
        "nl",
        subject="Patient/p1",
        effective="2026-03-02T10:00:00+01:00",
        derived_from="QuestionnaireResponse/r1",
    )
    assert observations
    for observation in observations:
        Observation.model_validate(observation)
    Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": resource} for resource in [response, *observations]],
        }
    )


# --- Observations -------------------------------------------------------------------------


def codes_of(observation: dict[str, Any], system: str) -> list[str]:
    return [c["code"] for c in observation["code"]["coding"] if c["system"] == system]


def test_nprs_observation_uses_loinc_72514_3() -> None:
    (observation,) = observation_resources("nprs", {"score": 6}, "en")
    assert codes_of(observation, LOINC) == ["72514-3"]
    assert observation["valueInteger"] == 6


def test_startback_observations_use_their_loinc_codes_and_answer_codes() -> None:
    scores = score_answers("startback", numbered([1, 0, 0, 0, 1, 1, 1, 0, 3]))
    observations = observation_resources("startback", scores, "en")
    assert [codes_of(o, LOINC) for o in observations] == [["91351-7"], ["91350-9"], ["91352-5"]]
    risk = observations[2]["valueCodeableConcept"]["coding"][0]
    assert (risk["code"], risk["display"]) == ("LA9193-9", "High")


def test_odi_observation_is_an_unrounded_percentage_with_loinc_97909_6() -> None:
    scores = score_answers("odi", numbered([5, 5, 3, 3, 0, 0, 0, 0, 0]))
    (observation,) = observation_resources("odi", scores, "en")
    assert codes_of(observation, LOINC) == ["97909-6"]
    assert observation["valueQuantity"]["value"] == pytest.approx(35.5555555556)
    assert observation["valueQuantity"]["code"] == "%"


def test_instruments_without_loinc_use_the_local_score_code_system() -> None:
    scores = score_answers("tsk17", numbered([2] * 17))
    total, high = observation_resources("tsk17", scores, "nl")
    assert codes_of(total, LOINC) == []
    assert codes_of(total, SCORE_SYSTEM) == ["tsk17-total"]
    assert high["valueBoolean"] is True


def test_eq5d5l_index_observations_name_their_value_set() -> None:
    scores = score_answers("eq5d5l", numbered([1, 1, 1, 1, 2]))
    dutch, belgian = observation_resources("eq5d5l", scores, "en")
    assert codes_of(dutch, SCORE_SYSTEM) == ["eq5d5l-index_nl"]
    assert codes_of(belgian, SCORE_SYSTEM) == ["eq5d5l-index_be"]
    assert dutch["valueQuantity"]["value"] == pytest.approx(0.883)


def test_a_missing_fabq_subscale_has_no_observation() -> None:
    observations = observation_resources("fabq", {"pa": 12, "w": None}, "nl")
    assert [codes_of(o, SCORE_SYSTEM) for o in observations] == [["fabq-pa"]]


# --- reading: round trip ------------------------------------------------------------------


@PROPERTY
@given(
    st.sampled_from(all_instruments()).flatmap(lambda i: st.tuples(st.just(i), valid_answers(i)))
)
def test_exported_response_scores_the_same_as_its_answers(
    case: tuple[Instrument, dict[str, int]],
) -> None:
    instrument, answers = case
    language = "nl" if sum(answers.values()) % 2 else "en"
    response = questionnaire_response_resource(instrument, answers, language)
    assert score_fhir(response) == {
        "instrument": instrument.code,
        "scores": score_answers(instrument.code, answers),
    }


def test_plain_value_integer_response_is_read() -> None:
    response = plain_response("startback", numbered([1, 0, 1, 0, 0, 1, 0, 0, 4]))
    assert score_fhir(response) == {
        "instrument": "startback",
        "scores": {"total": 4, "psychosocial": 2, "risk": "medium"},
    }


@pytest.mark.parametrize(
    ("code", "values", "scores"),
    [
        ("nprs", [8], {"score": 8}),
        ("qbpds", [2] * 10 + [3] * 10, {"total": 50}),
        ("rmdq", [1] * 7 + [0] * 17, {"total": 7}),
        ("odi", [2, 1, 3, 2, 2, 2, 1, 0, 1, 2], {"percent": 32.0}),
        ("psk", [7, 5, 9], {"sum": 21, "mean": 7.0}),
        ("gpe", [3], {"value": 3, "improved": False}),
        (
            "fabq",
            [3, 4, 5, 2, 6, 1, 2, 6, 3, 4, 5, 6, 0, 6, 2, 1],
            {"pa": 17, "w": 23},
        ),
        ("tsk17", [1] + [2] * 16, {"total": 37, "high": False}),
        ("tsk11", [3, 3, 2, 3, 2, 3, 2, 2, 2, 2, 2], {"total": 26}),
        ("ompsq10", [7, 6, 5, 4, 6, 3, 7, 6, 4, 5], {"total": 59, "at_risk": True}),
    ],
)
def test_plain_responses_give_the_spec_scores(
    code: str, values: list[int], scores: dict[str, object]
) -> None:
    assert score_fhir(plain_response(code, numbered(values))) == {
        "instrument": code,
        "scores": scores,
    }


def test_eq5d5l_plain_response_gives_both_indices() -> None:
    result = score_fhir(plain_response("eq5d5l", numbered([5, 5, 5, 5, 5])))
    assert isinstance(result, dict)
    assert result["scores"]["index_nl"] == pytest.approx(-0.446)
    assert result["scores"]["index_be"] == pytest.approx(-0.5316458)


def test_rmdq_reads_ticks_given_as_booleans_and_blanks_as_not_ticked() -> None:
    response = plain_response("rmdq", {})
    response["item"] = [
        {"linkId": "1", "answer": [{"valueBoolean": True}]},
        {"linkId": "2", "answer": [{"valueBoolean": False}]},
        {"linkId": "3", "answer": [{"valueInteger": 1}]},
    ]
    assert score_fhir(response) == {"instrument": "rmdq", "scores": {"total": 2}}


def test_items_nested_in_groups_are_read() -> None:
    response = plain_response("nprs", {})
    response["item"] = [
        {"linkId": "pain", "item": [{"linkId": "1", "answer": [{"valueInteger": 4}]}]}
    ]
    assert score_fhir(response) == {"instrument": "nprs", "scores": {"score": 4}}


def test_questionnaire_version_suffix_is_ignored() -> None:
    response = plain_response("gpe", {"1": 1})
    response["questionnaire"] = "https://example.org/fhir/Questionnaire/gpe|2024-01"
    assert score_fhir(response) == {"instrument": "gpe", "scores": {"value": 1, "improved": True}}


# --- reading: errors per response ---------------------------------------------------------


def error_of(resource: dict[str, Any]) -> str:
    result = score_fhir(resource)
    assert isinstance(result, dict)
    assert "scores" not in result
    error = result["error"]
    assert isinstance(error, str)
    return error


def test_incomplete_response_gets_an_error_naming_the_missing_item() -> None:
    values = numbered([1] * 20)
    del values["7"]
    assert "item(s) 7 missing" in error_of(plain_response("qbpds", values))


def test_unknown_instrument_gets_an_error() -> None:
    response = plain_response("sf36", {"1": 1})
    assert score_fhir(response) == {"instrument": "sf36", "error": "unknown instrument 'sf36'"}


def test_out_of_range_value_gets_an_error() -> None:
    assert "item 1: 11 is outside 0-10" in error_of(plain_response("nprs", {"1": 11}))


def test_in_progress_response_is_not_scored() -> None:
    response = plain_response("rmdq", {"1": 1}, status="in-progress")
    assert "only completed or amended" in error_of(response)


def test_response_without_questionnaire_gets_an_error() -> None:
    response = plain_response("nprs", {"1": 3})
    del response["questionnaire"]
    assert score_fhir(response) == {
        "instrument": None,
        "error": "QuestionnaireResponse.questionnaire is missing",
    }


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ([{"valueInteger": 2}, {"valueInteger": 3}], "has 2 answers"),
        ([{"valueString": "3"}], "expected valueInteger or valueCoding, got valueString"),
        ([{"valueInteger": True}], "is not a whole number"),
        ([{"valueDecimal": 3.0}], "got valueDecimal"),
        ([{"valueCoding": {"code": "LA6113-0"}}], "is not a response value"),
        ([{"valueBoolean": True}], "got valueBoolean"),
    ],
)
def test_malformed_answers_get_an_error(answer: list[dict[str, Any]], message: str) -> None:
    response = plain_response("nprs", {})
    response["item"] = [{"linkId": "1", "answer": answer}]
    assert message in error_of(response)


def test_repeated_link_id_gets_an_error() -> None:
    response = plain_response("nprs", {"1": 3})
    response["item"].append(copy.deepcopy(response["item"][0]))
    assert "appears more than once" in error_of(response)


# --- reading: Bundles ---------------------------------------------------------------------


def test_bundle_gives_one_result_per_entry_in_order() -> None:
    good = plain_response("nprs", {"1": 5})
    bad = plain_response("gpe", {"1": 9})
    tick = questionnaire_response_resource("rmdq", {"3": 1, "4": 1}, "nl")
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": good}, {"resource": bad}, {"resource": tick}],
    }
    results = score_fhir(bundle)
    assert isinstance(results, list)
    assert [result["instrument"] for result in results] == ["nprs", "gpe", "rmdq"]
    assert results[0]["scores"] == {"score": 5}
    assert "error" in results[1]
    assert results[2]["scores"] == {"total": 2}


def test_bundle_entry_that_is_not_a_response_gets_an_error_in_its_place() -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "Patient"}}, {"fullUrl": "urn:x"}],
    }
    assert score_fhir(bundle) == [
        {"instrument": None, "error": "Bundle entry 1 is a Patient, not a QuestionnaireResponse"},
        {"instrument": None, "error": "Bundle entry 2 has no resource"},
    ]


def test_empty_bundle_gives_an_empty_list() -> None:
    assert score_fhir({"resourceType": "Bundle", "type": "collection"}) == []


@pytest.mark.parametrize(
    "resource",
    [
        [],
        "QuestionnaireResponse",
        {"item": []},
        {"resourceType": "Patient"},
        {"resourceType": "Bundle", "entry": {"resource": {}}},
    ],
)
def test_input_that_is_not_a_response_or_bundle_is_refused(resource: object) -> None:
    with pytest.raises(FhirInputError):
        score_fhir(resource)


def test_answered_item_with_a_non_numeric_link_id_is_refused_not_skipped() -> None:
    response = plain_response("rmdq", {"1": 1})
    response["item"].append({"linkId": "Q02", "answer": [{"valueInteger": 1}]})
    assert "linkId 'Q02' is not an item number" in error_of(response)


def test_psk_activity_items_are_read_past_without_being_scored() -> None:
    response = questionnaire_response_resource(
        "psk", {"1": 7, "2": 5, "3": 9}, "nl", activities={"1": "bukken", "3": "dansen"}
    )
    linked = [item["linkId"] for item in response["item"]]
    assert linked == ["activity-1", "1", "2", "activity-3", "3"]
    assert response["item"][3]["answer"] == [{"valueString": "dansen"}]
    assert score_fhir(response) == {"instrument": "psk", "scores": {"sum": 21, "mean": 7.0}}


def test_export_refuses_a_value_the_item_does_not_offer() -> None:
    with pytest.raises(ScoringError, match="gpe item 1: 8 is not one of its responses"):
        questionnaire_response_resource("gpe", {"1": 8}, "nl")


scalars = (
    st.none()
    | st.booleans()
    | st.integers(-3, 12)
    | st.text(max_size=4)
    | st.floats(allow_nan=False, allow_infinity=False, width=16)
)
answers = st.dictionaries(
    st.sampled_from(["valueInteger", "valueCoding", "valueBoolean", "valueString", "item"]),
    scalars | st.dictionaries(st.just("code"), scalars | st.sampled_from(["1", "3", "x"])),
    max_size=2,
)
link_ids = st.sampled_from(["1", "2", "3", "9", "Q1", "activity-1", "intro-1"]) | scalars
json_items = (
    st.recursive(
        st.lists(
            st.fixed_dictionaries(
                {"linkId": link_ids}, optional={"answer": st.lists(answers, max_size=2) | scalars}
            ),
            max_size=4,
        ),
        lambda children: st.lists(
            st.fixed_dictionaries(
                {"linkId": link_ids},
                optional={"item": children, "answer": st.lists(answers, max_size=2)},
            ),
            max_size=3,
        ),
        max_leaves=10,
    )
    | scalars
)


@PROPERTY
@given(st.sampled_from(INSTRUMENT_CODES), json_items)
def test_any_item_structure_gives_scores_or_an_error_never_a_crash(
    code: str, items: object
) -> None:
    response = plain_response(code, {})
    response["item"] = items
    result = score_fhir(response)
    assert isinstance(result, dict)
    assert result["instrument"] == code
    assert ("scores" in result) != ("error" in result)
