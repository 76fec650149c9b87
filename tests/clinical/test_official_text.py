"""Reading an instrument's official text from a FHIR R4 Questionnaire.

Every correct file here is the project's own export (``questionnaire_resource``), so the
tests prove the round trip: what we export, we read back, word for word.
"""

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.instruments.fhir import questionnaire_resource
from ruggensteun.clinical.instruments.official_text import (
    MAX_BYTES,
    REASONS,
    OfficialText,
    OfficialTextError,
    read_official_text,
    with_official_text,
)
from ruggensteun.clinical.instruments.registry import (
    INSTRUMENT_CODES,
    get_instrument,
    score_answers,
)


def _export(code: str, language: str = "nl") -> dict[str, Any]:
    return questionnaire_resource(get_instrument(code), language)


def _bytes(resource: Any) -> bytes:
    return json.dumps(resource, ensure_ascii=False).encode("utf-8")


def _problems(data: bytes, code: str, **kwargs: Any) -> list[str]:
    with pytest.raises(OfficialTextError) as refused:
        read_official_text(data, get_instrument(code), **kwargs)
    return [problem.message for problem in refused.value.problems]


def _question(resource: dict[str, Any], link_id: str) -> dict[str, Any]:
    return next(item for item in resource["item"] if item["linkId"] == link_id)


# --- the round trip -----------------------------------------------------------------------


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_our_own_export_reads_back_to_the_same_words(code, language):
    definition = get_instrument(code)
    official = read_official_text(_bytes(_export(code, language)), definition)
    assert official.language == language
    shown = with_official_text(definition, official)
    assert shown.items == definition.items
    assert shown.instructions == definition.instructions


def test_imported_words_replace_only_their_own_language():
    resource = _export("startback")
    _question(resource, "1")["text"] = "Officiële tekst van vraag 1."
    option = _question(resource, "1")["answerOption"][1]["valueCoding"]
    option["display"] = "Mee eens"
    definition = get_instrument("startback")
    shown = with_official_text(definition, read_official_text(_bytes(resource), definition))
    assert shown.items[0].text == {
        "nl": "Officiële tekst van vraag 1.",
        "en": definition.items[0].text["en"],
    }
    assert shown.items[0].label(1, "nl") == "Mee eens"
    assert shown.items[0].label(1, "en") == definition.items[0].label(1, "en")
    assert shown.items[1] == definition.items[1]


def test_number_scale_anchors_are_read_from_the_text():
    resource = _export("nprs")
    _question(resource, "1")["text"] = "Uw pijn? (0 = Helemaal geen pijn; 10 = Ergste pijn)"
    definition = get_instrument("nprs")
    official = read_official_text(_bytes(resource), definition)
    assert official.items["1"].text == "Uw pijn?"
    assert dict(official.items["1"].labels) == {0: "Helemaal geen pijn", 10: "Ergste pijn"}


def test_answer_options_as_value_integer_are_accepted_for_a_number_scale():
    resource = _export("nprs")
    question = _question(resource, "1")
    del question["extension"]
    question["answerOption"] = [{"valueInteger": value} for value in range(11)]
    official = read_official_text(_bytes(resource), get_instrument("nprs"))
    assert official.items["1"].text.startswith("Hoeveel pijn")


def test_questions_inside_groups_are_found():
    resource = _export("startback")
    resource["item"] = [{"linkId": "group", "type": "group", "item": resource["item"]}]
    official = read_official_text(_bytes(resource), get_instrument("startback"))
    assert sorted(official.items, key=int) == [str(n) for n in range(1, 10)]


def test_the_language_is_the_readers_choice_when_the_file_names_none():
    resource = _export("gpe")
    del resource["language"]
    definition = get_instrument("gpe")
    assert read_official_text(_bytes(resource), definition, language="nl").language == "nl"
    assert _problems(_bytes(resource), "gpe") == [REASONS["no_language"]]


def test_a_regional_language_tag_counts_as_its_language():
    resource = _export("gpe")
    resource["language"] = "nl-BE"
    assert read_official_text(_bytes(resource), get_instrument("gpe")).language == "nl"


def test_stored_text_survives_json():
    definition = get_instrument("odi")
    official = read_official_text(_bytes(_export("odi")), definition)
    assert OfficialText.from_json(json.loads(json.dumps(official.to_json()))) == official


def test_scores_do_not_change_with_the_wording():
    definition = get_instrument("startback")
    shown = with_official_text(
        definition, read_official_text(_bytes(_export("startback")), definition)
    )
    answers = {item.link_id: item.values[-1] for item in shown.items}
    assert score_answers("startback", answers) == {"total": 9, "psychosocial": 5, "risk": "high"}


# --- refusals, each with its Dutch reason ---------------------------------------------------


def test_a_missing_question_is_refused_with_the_count_and_the_number():
    resource = _export("startback")
    resource["item"] = [item for item in resource["item"] if item["linkId"] != "9"]
    assert _problems(_bytes(resource), "startback") == [
        "Het bestand heeft 8 vragen; de STarT Back Screening Tool (9 items) heeft er 9.",
        "Vraag 9 ontbreekt in het bestand.",
    ]


