"""Words in and out of the search: tokens, stop words, a light stemmer per language, the
lay-word synonyms applied to a question, and the highlighted passage shown with a hit.

Both search engines use these for the question, so a question means the same on SQLite and
on PostgreSQL. PostgreSQL stems the stored passages with its own Snowball 'dutch' and
'english' configurations; SQLite's FTS5 has no Dutch stemmer, so the passages are stored
there stemmed by ``stem`` below (a small suffix stripper modelled on the Snowball rules:
plurals, -heid/-heden, -ing, -lijk, diminutives -je/-tje; English -s/-es/-ies/-ing/-ed/-ly).
It is measured, not assumed: benchmarks/search.py runs on both.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.json"
LANGUAGES = ("nl", "en")
WORD = re.compile(r"\w+", re.UNICODE)

# Short function words that say nothing about the topic (from the Snowball stop-word lists
# for Dutch and English, shortened to the words lay questions use).
STOP_WORDS = {
    "nl": frozenset(
        [
            "aan",
            "al",
            "alle",
            "als",
            "altijd",
            "ben",
            "bij",
            "dan",
            "dat",
            "de",
            "deze",
            "die",
            "dit",
            "doe",
            "doen",
            "door",
            "dus",
            "een",
            "en",
            "er",
            "ga",
            "gaat",
            "geen",
            "had",
            "heb",
            "hebben",
            "heeft",
            "het",
            "hier",
            "hij",
            "hoe",
            "hoeveel",
            "hun",
            "ik",
            "in",
            "is",
            "ja",
            "je",
            "jij",
            "kan",
            "kon",
            "kunnen",
            "maar",
            "me",
            "meer",
            "mag",
            "met",
            "mij",
            "mijn",
            "moet",
            "moeten",
            "na",
            "naar",
            "niet",
            "nog",
            "nu",
            "of",
            "om",
            "ook",
            "op",
            "over",
            "te",
            "tot",
            "u",
            "uw",
            "van",
            "veel",
            "voor",
            "waarom",
            "wanneer",
            "wat",
            "welk",
            "welke",
            "wel",
            "wie",
            "wij",
            "wil",
            "worden",
            "wordt",
            "za",
            "zal",
            "ze",
            "zelf",
            "zich",
            "zij",
            "zijn",
            "zo",
            "zou",
        ]
    ),
    "en": frozenset(
        [
            "a",
            "about",
            "after",
            "all",
            "am",
            "an",
            "and",
            "any",
            "are",
            "as",
            "at",
            "be",
            "because",
            "been",
            "but",
            "by",
            "can",
            "could",
            "did",
            "do",
            "does",
            "for",
            "from",
            "get",
            "got",
            "had",
            "has",
            "have",
            "how",
            "i",
            "if",
            "in",
            "is",
            "it",
            "its",
            "just",
            "me",
            "more",
            "my",
            "no",
            "not",
            "of",
            "on",
            "or",
            "should",
            "so",
            "still",
            "that",
            "the",
            "their",
            "them",
            "then",
            "there",
            "this",
            "to",
            "too",
            "very",
            "was",
            "what",
            "when",
            "where",
            "which",
            "who",
            "why",
            "will",
            "with",
            "would",
            "you",
            "your",
            "i'm",
            "can't",
        ]
    ),
}

_VOWELS = set("aeiouyè")


def fold(text: str) -> str:
    """Lower case without accents ("knieën" -> "knieen")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def _r1(word: str) -> int:
    """Start of the Snowball region R1: after the first non-vowel following a vowel, at
    least 3 letters in."""
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return max(i + 1, 3)
    return len(word)


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in _VOWELS:
        return word[:-1]
    return word


