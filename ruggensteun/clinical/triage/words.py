"""Red-flag words in a patient's own text (issue #16): a message or a search question that
names a red-flag topic (saddle numbness, bladder or bowel, weakness, both legs, fever,
sudden severe pain, a fall or accident, weight loss, cancer, night pain) points to the
triage rules of triage.md §2 whose questions should be asked at once.

The words are data (red_flag_words.json, checked against its schema and against the rule
table when loaded); their source is named there beside each topic. Matching is
conservative: Dutch and English are both always checked, case, accents and punctuation
are ignored, and a negation ("geen koorts") still hits: asking the questions again is
harmless, missing a red flag is not. Plain Python, no Django.

    from ruggensteun.clinical.triage.words import red_flag_words, rule_ids

    hits = red_flag_words("Ik kan sinds gisteren niet goed plassen")
    hits[0].topic  # "bladder_bowel"
    hits[0].rules  # ("CES",)
    hits[0].words  # ("plassen",)
    rule_ids(hits)  # ("CES",), in the order of the rule table
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ruggensteun.clinical.datafiles import LANGUAGES, DataFileError, load_validated
from ruggensteun.clinical.triage.rules import RULES

HERE = Path(__file__).resolve().parent
WORDS_PATH = HERE / "red_flag_words.json"
WORDS_SCHEMA_PATH = HERE / "red_flag_words.schema.json"

# "~" in a pattern: up to this many other words in between.
GAP_WORDS = 4
# Texts longer than this are checked up to here only (a message has a smaller limit).
MAX_CHARS = 20_000

_RULE_ORDER = {rule.id: index for index, rule in enumerate(RULES)}


@dataclass(frozen=True)
class WordHit:
    """One red-flag topic found in the text: the words that matched (as the patient wrote
    them, each once, in the order found), and the triage rules whose questions to ask."""

    topic: str
    words: tuple[str, ...]
    rules: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class _Token:
    text: str  # normalised
    start: int  # span in the original text
    end: int


class _Word:
    """One word of a pattern: alternatives, each exact, prefix (x*), suffix (*x) or infix (*x*)."""

    def __init__(self, raw: str) -> None:
        self.alternatives = tuple(raw.split("|"))

    def matches(self, token: str) -> bool:
        for alt in self.alternatives:
            core = alt.strip("*")
            if alt.startswith("*") and alt.endswith("*") and len(alt) > 1:
                ok = core in token
            elif alt.endswith("*"):
                ok = token.startswith(core)
            elif alt.startswith("*"):
                ok = token.endswith(core)
            else:
                ok = token == core
            if ok:
                return True
        return False


@dataclass(frozen=True)
class _Pattern:
    """Words in a row; a ``None`` between two words is a gap of up to GAP_WORDS words.
    A word of several tokens ("pass water") is written as several words."""

    parts: tuple[_Word | None, ...]

    @classmethod
    def parse(cls, raw: str) -> _Pattern:
        parts: list[_Word | None] = []
        for piece in raw.split():
            if piece == "~":
                if not parts or parts[-1] is None:
                    raise DataFileError(f"{WORDS_PATH}: a '~' needs a word before it: {raw!r}")
                parts.append(None)
            else:
                parts.append(_Word(piece))
        if not parts or parts[-1] is None:
            raise DataFileError(f"{WORDS_PATH}: a pattern must end with a word: {raw!r}")
        return cls(tuple(parts))

    def spans(self, tokens: list[str]) -> list[tuple[int, int]]:
        """Every (first, last) token index range where the pattern matches."""
        found = []
        for start in range(len(tokens)):
            end = self._match_from(tokens, 0, start)
            if end is not None:
                found.append((start, end))
        return found

    def _match_from(self, tokens: list[str], part: int, at: int) -> int | None:
        word = self.parts[part]
        assert word is not None
        if at >= len(tokens) or not word.matches(tokens[at]):
            return None
        if part + 1 == len(self.parts):
            return at
        if self.parts[part + 1] is None:
            for skip in range(GAP_WORDS + 1):
                end = self._match_from(tokens, part + 2, at + 1 + skip)
                if end is not None:
                    return end
            return None
        return self._match_from(tokens, part + 1, at + 1)


@dataclass(frozen=True)
class _Topic:
    id: str
    rules: tuple[str, ...]
    source: str
    patterns: tuple[_Pattern, ...]
    not_patterns: tuple[_Pattern, ...]


def normalise(text: str) -> str:
    """Lower case without accents: "Koortsachtig, Één" -> "koortsachtig, een"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_TOKEN = re.compile(r"[a-z0-9]+")


def _tokens(text: str) -> list[_Token]:
    """The words of the text, normalised, each with its span in the original."""
    tokens = []
    for match in re.finditer(r"\w+", text[:MAX_CHARS]):
        for piece in _TOKEN.finditer(normalise(match.group())):
            tokens.append(_Token(piece.group(), match.start(), match.end()))
    return tokens


@cache
def load_topics() -> tuple[_Topic, ...]:
    """The topics of red_flag_words.json, checked: schema, and every rule id exists in the
    rule table (triage.md §2)."""
    data = load_validated(WORDS_PATH, WORDS_SCHEMA_PATH)
    topics = []
    for raw in data["topics"]:
        unknown = [rule for rule in raw["rules"] if rule not in _RULE_ORDER]
        if unknown:
            raise DataFileError(f"{WORDS_PATH}: {raw['id']}: no such triage rule: {unknown}")
        patterns = tuple(_Pattern.parse(p) for lang in LANGUAGES for p in raw["words"][lang])
        nots = raw.get("not", {})
        topics.append(
            _Topic(
                id=raw["id"],
                rules=tuple(sorted(raw["rules"], key=_RULE_ORDER.__getitem__)),
                source=raw["source"],
                patterns=patterns,
                not_patterns=tuple(
                    _Pattern.parse(p) for lang in LANGUAGES for p in nots.get(lang, [])
                ),
            )
        )
    return tuple(topics)


def red_flag_words(text: str) -> tuple[WordHit, ...]:
    """The red-flag topics named in ``text`` (Dutch or English), in the order of the data
    file; empty when none. Never raises on odd input: anything not a string is no text."""
    if not isinstance(text, str) or not text.strip():
        return ()
    tokens = _tokens(text)
    words = [token.text for token in tokens]
    hits = []
    for topic in load_topics():
        excluded = {
            index
            for pattern in topic.not_patterns
            for first, last in pattern.spans(words)
            for index in range(first, last + 1)
        }
        found: dict[str, None] = {}
        for pattern in topic.patterns:
            for first, last in pattern.spans(words):
                if first in excluded or last in excluded:
                    continue
                found.setdefault(text[tokens[first].start : tokens[last].end], None)
        if found:
            hits.append(WordHit(topic.id, tuple(found), topic.rules, topic.source))
    return tuple(hits)


def rule_ids(hits: tuple[WordHit, ...] | list[WordHit]) -> tuple[str, ...]:
    """The rules the hits point to, each once, in the order of the rule table."""
    ids = {rule for hit in hits for rule in hit.rules}
    return tuple(sorted(ids, key=_RULE_ORDER.__getitem__))
