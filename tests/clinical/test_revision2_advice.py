"""What the patient is told, by rule and by the practice's country (triage.md §2.1).

``patient_advice`` is the public interface the patient pages are built on.
"""

import dataclasses

import pytest

from ruggensteun.clinical.triage import triage
from ruggensteun.clinical.triage.texts import (
    ADVICE_KEYS,
    PatientAdvice,
    load_texts,
    patient_advice,
)
from tests.clinical.test_triage_rules import calm

COUNTRIES = ("NL", "BE")


def test_the_public_interface_has_exactly_the_agreed_fields():
    assert [field.name for field in dataclasses.fields(PatientAdvice)] == [
        "key",
        "urgency",
        "text",
        "signs",
        "calls",
        "out_of_hours_phone",
        "text_verified",
    ]


@pytest.mark.parametrize("country", COUNTRIES)
def test_aaa_calls_112_now_with_the_signs(country):
    advice = patient_advice("emergency", ["AAA"], country)
    assert advice.key == "aaa"
    assert advice.urgency == "emergency"
    assert advice.calls == ("112",)
    assert advice.text["nl"].startswith("Bel nu 112.")
    assert advice.text["en"].startswith("Call 112 now.")
    assert "huisarts" not in advice.text["nl"]
    assert advice.out_of_hours_phone is None
    signs = " ".join(sign["nl"] for sign in advice.signs).lower()
    for word in ("buik", "rug", "bleek", "zweten", "flauw"):
        assert word in signs, word
    assert len(advice.signs) == 4


def test_aaa_goes_before_ces_when_both_fired():
    advice = patient_advice("emergency", ["CES", "AAA"], "NL")
    assert (advice.key, advice.calls) == ("aaa", ("112",))


@pytest.mark.parametrize("rule_id", ["CES", "CES_BILATERAL"])
def test_ces_in_the_netherlands_calls_the_gp_then_the_huisartsenpost_and_112(rule_id):
    advice = patient_advice("emergency", [rule_id], "NL")
    assert advice.key == "ces"
    assert advice.calls == ("gp", "112")
    assert advice.text["nl"].startswith(
        "Bel nu uw huisarts. 's Avonds, 's nachts en in het weekend: de huisartsenpost."
    )
    assert "112" in advice.text["nl"]
    assert advice.out_of_hours_phone is None
    assert advice.signs == ()


@pytest.mark.parametrize("rule_id", ["CES", "CES_BILATERAL"])
def test_ces_in_belgium_names_1733_and_the_spoedgevallen(rule_id):
    advice = patient_advice("emergency", [rule_id], "BE")
    assert advice.key == "ces"
    assert advice.calls == ("gp", "112")
    assert advice.text["nl"].startswith(
        "Bel nu uw huisarts. 's Avonds, 's nachts en in het weekend: de "
        "huisartsenwachtdienst, 1733, of ga naar de spoedgevallen."
    )
    assert advice.out_of_hours_phone == "1733"
    assert "huisartsenpost" not in advice.text["nl"]


def test_urgent_in_the_netherlands_is_the_gp_today_or_the_huisartsenpost():
    advice = patient_advice("urgent", ["PARESIS"], "NL")
    assert (advice.key, advice.calls, advice.out_of_hours_phone) == ("urgent", ("gp",), None)
    assert "vandaag" in advice.text["nl"] and "huisartsenpost" in advice.text["nl"]


def test_urgent_in_belgium_is_the_gp_today_or_1733():
    advice = patient_advice("urgent", ["PARESIS"], "BE")
    assert (advice.key, advice.calls, advice.out_of_hours_phone) == ("urgent", ("gp",), "1733")
    assert "vandaag" in advice.text["nl"] and "1733" in advice.text["nl"]
    assert "huisartsenpost" not in advice.text["nl"]


@pytest.mark.parametrize("country", COUNTRIES)
def test_soon_routine_and_none_have_no_buttons(country):
    soon = patient_advice("urgent", ["INFECTION_RISK", "MALIGNANCY"], country)
    assert soon.key == "urgent"  # two soon rules raised to urgent: the urgency decides
    assert patient_advice("soon", ["MALIGNANCY"], country).calls == ()
    assert "paar dagen" in patient_advice("soon", ["MALIGNANCY"], country).text["nl"] or (
        "komende dagen" in patient_advice("soon", ["MALIGNANCY"], country).text["nl"]
    )
    routine = patient_advice("routine", ["AGE"], country)
    assert routine.calls == () and "volgende afspraak" in routine.text["nl"]
    calm_advice = patient_advice("none", [], country)
    assert calm_advice.calls == () and calm_advice.key == "none"
    assert calm_advice.text == load_texts().advice["none"].patient


@pytest.mark.parametrize("country", ["", "DE", "nl", "be"])
def test_any_other_country_gets_the_dutch_advice(country):
    assert patient_advice("urgent", ["FRACTURE_MAJOR"], country) == patient_advice(
        "urgent", ["FRACTURE_MAJOR"], "NL"
    )


def test_every_advice_is_marked_unverified_and_names_its_source():
    for key in ADVICE_KEYS:
        for country in COUNTRIES:
            chosen = load_texts().country_advice[key][country]
            assert chosen.text_verified is False
            assert "triage.md §2" in chosen.source
    assert "NHG M54 2017 [P]" in load_texts().country_advice["aaa"]["NL"].source
    assert "NHG M55 [P]" in load_texts().country_advice["ces"]["BE"].source


def test_no_advice_discourages_calling_112():
    texts = load_texts()
    every = [advice.text for by in texts.country_advice.values() for advice in by.values()]
    every += [texts.advice[urgency].patient for urgency in texts.advice]
    for text in every:
        assert "alleen als" not in text["nl"], text["nl"]
        assert "only if" not in text["en"], text["en"]


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        (calm(age=45, sudden_severe_constant_pain=True), "aaa"),
        (calm(bladder_problems=True), "ces"),
        (calm(age=30, sudden_severe_constant_pain=True), "urgent"),
        (calm(weight_loss=True), "soon"),
        (calm(pregnant=True), "routine"),
        (calm(), "none"),
    ],
)
def test_a_triage_result_gives_its_advice_by_country(answers, key):
    result = triage(answers)
    for country in COUNTRIES:
        advice = result.patient_advice(country)
        assert advice.key == key
        assert advice.urgency == result.urgency
