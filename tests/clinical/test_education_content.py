"""The education modules as content: complete, bilingual, covering the programme, safe."""

import math
import re

import pytest

from ruggensteun.clinical.programme.education import (
    EducationModule,
    core_modules,
    get_module,
    load_modules,
    profile_tags,
    topics,
)
from tests.clinical.test_education_plain_language import (
    module_body,
    module_texts,
    sentences,
    word_count,
)

# Stored plans refer to these ids; a module may be added, never renamed or removed.
KNOWN_IDS = frozenset(
    {
        "back_pain_gets_better",
        "hurt_is_not_harm",
        "keep_moving",
        "walking",
        "strong_back",
        "scans_and_diagnosis",
        "painkillers",
        "flare_ups",
        "work_and_back_pain",
        "stress_and_relaxation",
        "when_to_contact_gp",
        "how_pain_works",
        "sensitive_nervous_system",
        "fear_of_movement",
        "pacing",
        "back_muscles",
        "sleep",
        "worry_and_mood",
        "return_to_work",
        "leg_pain_and_hernia",
        "lifestyle",
        "back_hygiene",
    }
)

# Every topic programme.md §2 asks for.
PROGRAMME_TOPICS = frozenset(
    {
        "pain_education",
        "hurt_not_harm",
        "chronic_pain",
        "scans_and_diagnosis",
        "staying_active",
        "bed_rest",
        "walking",
        "strong_back",
        "posture",
        "muscles",
        "deep_back_muscles",
        "work",
        "return_to_work",
        "stress",
        "relaxation",
        "sleep",
        "fear_of_movement",
        "pacing",
        "medication",
        "flare_up",
        "leg_pain",
        "hernia",
        "lifestyle",
        "smoking",
        "weight",
        "fitness",
        "back_hygiene",
        "red_flags",
    }
)

# A B1 reader, with time to answer the questions.
WORDS_PER_MINUTE = 150

MODULES = load_modules()
MODULE_IDS = [module.id for module in MODULES]


def test_there_are_at_least_eighteen_modules() -> None:
    assert len(MODULES) >= 18


def test_known_module_ids_stay_present() -> None:
    assert set(MODULE_IDS) >= KNOWN_IDS


def test_module_ids_are_unique() -> None:
    assert len(MODULE_IDS) == len(set(MODULE_IDS))


@pytest.mark.parametrize("module", MODULES, ids=MODULE_IDS)
def test_every_patient_text_is_in_dutch_and_in_english(module: EducationModule) -> None:
    for text in module_texts(module):
        assert text.nl.strip(), module.id
        assert text.en.strip(), module.id
        # Same text in both fields means someone forgot to translate.
        assert text.nl != text.en, (module.id, text.nl)


def test_the_core_modules_cover_all_ten_core_messages() -> None:
    covered = set().union(*(module.core_messages for module in core_modules()))

    assert covered >= set(range(1, 11))


def test_every_programme_topic_has_a_module() -> None:
    covered = set().union(*(module.topics for module in MODULES))

    assert PROGRAMME_TOPICS - covered == set()
    assert topics() >= PROGRAMME_TOPICS


def test_core_modules_have_distinct_orders_from_one_upwards() -> None:
    orders = [module.unlock.core_order for module in core_modules()]

    assert orders == list(range(1, len(orders) + 1))


@pytest.mark.parametrize("module", MODULES, ids=MODULE_IDS)
def test_every_question_has_a_correct_option_that_exists_and_a_wrong_one(
    module: EducationModule,
) -> None:
    assert 1 <= len(module.questions) <= 2
    for question in module.questions:
        option_ids = {option.id for option in question.options}
        assert 2 <= len(option_ids) <= 4
        assert question.correct, question.id
        assert question.correct <= option_ids, question.id
        assert option_ids - question.correct, f"{question.id}: every option is correct"


@pytest.mark.parametrize("module", MODULES, ids=MODULE_IDS)
def test_unlocking_tags_are_known_profile_tags(module: EducationModule) -> None:
    assert module.unlock.only_for <= profile_tags()
    assert module.unlock.priority_for <= profile_tags()


def test_leg_pain_and_hernia_is_only_for_radicular_pain() -> None:
    module = get_module("leg_pain_and_hernia")

    assert module.unlock.only_for == {"radicular"}
    assert module.is_available_for({"radicular"})
    assert not module.is_available_for({"fear", "chronic"})


def test_only_the_leg_pain_module_is_limited_to_some_patients() -> None:
    limited = [module.id for module in MODULES if module.unlock.only_for]

    assert limited == ["leg_pain_and_hernia"]