def test_an_unknown_link_id_is_refused():
    resource = _export("gpe")
    resource["item"].append({"linkId": "Q2", "type": "choice", "text": "Extra vraag"})
    name = get_instrument("gpe").name["nl"]
    assert _problems(_bytes(resource), "gpe") == [
        f"Onbekende vraag Q2: de {name} heeft de vragen 1 tot en met 1."
    ]


def test_an_extra_numbered_question_is_refused():
    resource = _export("startback")
    resource["item"].append(copy.deepcopy(_question(resource, "9")) | {"linkId": "10"})
    problems = _problems(_bytes(resource), "startback")
    assert "Onbekende vraag 10" in problems[0]


def test_a_changed_answer_value_is_refused_naming_both_sets():
    resource = _export("startback")
    _question(resource, "1")["answerOption"][1]["valueCoding"]["code"] = "2"
    assert _problems(_bytes(resource), "startback") == [
        "Vraag 1: de antwoordwaarden 0, 2 zijn anders dan de waarden waarmee de score "
        "berekend wordt (0, 1)."
    ]


def test_a_changed_scale_range_is_refused():
    resource = _export("nprs")
    _question(resource, "1")["extension"][1]["valueInteger"] = 100
    problems = _problems(_bytes(resource), "nprs")
    assert len(problems) == 1
    assert problems[0].startswith("Vraag 1: de antwoordwaarden 0, 1, 2,")
    assert problems[0].endswith("(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).")


def test_a_choice_without_words_is_refused():
    resource = _export("gpe")
    del _question(resource, "1")["answerOption"][0]["valueCoding"]["display"]
    assert _problems(_bytes(resource), "gpe") == [
        "Vraag 1: antwoord 1 heeft geen tekst (valueCoding.display)."
    ]


def test_every_problem_is_listed_at_once():
    resource = _export("startback")
    _question(resource, "2")["text"] = ""
    _question(resource, "3")["answerOption"][0]["valueCoding"]["code"] = "nul"
    resource["item"] = [item for item in resource["item"] if item["linkId"] != "4"]
    problems = _problems(_bytes(resource), "startback")
    assert "Vraag 2 heeft geen tekst." in problems
    assert "Vraag 3: het antwoord 'nul' is geen geheel getal." in problems
    assert "Vraag 4 ontbreekt in het bestand." in problems


def test_not_json_is_refused_with_where():
    assert _problems(b'{"resourceType": "Questionnaire",', "nprs") == [
        "Dit bestand is geen geldige JSON (regel 1, teken 34). "
        "Kies het FHIR-bestand (.json) van de vragenlijst."
    ]


def test_binary_is_refused():
    assert _problems(b"\xff\xfe\x00PNG", "nprs") == [REASONS["not_text"]]


def test_a_wrong_resource_type_is_refused():
    resource = _export("nprs") | {"resourceType": "QuestionnaireResponse"}
    assert _problems(_bytes(resource), "nprs") == [
        "Dit is een FHIR QuestionnaireResponse, geen Questionnaire."
    ]


def test_a_file_without_resource_type_or_object_is_refused():
    assert _problems(b"[1, 2]", "nprs") == [REASONS["not_object"]]
    assert _problems(b"{}", "nprs") == [REASONS["no_resource_type"]]


def test_a_file_without_items_is_refused():
    resource = _export("nprs")
    del resource["item"]
    assert _problems(_bytes(resource), "nprs") == [REASONS["no_items"]]


def test_a_file_larger_than_the_limit_is_refused_before_reading():
    resource = _export("nprs") | {"description": "x" * MAX_BYTES}
    assert _problems(_bytes(resource), "nprs") == [
        "Het bestand is groter dan 1 MB. Een vragenlijst is veel kleiner: kies het juiste bestand."
    ]


def test_our_export_of_another_instrument_is_refused():
    resource = _export("rmdq")
    assert _problems(_bytes(resource), "qbpds") == [
        "Dit bestand is de vragenlijst rmdq, niet qbpds."
    ]


def test_a_language_that_contradicts_the_choice_is_refused():
    assert _problems(_bytes(_export("nprs", "en")), "nprs", language="nl") == [
        "Het bestand is in het Engels, maar u koos Nederlands."
    ]


def test_an_unsupported_language_is_refused():
    resource = _export("nprs") | {"language": "de"}
    assert _problems(_bytes(resource), "nprs") == [
        "De taal de wordt niet ondersteund. Kies Nederlands (nl) of Engels (en)."
    ]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_no_input_raises_anything_but_a_refusal(data):
    try:
        read_official_text(data, get_instrument("startback"))
    except OfficialTextError as error:
        assert error.problems


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(["linkId", "text", "item", "answerOption", "valueCoding", "code"]),
                children,
                max_size=4,
            )
        ),
        max_leaves=20,
    )
)
def test_no_malformed_questionnaire_raises_anything_but_a_refusal(items):
    resource = {"resourceType": "Questionnaire", "language": "nl", "item": items}
    try:
        read_official_text(_bytes(resource), get_instrument("gpe"))
    except OfficialTextError as error:
        assert error.problems
