"""Red-flag words in a patient's own text (clinical/triage/words.py, issue #16)."""

import json

import pytest

from ruggensteun.clinical.datafiles import DataFileError, load_validated
from ruggensteun.clinical.triage import RULES
from ruggensteun.clinical.triage.words import (
    WORDS_PATH,
    WORDS_SCHEMA_PATH,
    WordHit,
    load_topics,
    red_flag_words,
    rule_ids,
)

HITS = [
    # saddle numbness (CES)
    ("Mijn billen voelen doof sinds gisteren", "saddle_numbness", "CES"),
    ("Ik heb een rijbroekgevoel", "saddle_numbness", "CES"),
    ("gevoelloos rond de anus", "saddle_numbness", "CES"),
    ("Het zadelgebied voelt raar", "saddle_numbness", "CES"),
    ("Ik voel niks bij het afvegen, geen gevoel bij het vegen", "saddle_numbness", "CES"),
    ("My bottom feels numb", "saddle_numbness", "CES"),
    ("numbness in my groin", "saddle_numbness", "CES"),
    ("Saddle anaesthesia?", "saddle_numbness", "CES"),
    # bladder and bowel (CES)
    ("Ik kan niet plassen", "bladder_bowel", "CES"),
    ("Ik verloor urine zonder het te merken", "bladder_bowel", "CES"),
    ("Ik ben incontinent geworden", "bladder_bowel", "CES"),
    ("Mijn ontlasting ging vanzelf", "bladder_bowel", "CES"),
    ("I can't pee since this morning", "bladder_bowel", "CES"),
    ("I wet myself last night", "bladder_bowel", "CES"),
    ("problems with my bowels", "bladder_bowel", "CES"),
    # weakness (PARESIS)
    ("Mijn been is verlamd", "weakness", "PARESIS"),
    ("Ik merk krachtverlies in mijn voet", "weakness", "PARESIS"),
    ("Mijn voet sleept bij het lopen", "weakness", "PARESIS"),
    ("Ik heb een klapvoet", "weakness", "PARESIS"),
    ("Ik kan mijn tenen niet optillen", "weakness", "PARESIS"),
    ("Mijn been wordt steeds zwakker", "weakness", "PARESIS"),
    ("My leg gave way on the stairs", "weakness", "PARESIS"),
    ("I have a foot drop", "weakness", "PARESIS"),
    # both legs (CES_BILATERAL)
    ("Tintelingen in beide benen", "both_legs", "CES_BILATERAL"),
    ("pins and needles in both legs", "both_legs", "CES_BILATERAL"),
    # fever (INFECTION)
    ("Ik heb koorts", "fever", "INFECTION"),
    ("Ik voel me koortsachtig", "fever", "INFECTION"),
    ("KOUDE RILLINGEN", "fever", "INFECTION"),
    ("I have a fever and chills", "fever", "INFECTION"),
    # sudden severe pain (AAA, SUDDEN_SEVERE)
    ("Plotseling hevige pijn in mijn rug", "sudden_severe_pain", "SUDDEN_SEVERE"),
    ("De pijn is ondraaglijk", "sudden_severe_pain", "AAA"),
    ("Ik heb ineens erge buikpijn", "sudden_severe_pain", "AAA"),
    ("Suddenly severe pain in my back", "sudden_severe_pain", "SUDDEN_SEVERE"),
    ("excruciating pain, worst ever", "sudden_severe_pain", "AAA"),
    # trauma (FRACTURE_MAJOR)
    ("Ik ben gisteren van de trap gevallen", "trauma", "FRACTURE_MAJOR"),
    ("Ik had een auto-ongeluk", "trauma", "FRACTURE_MAJOR"),
    ("Ik ben uitgegleden op het ijs", "trauma", "FRACTURE_MAJOR"),
    ("I fell off a ladder", "trauma", "FRACTURE_MAJOR"),
    ("car accident last week", "trauma", "FRACTURE_MAJOR"),
    # weight loss, cancer, night pain (MALIGNANCY)
    ("Ik ben 5 kilo afgevallen zonder dieet", "weight_loss", "MALIGNANCY"),
    ("Ik ben gewicht verloren", "weight_loss", "MALIGNANCY"),
    ("I lost weight without trying", "weight_loss", "MALIGNANCY"),
    ("Ik heb vroeger borstkanker gehad", "cancer", "MALIGNANCY"),
    ("Er waren uitzaaiingen", "cancer", "MALIGNANCY"),
    ("I had chemotherapy for a tumour", "cancer", "MALIGNANCY"),
    ("'s Nachts heb ik veel pijn", "night_pain", "MALIGNANCY"),
    ("Ik word wakker van de pijn", "night_pain", "MALIGNANCY"),
    ("The pain wakes me at night", "night_pain", "MALIGNANCY"),
    # accents, case, negation (conservative: a negated word still hits)
    ("KOORTS", "fever", "INFECTION"),
    ("Ik heb géén koorts", "fever", "INFECTION"),
]

