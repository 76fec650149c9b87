"""Every set of patient-facing clinical text a clinical lead signs off, as lines in Dutch and
English, and the hash a sign-off is tied to.

A set is an instrument (its built-in text, or the practice's newest imported official text),
or one of the content files: the intake's red-flag questions, the triage advice, the
flare-up plan and the education module on when to contact the GP. The hash covers exactly
the lines the review page shows, so any change of a word (a code update of a data file, or
a new import) ends the sign-off.
"""

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.instruments.official_text import with_official_text
from ruggensteun.clinical.instruments.registry import INSTRUMENT_CODES, Instrument, get_instrument
from ruggensteun.clinical.programme.education import CONTENT_DIR, FLAREUP_FILE
from ruggensteun.clinical.triage.questions import QUESTIONS_PATH
from ruggensteun.clinical.triage.texts import TEXTS_PATH
from ruggensteun.signoff.models import ImportedText

INSTRUMENT_PREFIX = "instrument:"


@dataclass(frozen=True)
class TextLine:
    ref: str
    """Where the words are: "3" (question 3), "3 = 1" (its answer 1), or a path in a file."""
    kind: str  # "intro", "question", "answer", "text"
    nl: str
    en: str


@dataclass(frozen=True)
class ContentFile:
    key: str
    title: Promise
    path: Path


CONTENT_FILES = (
    ContentFile("intake_questions", _("Intake: vragen naar alarmsignalen"), QUESTIONS_PATH),
    ContentFile("triage_texts", _("Triage: adviezen bij alarmsignalen"), TEXTS_PATH),
    ContentFile("flareup_plan", _("Opstootplan"), FLAREUP_FILE),
    ContentFile(
        "when_to_contact_gp",
        _("Uitleg: wanneer naar de huisarts"),
        CONTENT_DIR / "education" / "when_to_contact_gp.json",
    ),
)


@dataclass(frozen=True)
class TextSet:
    key: str
    title: str
    lines: tuple[TextLine, ...]
    text_verified: bool
    """The data file's own marker: true only when the wording is the verified original."""
    source: str
    instrument: str | None = None
    imported: ImportedText | None = None

    @property
    def hash(self) -> str:
        return lines_hash(self.lines)

    @property
    def slug(self) -> str:
        return self.key.replace(":", "-")


def lines_hash(lines: tuple[TextLine, ...]) -> str:
    payload = json.dumps(
        [[line.ref, line.kind, line.nl, line.en] for line in lines], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def key_from_slug(slug: str) -> str:
    return slug.replace("-", ":", 1) if slug.startswith("instrument-") else slug


# --- instruments --------------------------------------------------------------------------


def _both(value: Mapping[str, str]) -> tuple[str, str]:
    return text(dict(value), "nl"), text(dict(value), "en")


def _instrument_lines(definition: Instrument) -> tuple[TextLine, ...]:
    lines: list[TextLine] = []
    if definition.instructions is not None:
        lines.append(TextLine("", "intro", *_both(definition.instructions)))
    for item in definition.items:
        if item.instruction is not None:
            lines.append(TextLine(item.link_id, "intro", *_both(item.instruction)))
        lines.append(TextLine(item.link_id, "question", *_both(item.text)))
        answers = item.options if item.options is not None else item.scale_anchors
        for option in answers:
            lines.append(
                TextLine(f"{item.link_id} = {option.value}", "answer", *_both(option.label))
            )
    for activity in definition.activity_list:
        lines.append(TextLine(activity.code, "answer", *_both(activity.text)))
    return tuple(lines)


def instrument_definition(code: str, imported: ImportedText | None) -> Instrument:
    """What a patient of the practice reads: the newest import's words, or the built-in."""
    definition = get_instrument(code)
    return definition if imported is None else with_official_text(definition, imported.official)


def instrument_set(code: str, imported: ImportedText | None, language: str) -> TextSet:
    definition = instrument_definition(code, imported)
    return TextSet(
        key=f"{INSTRUMENT_PREFIX}{code}",
        title=text(definition.name, language),
        lines=_instrument_lines(definition),
        text_verified=definition.text_verified,
        source=definition.text_source,
        instrument=code,
        imported=imported,
    )


# --- content files ------------------------------------------------------------------------


def _is_text(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("nl"), str)
        and all(isinstance(words, str) for words in value.values())
    )


def _walk(value: Any, path: str) -> Iterator[TextLine]:
    if _is_text(value):
        yield TextLine(path, "text", value["nl"], value.get("en", ""))
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for position, child in enumerate(value, start=1):
            name = position
            if isinstance(child, dict):
                name = child.get("id") or child.get("field") or child.get("key") or position
            yield from _walk(child, f"{path}[{name}]")


@cache
def _content(key: str) -> tuple[tuple[TextLine, ...], bool]:
    found = next(content for content in CONTENT_FILES if content.key == key)
    raw = json.loads(found.path.read_text(encoding="utf-8"))
    # A file without a marker is our own wording: not verified.
    return tuple(_walk(raw, "")), raw.get("text_verified") is True


def content_set(key: str) -> TextSet:
    found = next(content for content in CONTENT_FILES if content.key == key)
    lines, verified = _content(key)
    return TextSet(
        key=key,
        title=str(found.title),
        lines=lines,
        text_verified=verified,
        source=found.path.name,
    )


# --- all ----------------------------------------------------------------------------------


def all_sets(imports: Mapping[str, ImportedText], language: str) -> list[TextSet]:
    """Every set, instruments first; ``imports`` is the practice's newest import per code."""
    return [
        *(instrument_set(code, imports.get(code), language) for code in INSTRUMENT_CODES),
        *(content_set(content.key) for content in CONTENT_FILES),
    ]


def known_key(key: str) -> bool:
    if key.startswith(INSTRUMENT_PREFIX):
        return key[len(INSTRUMENT_PREFIX) :] in INSTRUMENT_CODES
    return any(content.key == key for content in CONTENT_FILES)


def text_set(key: str, imports: Mapping[str, ImportedText], language: str) -> TextSet:
    if key.startswith(INSTRUMENT_PREFIX):
        code = key[len(INSTRUMENT_PREFIX) :]
        return instrument_set(code, imports.get(code), language)
    return content_set(key)


def patient_definition(practice_id: int, code: str) -> Instrument:
    """The instrument as the practice's patients read it (one query)."""
    imported = (
        ImportedText.objects.filter(practice_id=practice_id, instrument=code)
        .order_by("-imported_at", "-id")
        .first()
    )
    return instrument_definition(code, imported)