@pytest.mark.parametrize(
    ("tag", "topic"),
    [
        ("fear", "fear_of_movement"),
        ("fear", "pain_education"),
        ("sick_leave", "return_to_work"),
        ("work", "work"),
        ("stress", "stress"),
        ("radicular", "leg_pain"),
        ("sleep", "sleep"),
        ("chronic", "pacing"),
        ("chronic", "chronic_pain"),
        ("low_mood", "mood"),
        ("catastrophising", "pain_education"),
        ("flare_up", "flare_up"),
    ],
)
def test_a_profile_tag_brings_its_topic_forward(tag: str, topic: str) -> None:
    # programme.md §2: fear -> fear of movement and pain education early; sick leave -> work; ...
    forward = [
        module.id
        for module in MODULES
        if tag in module.unlock.priority_for and topic in module.topics
    ]

    assert forward, f"no module with topic {topic!r} is brought forward by {tag!r}"


@pytest.mark.parametrize("module", MODULES, ids=MODULE_IDS)
def test_every_reason_speaks_to_the_patient(module: EducationModule) -> None:
    for tag, reason in module.unlock.reasons.items():
        if tag == "core":
            continue
        assert re.search(r"\b[Uu]w?\b", reason.nl), (module.id, tag)
        assert re.search(r"\b[Yy]ou(r)?\b", reason.en), (module.id, tag)


@pytest.mark.parametrize("module", MODULES, ids=MODULE_IDS)
def test_the_reading_time_matches_the_length_of_the_text(module: EducationModule) -> None:
    words = sum(word_count(s) for text in module_body(module) for s in sentences(text.nl))
    estimate = math.ceil(words / WORDS_PER_MINUTE)

    assert estimate <= module.reading_minutes <= estimate + 1, (module.id, words)
    assert module.reading_minutes <= 5


@pytest.mark.parametrize("module", MODULES, ids=MODULE_IDS)
def test_every_module_names_a_published_source(module: EducationModule) -> None:
    assert any(source.year is not None for source in module.sources), module.id


def _dutch_text(module: EducationModule) -> str:
    return " ".join(text.nl for text in module_body(module)).lower()


# Each triage rule (triage.md §2) and the plain words that must describe it.
RED_FLAG_WORDS = {
    "CES": ["anus", "geslachtsdelen", "plassen", "ontlasting"],
    "CES_BILATERAL": ["beide benen"],
    "AAA": ["plotseling heel erge pijn"],
    "PARESIS": ["erg zwak", "erger"],
    "OPIOID_RESISTANT": ["sterke pijnstillers"],
    "INFECTION": ["koorts"],
    "FRACTURE_MAJOR": ["ongeluk"],
    "INFECTION_RISK": ["operatie of prik"],
    "MALIGNANCY": ["kanker", "valt af", "nacht"],
    "FRACTURE_OSTEO": ["botontkalking"],
    "NO_RECOVERY": ["drie tot vier weken"],
}


@pytest.mark.parametrize("rule", sorted(RED_FLAG_WORDS))
def test_the_gp_module_names_every_red_flag_in_plain_words(rule: str) -> None:
    text = _dutch_text(get_module("when_to_contact_gp"))

    assert [word for word in RED_FLAG_WORDS[rule] if word not in text] == []


def test_the_gp_module_says_where_to_call_at_any_hour() -> None:
    text = _dutch_text(get_module("when_to_contact_gp"))

    assert "huisartsenpost" in text
    assert "112" in text
    assert "huisarts" in text


def test_the_gp_module_is_a_core_module_read_after_the_reassuring_ones() -> None:
    gp = get_module("when_to_contact_gp")
    reassuring = [get_module("back_pain_gets_better"), get_module("hurt_is_not_harm")]

    assert gp.unlock.core
    assert all((gp.unlock.core_order or 0) > (m.unlock.core_order or 0) for m in reassuring)


def _advice(module: EducationModule) -> str:
    """The module's advice: its sections, not the wrong options of its questions."""
    texts = [
        text.nl for section in module.sections for text in (*section.paragraphs, *section.bullets)
    ]
    return " ".join(texts).lower()


def test_bed_rest_is_never_advised_for_more_than_two_days() -> None:
    # Core message 3: bed rest at most 2 days; no module may suggest more.
    for module in MODULES:
        advice = _advice(module)
        assert not re.search(r"\b(dagen|week|weken)\b[^.?!]*\bbed\b", advice), module.id
        assert not re.search(r"\bbed\b[^.?!]*\b(week|weken)\b", advice), module.id
    assert "hooguit twee dagen" in _advice(get_module("keep_moving"))