# Everyday sentences that must not hit (common words near the red-flag words).
MISSES = [
    "Ik val niet snel om",
    "In sommige gevallen helpt rust",
    "Het viel reuze mee vandaag",
    "Dat valt me op",
    "De pijn zakt weg na het wandelen",
    "Mag ik nog sporten met een hernia?",
    "Is een MRI nodig?",
    "Ik heb pijn in mijn onderrug bij het bukken",
    "Ik loop elke dag een half uur",
    "Het bleek mee te vallen",
    "Ik ben mijn sleutels kwijt",
    "I can't fall asleep because of my back",
    "I fell asleep on the sofa",
    "My lower back is stiff in the morning",
    "Can I go swimming?",
    "Bedankt voor de oefeningen!",
    "",
    "   ",
]


@pytest.mark.parametrize(("text", "topic", "rule"), HITS)
def test_a_red_flag_phrase_hits_its_topic_and_rule(text: str, topic: str, rule: str) -> None:
    hits = red_flag_words(text)
    assert topic in {hit.topic for hit in hits}, hits
    assert rule in rule_ids(hits)


@pytest.mark.parametrize("text", MISSES)
def test_an_everyday_sentence_does_not_hit(text: str) -> None:
    assert red_flag_words(text) == ()


def test_at_least_forty_phrases_in_both_languages() -> None:
    assert len(HITS) + len(MISSES) >= 40
    english = [t for t, *_ in HITS if t.isascii() and any(w in t for w in ("I ", "my", "My"))]
    assert len(english) >= 10


def test_a_hit_names_the_words_as_written_and_the_source() -> None:
    hits = red_flag_words("Sinds gisteren KOORTS en Rillingen, en ik kan niet plassen.")
    assert [hit.topic for hit in hits] == ["bladder_bowel", "fever"]
    fever = hits[1]
    assert isinstance(fever, WordHit)
    assert fever.words == ("KOORTS", "Rillingen")
    assert fever.rules == ("INFECTION", "INFECTION_RISK")
    assert "triage.md" in fever.source
    assert rule_ids(hits) == ("CES", "INFECTION", "INFECTION_RISK")


def test_rule_ids_follow_the_rule_table_order() -> None:
    order = [rule.id for rule in RULES]
    ids = rule_ids(red_flag_words("koorts, gevallen van de trap, verlamd, kan niet plassen"))
    assert list(ids) == sorted(ids, key=order.index)
    assert set(ids) >= {"CES", "PARESIS", "INFECTION", "FRACTURE_MAJOR"}


def test_not_a_string_is_no_text() -> None:
    assert red_flag_words(None) == ()  # type: ignore[arg-type]


def test_every_topic_points_to_existing_rules_and_has_both_languages() -> None:
    data = load_validated(WORDS_PATH, WORDS_SCHEMA_PATH)
    known = {rule.id for rule in RULES}
    for topic in data["topics"]:
        assert set(topic["rules"]) <= known
        assert topic["words"]["nl"] and topic["words"]["en"]
        assert topic["source"]
    assert {t.id for t in load_topics()} >= {
        "saddle_numbness",
        "bladder_bowel",
        "weakness",
        "fever",
        "sudden_severe_pain",
        "trauma",
        "weight_loss",
        "cancer",
        "night_pain",
    }


def test_a_rule_id_not_in_the_rule_table_stops_loading(tmp_path, monkeypatch) -> None:
    from ruggensteun.clinical.triage import words

    data = json.loads(WORDS_PATH.read_text(encoding="utf-8"))
    data["topics"][0]["rules"] = ["NO_SUCH_RULE"]
    broken = tmp_path / "words.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(words, "WORDS_PATH", broken)
    words.load_topics.cache_clear()
    try:
        with pytest.raises(DataFileError, match="NO_SUCH_RULE"):
            words.load_topics()
    finally:
        monkeypatch.undo()
        words.load_topics.cache_clear()
