"""An instrument's official text, read from a FHIR R4 Questionnaire and checked against the
instrument's definition.

The official wording of most instruments is licensed (EuroQol, Mapi) or published by the
instrument's authors, so a practice imports it as the licence holder supplies it. Only the
words are taken from the file; the scoring stays the definition's. The file is therefore
refused unless it asks exactly the definition's questions with exactly the answer values
the scoring reads (spec instruments.md §0.1: unverified wording must be confirmed against
the licence holder's text before it ships).

The file follows the scheme that ``fhir.questionnaire_resource`` exports, so a practice can
also download that export, correct the wording and read it back:

* questions have linkId "1".."N" (the item numbers), at any nesting depth (groups allowed);
* a choice question lists its answers as answerOption with valueCoding (code = the
  published response value, display = its words) or valueInteger;
* a number-scale question is type "integer" with the minValue and maxValue extensions, its
  anchors written after the text as " (0 = Geen pijn; 10 = Ergst denkbare pijn)"; or it
  lists every value as answerOption;
* display items "instructions" and "intro-N" hold the introduction and the instruction
  shown from question N on; PSK's "activity-N" (the activity list) is accepted but the
  list stays the definition's.

Every problem found is reported, each as a plain Dutch reason (``REASONS``, a template with
named parameters, so the Django side can translate it).
"""

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ruggensteun.clinical.instruments.fhir import (
    CANONICAL_BASE,
    MAX_VALUE,
    MIN_VALUE,
    questionnaire_url,
)
from ruggensteun.clinical.instruments.registry import (
    INSTRUMENT_CODES,
    Instrument,
    Item,
    ResponseOption,
    ResponseScale,
)

__all__ = [
    "MAX_BYTES",
    "REASONS",
    "ItemText",
    "OfficialText",
    "OfficialTextError",
    "Problem",
    "file_sha256",
    "read_official_text",
    "with_official_text",
]

MAX_BYTES = 1_000_000
LANGUAGES = ("nl", "en")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "Engels"}

# Dutch reasons; the keys are stable codes, the parameters are named.
REASONS: dict[str, str] = {
    "too_large": (
        "Het bestand is groter dan %(limit)s MB. Een vragenlijst is veel kleiner: "
        "kies het juiste bestand."
    ),
    "not_text": "Dit bestand is geen tekstbestand (UTF-8). Kies het FHIR-bestand (.json).",
    "not_json": (
        "Dit bestand is geen geldige JSON (regel %(line)s, teken %(column)s). "
        "Kies het FHIR-bestand (.json) van de vragenlijst."
    ),
    "not_object": "Dit bestand bevat geen FHIR-resource: verwacht wordt één JSON-object.",
    "no_resource_type": "Het bestand noemt geen resourceType. Verwacht wordt een Questionnaire.",
    "wrong_resource_type": "Dit is een FHIR %(found)s, geen Questionnaire.",
    "other_instrument": "Dit bestand is de vragenlijst %(found)s, niet %(expected)s.",
    "no_language": (
        "Het bestand noemt geen taal (Questionnaire.language). Kies de taal bij het inlezen."
    ),
    "unsupported_language": (
        "De taal %(found)s wordt niet ondersteund. Kies Nederlands (nl) of Engels (en)."
    ),
    "language_conflict": "Het bestand is in het %(found)s, maar u koos %(chosen)s.",
    "no_items": "Het bestand bevat geen vragen (Questionnaire.item ontbreekt of is leeg).",
    "item_not_object": "Een onderdeel van Questionnaire.item is geen JSON-object.",
    "missing_link_id": "Een vraag in het bestand heeft geen linkId.",
    "duplicate_link_id": "Vraag %(link_id)s staat meer dan één keer in het bestand.",
    "unknown_link_id": (
        "Onbekende vraag %(link_id)s: de %(instrument)s heeft de vragen 1 tot en met %(count)s."
    ),
    "item_count": "Het bestand heeft %(found)s vragen; de %(instrument)s heeft er %(expected)s.",
    "missing_item": "Vraag %(link_id)s ontbreekt in het bestand.",
    "missing_text": "Vraag %(link_id)s heeft geen tekst.",
    "missing_display_text": "Het onderdeel %(link_id)s heeft geen tekst.",
    "no_answer_values": (
        "Vraag %(link_id)s heeft geen antwoordwaarden (answerOption, of bij een getal "
        "minValue en maxValue)."
    ),
    "bad_answer_value": "Vraag %(link_id)s: het antwoord %(value)s is geen geheel getal.",
    "answer_values_differ": (
        "Vraag %(link_id)s: de antwoordwaarden %(found)s zijn anders dan de waarden "
        "waarmee de score berekend wordt (%(expected)s)."
    ),
    "missing_option_label": (
        "Vraag %(link_id)s: antwoord %(value)s heeft geen tekst (valueCoding.display)."
    ),
}

