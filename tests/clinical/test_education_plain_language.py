"""Plain-language guard for every text a patient reads in education, flare-up plan and tips.

Patient Dutch is B1: short sentences, common words, jargon only when explained at once.
The checks are rough on purpose (counting words, looking for known jargon), so they can
fail; the first tests show that they do.
"""

import re
from collections.abc import Iterator

import pytest

from ruggensteun.clinical.programme.education import (
    EducationModule,
    Text,
    load_flareup_plan,
    load_hygiene_tips,
    load_modules,
)

MAX_WORDS_NL = 20
MAX_WORDS_EN = 25
SHORT_SENTENCE_WORDS = 15
SHARE_SHORT_SENTENCES = 0.9

# Words a patient does not know and that our content never needs.
JARGON_NL = (
    "lumbaal",
    "lumbale",
    "lumbosacraal",
    "radiculair",
    "radiculaire",
    "radiculopathie",
    "nociceptie",
    "nociceptief",
    "nociceptieve",
    "sensitisatie",
    "gesensitiseerd",
    "cauda equina",
    "paravertebraal",
    "multifidus",
    "transversus",
    "discus",
    "disci",
    "degeneratie",
    "degeneratief",
    "dermatoom",
    "paresthesie",
    "parese",
    "nsaid",
    "analgetica",
    "aspecifiek",
    "aspecifieke",
    "prognose",
    "catastroferen",
    "kinesiofobie",
    "tijdcontingent",
    "pijncontingent",
    "graded activity",
    "exposure",
    "motorische controle",
    "chronificatie",
)

# Words that may be used when the same paragraph explains them (the second item must be there).
EXPLAIN_AT_FIRST_USE_NL = {
    "hernia": "tussenwervelschijf",
    "mri": "scan",
    "huisartsenpost": "avond",
    "ontstekingsremmer": "pijnstiller",
    "bedrijfsarts": "arts van uw werk",
    "zenuwstelsel": "zenuwen",
}


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at . ! ? and : followed by a space or the end."""
    parts = re.split(r"(?<=[.!?:])\s+", text.strip())
    return [part for part in parts if part]


def word_count(sentence: str) -> int:
    return len([word for word in sentence.split() if re.search(r"\w", word)])


def long_sentences(texts: list[str], limit: int) -> list[str]:
    return [s for text in texts for s in sentences(text) if word_count(s) > limit]


def share_of_short_sentences(texts: list[str]) -> float:
    counts = [word_count(s) for text in texts for s in sentences(text)]
    return sum(count <= SHORT_SENTENCE_WORDS for count in counts) / len(counts)


def jargon_in(text: str) -> list[str]:
    lowered = text.lower()
    return [word for word in JARGON_NL if re.search(rf"\b{re.escape(word)}\b", lowered)]


def unexplained_terms(units: list[str]) -> list[str]:
    """Terms whose first paragraph (in reading order) does not explain them."""
    missing = []
    for term, explanation in EXPLAIN_AT_FIRST_USE_NL.items():
        for unit in units:
            lowered = unit.lower()
            if re.search(rf"\b{re.escape(term)}\b", lowered):
                if explanation not in lowered:
                    missing.append(term)
                break
    return missing


# --- all patient texts, by where they are shown ---------------------------------------------


def module_body(module: EducationModule) -> list[Text]:
    """The module's text in reading order: sections, then questions."""
    texts: list[Text] = []
    for section in module.sections:
        if section.heading is not None:
            texts.append(section.heading)
        texts.extend(section.paragraphs)
        texts.extend(section.bullets)
    for question in module.questions:
        texts.append(question.prompt)
        texts.extend(option.text for option in question.options)
        texts.append(question.feedback)
    return texts


def module_texts(module: EducationModule) -> list[Text]:
    return [
        module.title,
        module.summary,
        *module.unlock.reasons.values(),
        *module_body(module),
    ]


