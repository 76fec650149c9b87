"""The triage texts (texts.json): complete for every rule, flag and pathway, and plain."""

import re

from ruggensteun.clinical.triage import RULES, load_texts
from ruggensteun.clinical.triage.stratification import YELLOW_FLAG_IDS
from ruggensteun.clinical.triage.urgency import URGENCIES

TEXTS = load_texts()


def patient_texts():
    yield from (TEXTS.advice[urgency].patient for urgency in URGENCIES)
    yield TEXTS.unanswered.patient
    yield from (reasons.patient for reasons in TEXTS.rules.values())
    for by_country in TEXTS.country_advice.values():
        yield from (advice.text for advice in by_country.values())


def test_the_texts_have_exactly_one_entry_per_rule():
    assert set(TEXTS.rules) == {rule.id for rule in RULES}


def test_the_texts_name_every_yellow_flag_and_pathway():
    assert set(TEXTS.yellow_flags) == set(YELLOW_FLAG_IDS)
    assert set(TEXTS.pathways) == {"advice", "exercise", "psychologically_informed"}


def test_the_wording_is_marked_as_not_verified():
    assert TEXTS.text_verified is False


def test_patient_texts_address_the_patient_as_u_in_short_sentences():
    for text in patient_texts():
        words = re.findall(r"[a-zà-ÿ']+", text["nl"].lower())
        assert "u" in words or "uw" in words, text["nl"]
        assert not {"je", "jij", "jouw", "jou"} & set(words), text["nl"]
        for language in ("nl", "en"):
            # A colon ends a clause too (as in the intake questions' test): the Belgian CES
            # advice is worded by triage.md §2.1 as "...weekend: de huisartsenwachtdienst, ...".
            for sentence in re.split(r"[.?!:]\s+", text[language]):
                assert len(sentence.split()) <= 15, sentence


def test_emergency_advice_stops_self_management():
    advice = TEXTS.advice["emergency"].patient
    assert "Stop" in advice["nl"] and "Stop" in advice["en"]


def test_the_therapist_is_told_to_contact_the_gp_or_referrer():
    assert "huisarts of verwijzer" in TEXTS.contact_referrer["nl"]
    assert "B.1.3" in TEXTS.contact_referrer["en"]