# fhir.questionnaire_resource writes a number scale's anchors after the question.
_ANCHORS = re.compile(r"^(?P<text>.*\S)\s+\((?P<anchors>-?\d+ = [^;()]+(?:; -?\d+ = [^;()]+)*)\)$")


@dataclass(frozen=True)
class Problem:
    code: str
    params: Mapping[str, str | int] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return REASONS[self.code]

    @property
    def message(self) -> str:
        return self.template % dict(self.params)


class OfficialTextError(ValueError):
    """The file cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class ItemText:
    text: str
    labels: Mapping[int, str]
    """Answer words by response value (choice labels, or a number scale's anchors)."""


@dataclass(frozen=True)
class OfficialText:
    instrument: str
    language: str
    title: str
    version: str
    copyright: str
    instructions: str | None
    intros: Mapping[str, str]
    """Instruction shown from question linkId on."""
    items: Mapping[str, ItemText]

    def to_json(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "language": self.language,
            "title": self.title,
            "version": self.version,
            "copyright": self.copyright,
            "instructions": self.instructions,
            "intros": dict(self.intros),
            "items": {
                link_id: {"text": item.text, "labels": {str(v): w for v, w in item.labels.items()}}
                for link_id, item in self.items.items()
            },
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> "OfficialText":
        return cls(
            instrument=raw["instrument"],
            language=raw["language"],
            title=raw["title"],
            version=raw["version"],
            copyright=raw["copyright"],
            instructions=raw["instructions"],
            intros=dict(raw["intros"]),
            items={
                link_id: ItemText(
                    text=item["text"], labels={int(v): w for v, w in item["labels"].items()}
                )
                for link_id, item in raw["items"].items()
            },
        )


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- reading ------------------------------------------------------------------------------


def _load(data: bytes) -> tuple[Any, list[Problem]]:
    if len(data) > MAX_BYTES:
        return None, [Problem("too_large", {"limit": MAX_BYTES // 1_000_000})]
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem("not_text")]
    try:
        return json.loads(decoded), []
    except json.JSONDecodeError as error:
        return None, [Problem("not_json", {"line": error.lineno, "column": error.colno})]
    except RecursionError:
        return None, [Problem("not_json", {"line": 1, "column": 1})]


def _language(resource: Mapping[str, Any], chosen: str | None) -> tuple[str | None, list[Problem]]:
    given = resource.get("language")
    # BCP 47: "nl", "nl-NL", "nl-BE" are all Dutch.
    found = given.split("-", 1)[0].lower() if isinstance(given, str) and given.strip() else None
    if found is not None and found not in LANGUAGES:
        return None, [Problem("unsupported_language", {"found": str(given)})]
    if chosen is not None and chosen not in LANGUAGES:
        return None, [Problem("unsupported_language", {"found": chosen})]
    if found is not None and chosen is not None and found != chosen:
        params = {"found": LANGUAGE_NAMES[found], "chosen": LANGUAGE_NAMES[chosen]}
        return None, [Problem("language_conflict", params)]
    language = found or chosen
    if language is None:
        return None, [Problem("no_language")]
    return language, []


def _flatten(items: list[Any], problems: list[Problem]) -> list[dict[str, Any]]:
    flat: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            problems.append(Problem("item_not_object"))
            continue
        flat.append(item)
        children = item.get("item")
        if isinstance(children, list):
            flat.extend(_flatten(children, problems))
    return flat


def _extension_integer(item: Mapping[str, Any], url: str) -> int | None:
    extensions = item.get("extension")
    if not isinstance(extensions, list):
        return None
    for extension in extensions:
        if isinstance(extension, dict) and extension.get("url") == url:
            value = extension.get("valueInteger")
            if isinstance(value, int) and not isinstance(value, bool):
                return value
    return None


def _option_value(option: Any) -> tuple[int | None, str | None, str]:
    """(value, display, raw) of one answerOption; value None when it is not a whole number."""
    if not isinstance(option, dict):
        return None, None, repr(option)
    if "valueInteger" in option:
        raw = option["valueInteger"]
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw, None, str(raw)
        return None, None, repr(raw)
    coding = option.get("valueCoding")
    if isinstance(coding, dict):
        code = coding.get("code")
        display = coding.get("display")
        words = display.strip() if isinstance(display, str) and display.strip() else None
        if isinstance(code, str) and re.fullmatch(r"-?\d+", code.strip()):
            return int(code), words, code
        return None, words, repr(code)
    return None, None, "?"


def _values_text(values: list[int]) -> str:
    return ", ".join(str(value) for value in values) or "geen"


def _read_item(
    definition: Item, raw: Mapping[str, Any], problems: list[Problem]
) -> ItemText | None:
    link_id = definition.link_id
    words = raw.get("text")
    text = words.strip() if isinstance(words, str) else ""
    if not text:
        problems.append(Problem("missing_text", {"link_id": link_id}))
    expected = list(definition.values)
    labels: dict[int, str] = {}
    options = raw.get("answerOption")
    ok = True
    if isinstance(options, list) and options:
        found: list[int] = []
        for option in options:
            value, display, shown = _option_value(option)
            if value is None:
                problems.append(Problem("bad_answer_value", {"link_id": link_id, "value": shown}))
                ok = False
                continue
            found.append(value)
            if display is not None:
                labels[value] = display
            elif definition.options is not None:
                # A choice must say its words; a number scale may list bare numbers.
                problems.append(
                    Problem("missing_option_label", {"link_id": link_id, "value": value})
                )
                ok = False
        if ok and sorted(found) != sorted(expected):
            problems.append(_values_differ(link_id, found, expected))
            ok = False
    elif definition.scale is not None:
        low, high = _extension_integer(raw, MIN_VALUE), _extension_integer(raw, MAX_VALUE)
        if low is None or high is None:
            problems.append(Problem("no_answer_values", {"link_id": link_id}))
            ok = False
        elif (low, high) != (definition.scale.minimum, definition.scale.maximum):
            problems.append(_values_differ(link_id, list(range(low, high + 1)), expected))
            ok = False
        match = _ANCHORS.match(text)
        if ok and match is not None:
            anchors = {
                int(value): words.strip()
                for value, words in (
                    part.split(" = ", 1) for part in match.group("anchors").split("; ")
                )
            }
            if set(anchors) <= set(expected):
                text, labels = match.group("text"), anchors
    else:
        problems.append(Problem("no_answer_values", {"link_id": link_id}))
        ok = False
    return ItemText(text=text, labels=labels) if ok and text else None


def _values_differ(link_id: str, found: list[int], expected: list[int]) -> Problem:
    return Problem(
        "answer_values_differ",
        {
            "link_id": link_id,
            "found": _values_text(sorted(found)),
            "expected": _values_text(expected),
        },
    )


def _other_instrument(resource: Mapping[str, Any], code: str) -> str | None:
    """The code of another of our instruments when the file is our export of it."""
    url = resource.get("url")
    prefix = f"{CANONICAL_BASE}/Questionnaire/"
    if isinstance(url, str) and url.startswith(prefix) and url != questionnaire_url(code):
        other = url[len(prefix) :].split("|", 1)[0]
        if other in INSTRUMENT_CODES:
            return other
    return None


def read_official_text(
    data: bytes, instrument: Instrument, *, language: str | None = None
) -> OfficialText:
    """The text in ``data`` (a FHIR R4 Questionnaire as JSON) for ``instrument``.

    ``language`` is the reader's choice when the file does not say (Questionnaire.language).
    Raises OfficialTextError listing every problem found; never anything else for any input.
    """
    resource, problems = _load(data)
    if problems:
        raise OfficialTextError(problems)
    if not isinstance(resource, dict):
        raise OfficialTextError([Problem("not_object")])
    kind = resource.get("resourceType")
    if kind is None:
        raise OfficialTextError([Problem("no_resource_type")])
    if kind != "Questionnaire":
        raise OfficialTextError([Problem("wrong_resource_type", {"found": str(kind)[:60]})])
    other = _other_instrument(resource, instrument.code)
    if other is not None:
        raise OfficialTextError(
            [Problem("other_instrument", {"found": other, "expected": instrument.code})]
        )
    found_language, problems = _language(resource, language)
    raw_items = resource.get("item")
    if not isinstance(raw_items, list) or not raw_items:
        raise OfficialTextError([*problems, Problem("no_items")])
    name = instrument.name["nl"]
    count = len(instrument.items)
    questions: dict[str, dict[str, Any]] = {}
    instructions: str | None = None
    intros: dict[str, str] = {}
    for raw in _flatten(raw_items, problems):
        link_id = raw.get("linkId")
        if not isinstance(link_id, str) or not link_id.strip():
            if raw.get("type") != "group":
                problems.append(Problem("missing_link_id"))
            continue
        if raw.get("type") == "group" and not link_id.isdigit():
            continue
        if link_id == "instructions" or (
            link_id.startswith("intro-") and link_id[6:] in {i.link_id for i in instrument.items}
        ):
            words = raw.get("text")
            if not isinstance(words, str) or not words.strip():
                problems.append(Problem("missing_display_text", {"link_id": link_id}))
            elif link_id == "instructions":
                instructions = words.strip()
            else:
                intros[link_id[6:]] = words.strip()
            continue
        if instrument.activity_list and re.fullmatch(r"activity-\d+", link_id):
            continue
        if link_id in questions:
            problems.append(Problem("duplicate_link_id", {"link_id": link_id}))
            continue
        if link_id not in {item.link_id for item in instrument.items}:
            problems.append(
                Problem(
                    "unknown_link_id",
                    {"link_id": link_id[:40], "instrument": name, "count": count},
                )
            )
            continue
        questions[link_id] = raw
    if len(questions) != count:
        problems.append(
            Problem(
                "item_count",
                {"found": len(questions), "instrument": name, "expected": count},
            )
        )
    items: dict[str, ItemText] = {}
    for item in instrument.items:
        if item.link_id not in questions:
            problems.append(Problem("missing_item", {"link_id": item.link_id}))
            continue
        read = _read_item(item, questions[item.link_id], problems)
        if read is not None:
            items[item.link_id] = read
    if problems or found_language is None:
        raise OfficialTextError(problems)
    return OfficialText(
        instrument=instrument.code,
        language=found_language,
        title=str(resource.get("title") or ""),
        version=str(resource.get("version") or ""),
        copyright=str(resource.get("copyright") or ""),
        instructions=instructions,
        intros=intros,
        items=items,
    )


# --- using ---------------------------------------------------------------------------------


def _relabel(
    options: tuple[ResponseOption, ...], labels: Mapping[int, str], language: str
) -> tuple[ResponseOption, ...]:
    return tuple(
        replace(option, label={**option.label, language: labels[option.value]})
        if option.value in labels
        else option
        for option in options
    )


def _item(item: Item, official: ItemText, intro: str | None, language: str) -> Item:
    options = item.options
    scale = item.scale
    if options is not None:
        options = _relabel(options, official.labels, language)
    if scale is not None:
        known = {anchor.value for anchor in scale.anchors}
        added = tuple(
            # A new anchor has no words in the other language: show the official words.
            ResponseOption(value, {"nl": words, "en": words})
            for value, words in official.labels.items()
            if value not in known
        )
        anchors = sorted(
            _relabel(scale.anchors, official.labels, language) + added, key=lambda a: a.value
        )
        scale = ResponseScale(scale.minimum, scale.maximum, tuple(anchors))
    instruction = item.instruction
    if intro is not None:
        instruction = {**(instruction or {"nl": intro, "en": intro}), language: intro}
    return replace(
        item,
        text={**item.text, language: official.text},
        options=options,
        scale=scale,
        instruction=instruction,
    )


def with_official_text(instrument: Instrument, official: OfficialText) -> Instrument:
    """``instrument`` with the official words in the official text's language; the other
    language, the answer values and the scoring are unchanged."""
    if official.instrument != instrument.code:
        raise ValueError(f"official text of {official.instrument}, not {instrument.code}")
    language = official.language
    instructions = instrument.instructions
    if official.instructions is not None:
        base = instructions or {"nl": official.instructions, "en": official.instructions}
        instructions = {**base, language: official.instructions}
    source = " ".join(
        part for part in (official.title, official.version, official.copyright) if part
    )
    return replace(
        instrument,
        instructions=instructions,
        copyright=official.copyright or instrument.copyright,
        text_source=f"Official text imported by the practice: {source}",
        items=tuple(
            _item(
                item,
                official.items[item.link_id],
                official.intros.get(item.link_id),
                language,
            )
            for item in instrument.items
        ),
    )