def flareup_texts() -> list[Text]:
    plan = load_flareup_plan()
    texts = [plan.title, plan.intro]
    for step in plan.steps:
        texts.extend([step.heading, *step.paragraphs, *step.bullets])
    return texts


def hygiene_texts() -> list[Text]:
    texts: list[Text] = []
    for tip in load_hygiene_tips():
        texts.append(tip.text)
        if tip.detail is not None:
            texts.append(tip.detail)
    return texts


def content_pieces() -> Iterator[tuple[str, list[Text], list[Text]]]:
    """(name, all texts, body texts in reading order) for every piece of content."""
    for module in load_modules():
        yield f"module {module.id}", module_texts(module), module_body(module)
    yield "flare-up plan", flareup_texts(), flareup_texts()
    yield "hygiene tips", hygiene_texts(), hygiene_texts()


PIECES = list(content_pieces())
PIECE_IDS = [name for name, _, _ in PIECES]


# --- the guard can fail ---------------------------------------------------------------------


def test_the_guard_flags_a_long_sentence() -> None:
    long = (
        "Wanneer u na het opstaan merkt dat de pijn in uw onderrug toeneemt terwijl u "
        "zich aankleedt en daarna ook nog de trap afloopt, is dat geen reden tot zorg."
    )

    assert long_sentences([long, "Dit is kort."], MAX_WORDS_NL) == [long]


def test_the_guard_counts_sentences_not_paragraphs() -> None:
    paragraph = "Dit is kort. Dit ook! Is dit kort? Ja: heel kort."

    assert [word_count(s) for s in sentences(paragraph)] == [3, 2, 3, 1, 2]


def test_the_guard_flags_jargon_but_not_a_word_that_merely_contains_it() -> None:
    assert jargon_in("Er is een lumbale hernia.") == ["lumbale"]
    assert jargon_in("De paresthesie trekt weg.") == ["paresthesie"]
    assert jargon_in("De disciplinaire commissie.") == []


def test_the_guard_flags_a_term_that_is_not_explained_where_it_first_appears() -> None:
    assert unexplained_terms(["U heeft een hernia.", "Een tussenwervelschijf is..."]) == ["hernia"]
    assert unexplained_terms(["Een hernia is een uitstulping van de tussenwervelschijf."]) == []


# --- the content passes ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "texts", "body"), PIECES, ids=PIECE_IDS)
def test_dutch_sentences_are_short(name: str, texts: list[Text], body: list[Text]) -> None:
    dutch = [text.nl for text in texts]

    assert long_sentences(dutch, MAX_WORDS_NL) == [], name
    assert share_of_short_sentences(dutch) >= SHARE_SHORT_SENTENCES, name


@pytest.mark.parametrize(("name", "texts", "body"), PIECES, ids=PIECE_IDS)
def test_english_sentences_are_short(name: str, texts: list[Text], body: list[Text]) -> None:
    assert long_sentences([text.en for text in texts], MAX_WORDS_EN) == [], name


@pytest.mark.parametrize(("name", "texts", "body"), PIECES, ids=PIECE_IDS)
def test_dutch_text_has_no_jargon(name: str, texts: list[Text], body: list[Text]) -> None:
    found = {word for text in texts for word in jargon_in(text.nl)}

    assert found == set(), name


@pytest.mark.parametrize(("name", "texts", "body"), PIECES, ids=PIECE_IDS)
def test_hard_words_are_explained_where_they_first_appear(
    name: str, texts: list[Text], body: list[Text]
) -> None:
    assert unexplained_terms([text.nl for text in body]) == [], name


@pytest.mark.parametrize(("name", "texts", "body"), PIECES, ids=PIECE_IDS)
def test_dutch_text_says_u_not_je(name: str, texts: list[Text], body: list[Text]) -> None:
    informal = [
        text.nl for text in texts if re.search(r"\b(je|jij|jouw|jullie)\b", text.nl.lower())
    ]

    assert informal == [], name