def _stem_nl(word: str) -> str:
    r1 = _r1(word)
    for diminutive in ("tjes", "tje", "jes", "je"):
        if word.endswith(diminutive) and len(word) - len(diminutive) >= 3:
            word = word[: -len(diminutive)]
            break
    if word.endswith("heden") and len(word) - 5 >= r1:
        word = word[:-5] + "heid"
    elif word.endswith(("ene", "en")) and len(word) - 2 >= r1:
        base = word[:-3] if word.endswith("ene") else word[:-2]
        if base and base[-1] not in _VOWELS and not base.endswith("gem"):
            word = _undouble(base)
    elif word.endswith(("se", "s")) and len(word) - 1 >= r1:
        base = word[:-2] if word.endswith("se") else word[:-1]
        if base and base[-1] not in _VOWELS and base[-1] != "j":
            word = base
    if word.endswith("e") and len(word) - 1 >= r1 and len(word) > 2 and word[-2] not in _VOWELS:
        word = _undouble(word[:-1])
    for suffix in ("heid", "lijk", "baar", "ing", "end", "ig"):
        if word.endswith(suffix) and len(word) - len(suffix) >= max(r1, 3):
            word = _undouble(word[: -len(suffix)])
            break
    # A long vowel written double in a closed syllable: "benen"/"been" -> "ben".
    if len(word) >= 4 and word[-1] not in _VOWELS and word[-2] == word[-3] in "aeou":
        word = word[:-2] + word[-1]
    return word


def _stem_en(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ingly", "edly", "ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if any(c in _VOWELS for c in base):
                word = _undouble(base) if not base.endswith(("ll", "ss", "zz")) else base
                break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if word.endswith("y") and len(word) > 3 and word[-2] not in _VOWELS:
        word = word[:-1] + "i"
    return word


def stem(word: str, language: str) -> str:
    word = fold(word)
    return _stem_nl(word) if language == "nl" else _stem_en(word)


def stems(text: str, language: str) -> list[str]:
    """The text's topic words, stemmed (what SQLite stores and matches)."""
    stop = STOP_WORDS[language]
    return [stem(w, language) for w in words(text) if w not in stop and len(w) > 1]


@dataclass(frozen=True)
class Synonym:
    language: str
    lay: tuple[str, ...]  # words or phrases a patient types
    adds: tuple[str, ...]  # words the content uses for it
    why: str


@cache
def synonyms() -> tuple[Synonym, ...]:
    data = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Synonym(
            language=language,
            lay=tuple(fold(w) for w in entry["lay"]),
            adds=tuple(entry["adds"]),
            why=entry["why"],
        )
        for language in LANGUAGES
        for entry in data[language]
    )


def _contains(haystack: list[str], phrase: str) -> bool:
    needle = phrase.split()
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def query_words(question: str, language: str) -> list[str]:
    """The question's topic words plus the content's words for its lay words, unstemmed
    (PostgreSQL stems them itself), each once, in order."""
    asked = words(question)
    stop = STOP_WORDS[language]
    found = [w for w in asked if w not in stop and len(w) > 1]
    for synonym in synonyms():
        if synonym.language == language and any(_contains(asked, lay) for lay in synonym.lay):
            for added in synonym.adds:
                found.extend(w for w in words(added) if w not in stop and len(w) > 1)
    return list(dict.fromkeys(found))


def query_stems(question: str, language: str) -> list[str]:
    return list(dict.fromkeys(stem(w, language) for w in query_words(question, language)))


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def highlight(text: str, wanted: set[str], language: str, limit: int = 240) -> SafeString:
    """The sentence(s) of ``text`` with the most wanted stems, HTML-escaped, each matching
    word in <mark>. Nothing of ``text`` reaches the page unescaped."""
    sentences = [s for s in _SENTENCE.split(text.strip()) if s]
    if not sentences:
        return mark_safe("")

    def score(sentence: str) -> int:
        return len({stem(w, language) for w in words(sentence)} & wanted)

    best = max(range(len(sentences)), key=lambda i: (score(sentences[i]), -i))
    chosen = sentences[best]
    if len(chosen) < 90 and best + 1 < len(sentences):
        chosen = f"{chosen} {sentences[best + 1]}"
    if len(chosen) > limit:
        chosen = chosen[:limit].rsplit(" ", 1)[0] + " …"
    parts = []
    position = 0
    for match in re.finditer(r"\w+", chosen):
        parts.append(escape(chosen[position : match.start()]))
        word = match.group(0)
        if stem(word, language) in wanted and fold(word) not in STOP_WORDS[language]:
            parts.append(f"<mark>{escape(word)}</mark>")
        else:
            parts.append(escape(word))
        position = match.end()
    parts.append(escape(chosen[position:]))
    return mark_safe("".join(parts))  # every piece escaped above
