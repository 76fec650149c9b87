"""Education modules, the flare-up plan and the daily back-hygiene tips (programme.md §2, §7).

The content lives in JSON files under ``content/`` and is checked against the schemas in
``schemas/`` when it is loaded. This module turns it into frozen dataclasses and adds the
checks a schema cannot express (a correct answer that exists, a reason for every tag, core
orders that do not clash).

The weekly plan engine reads the ``unlock`` data of a module:

- ``core``: every patient meets the core modules in the first two weeks, in ``core_order``.
- ``priority_for``: profile tags that bring the module forward (fear -> fear of movement).
- ``only_for``: when not empty, the module is only for patients with one of these tags.
- ``reasons``: per tag (and ``core``), one or two sentences that tell the patient why.

Public API: ``load_modules()``, ``get_module(id)``, ``core_modules()``, ``profile_tags()``,
``topics()``, ``load_flareup_plan()``, ``load_hygiene_tips()`` (and ``load_hygiene()`` for
the tips with their sources).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ruggensteun.clinical.datafiles import DataFileError, load_validated

PACKAGE_DIR = Path(__file__).resolve().parent
CONTENT_DIR = PACKAGE_DIR / "content"
SCHEMA_DIR = PACKAGE_DIR / "schemas"
MODULES_DIR = CONTENT_DIR / "education"
MODULE_SCHEMA = SCHEMA_DIR / "education_module.schema.json"
FLAREUP_FILE = CONTENT_DIR / "flareup.json"
FLAREUP_SCHEMA = SCHEMA_DIR / "flareup.schema.json"
HYGIENE_FILE = CONTENT_DIR / "hygiene.json"
HYGIENE_SCHEMA = SCHEMA_DIR / "hygiene.schema.json"

CORE_REASON_KEY = "core"


class UnknownModuleError(KeyError):
    """No education module has this id."""


# --- shared pieces ------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text a patient reads, in Dutch and English."""

    nl: str
    en: str

    def get(self, language: str) -> str:
        """The text in ``language``; Dutch for a language we do not have."""
        return self.en if language == "en" else self.nl


@dataclass(frozen=True)
class Source:
    """Where a piece of content comes from: guideline (or study), year and section."""

    guideline: str
    section: str
    year: int | None = None


def _text(raw: Mapping[str, str]) -> Text:
    return Text(nl=raw["nl"], en=raw["en"])


def _texts(raw: Iterable[Mapping[str, str]]) -> tuple[Text, ...]:
    return tuple(_text(item) for item in raw)


def _optional_text(raw: Mapping[str, str] | None) -> Text | None:
    return None if raw is None else _text(raw)


def _sources(raw: Iterable[Mapping[str, Any]]) -> tuple[Source, ...]:
    return tuple(
        Source(guideline=item["guideline"], section=item["section"], year=item.get("year"))
        for item in raw
    )


# --- education modules --------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A short part of a module: an optional heading, paragraphs, an optional bullet list."""

    heading: Text | None
    paragraphs: tuple[Text, ...]
    bullets: tuple[Text, ...]


@dataclass(frozen=True)
class Option:
    id: str
    text: Text


@dataclass(frozen=True)
class Question:
    """A check question: one or more options are correct; the feedback explains why."""

    id: str
    prompt: Text
    options: tuple[Option, ...]
    correct: frozenset[str]
    feedback: Text

    def is_correct(self, chosen: Iterable[str]) -> bool:
        """True when the chosen option ids are exactly the correct ones."""
        return frozenset(chosen) == self.correct


@dataclass(frozen=True)
class Unlock:
    """When the weekly plan engine offers a module (see the module docstring)."""

    core: bool
    core_order: int | None
    priority_for: frozenset[str]
    only_for: frozenset[str]
    reasons: Mapping[str, Text]


@dataclass(frozen=True)
class EducationModule:
    id: str
    title: Text
    summary: Text
    reading_minutes: int
    core_messages: frozenset[int]
    topics: frozenset[str]
    unlock: Unlock
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    sources: tuple[Source, ...]

    def __hash__(self) -> int:
        # Ids are unique and stable, so a module can live in sets and dict keys.
        return hash(self.id)

    def is_available_for(self, profile_tags: Iterable[str]) -> bool:
        """False when the module is limited (``only_for``) to tags this patient lacks."""
        return not self.unlock.only_for or bool(self.unlock.only_for & set(profile_tags))

    def priority_tags(self, profile_tags: Iterable[str]) -> frozenset[str]:
        """The patient's tags that bring this module forward (empty: no priority)."""
        return self.unlock.priority_for & frozenset(profile_tags)

    def reason(self, tag: str) -> Text:
        """The patient-language reason for tag ``tag`` (or ``"core"``)."""
        try:
            return self.unlock.reasons[tag]
        except KeyError:
            raise KeyError(f"module {self.id!r} has no reason for {tag!r}") from None


def _parse_module(raw: Mapping[str, Any], path: Path) -> EducationModule:
    unlock_raw = raw["unlock"]
    unlock = Unlock(
        core=unlock_raw["core"],
        core_order=unlock_raw.get("core_order"),
        priority_for=frozenset(unlock_raw["priority_for"]),
        only_for=frozenset(unlock_raw["only_for"]),
        reasons=MappingProxyType(
            {tag: _text(value) for tag, value in unlock_raw["reasons"].items()}
        ),
    )
    module = EducationModule(
        id=raw["id"],
        title=_text(raw["title"]),
        summary=_text(raw["summary"]),
        reading_minutes=raw["reading_minutes"],
        core_messages=frozenset(raw["core_messages"]),
        topics=frozenset(raw["topics"]),
        unlock=unlock,
        sections=tuple(
            Section(
                heading=_optional_text(section.get("heading")),
                paragraphs=_texts(section["paragraphs"]),
                bullets=_texts(section.get("bullets", ())),
            )
            for section in raw["sections"]
        ),
        questions=tuple(
            Question(
                id=question["id"],
                prompt=_text(question["prompt"]),
                options=tuple(
                    Option(id=option["id"], text=_text(option["text"]))
                    for option in question["options"]
                ),
                correct=frozenset(question["correct"]),
                feedback=_text(question["feedback"]),
            )
            for question in raw["questions"]
        ),
        sources=_sources(raw["sources"]),
    )
    _check_module(module, path)
    return module


def _check_module(module: EducationModule, path: Path) -> None:
    """The rules a JSON Schema cannot express for one module."""
    if path.stem != module.id:
        raise DataFileError(f"{path}: id {module.id!r} differs from the file name")
    for section in module.sections:
        if not section.paragraphs and not section.bullets:
            raise DataFileError(f"{path}: a section has neither paragraphs nor bullets")
    for question in module.questions:
        option_ids = [option.id for option in question.options]
        if len(set(option_ids)) != len(option_ids):
            raise DataFileError(f"{path}: question {question.id!r} repeats an option id")
        missing = question.correct - set(option_ids)
        if missing:
            raise DataFileError(
                f"{path}: question {question.id!r} marks a missing option correct: "
                f"{sorted(missing)}"
            )
    question_ids = [question.id for question in module.questions]
    if len(set(question_ids)) != len(question_ids):
        raise DataFileError(f"{path}: two questions share an id")
    unlock = module.unlock
    needed = set(unlock.priority_for | unlock.only_for)
    if unlock.core:
        needed.add(CORE_REASON_KEY)
    if set(unlock.reasons) != needed:
        raise DataFileError(
            f"{path}: reasons must cover exactly {sorted(needed)}, found {sorted(unlock.reasons)}"
        )


def load_modules_from(directory: Path) -> tuple[EducationModule, ...]:
    """Every module in ``directory``: core modules in core order, then the rest by id."""
    modules = [
        _parse_module(load_validated(path, MODULE_SCHEMA), path)
        for path in sorted(directory.glob("*.json"))
    ]
    if not modules:
        raise DataFileError(f"{directory}: no education modules found")
    core_orders = [module.unlock.core_order for module in modules if module.unlock.core]
    if len(set(core_orders)) != len(core_orders):
        raise DataFileError(f"{directory}: two core modules share a core_order")
    return tuple(sorted(modules, key=_reading_order))


def _reading_order(module: EducationModule) -> tuple[int, int, str]:
    if module.unlock.core and module.unlock.core_order is not None:
        return (0, module.unlock.core_order, module.id)
    return (1, 0, module.id)


@cache
def load_modules() -> tuple[EducationModule, ...]:
    """All education modules, validated, in a stable order (core first, in core order)."""
    return load_modules_from(MODULES_DIR)


@cache
def _modules_by_id() -> Mapping[str, EducationModule]:
    return {module.id: module for module in load_modules()}


def get_module(module_id: str) -> EducationModule:
    """The module with this id; UnknownModuleError when there is none."""
    try:
        return _modules_by_id()[module_id]
    except KeyError:
        raise UnknownModuleError(module_id) from None


def core_modules() -> tuple[EducationModule, ...]:
    """The modules every patient meets in the first two weeks, in their order."""
    return tuple(module for module in load_modules() if module.unlock.core)


@cache
def _schema_defs() -> Mapping[str, Any]:
    # The tag and topic lists live once, in the schema that checks the content.
    with MODULE_SCHEMA.open(encoding="utf-8") as handle:
        defs: Mapping[str, Any] = json.load(handle)["$defs"]
    return defs


def profile_tags() -> frozenset[str]:
    """The profile tags modules may name in priority_for and only_for."""
    return frozenset(_schema_defs()["profile_tag"]["enum"])


def topics() -> frozenset[str]:
    """The topic tags a module may carry."""
    return frozenset(_schema_defs()["topic"]["enum"])


# --- flare-up plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class FlareUpStep:
    """One step of the flare-up plan, with a one-line heading.

    ``kind`` is ``self_care`` (what the patient does), ``contact_therapist`` or ``red_flags``
    (when to call the GP, the out-of-hours GP service or 112).
    """

    id: str
    kind: str
    heading: Text
    paragraphs: tuple[Text, ...]
    bullets: tuple[Text, ...]


@dataclass(frozen=True)
class FlareUpPlan:
    title: Text
    intro: Text
    steps: tuple[FlareUpStep, ...]
    sources: tuple[Source, ...]

    def step(self, step_id: str) -> FlareUpStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


def parse_flareup_plan(path: Path) -> FlareUpPlan:
    """The flare-up plan in ``path``, validated."""
    raw = load_validated(path, FLAREUP_SCHEMA)
    steps = tuple(
        FlareUpStep(
            id=step["id"],
            kind=step["kind"],
            heading=_text(step["heading"]),
            paragraphs=_texts(step["paragraphs"]),
            bullets=_texts(step.get("bullets", ())),
        )
        for step in raw["steps"]
    )
    ids = [step.id for step in steps]
    if len(set(ids)) != len(ids):
        raise DataFileError(f"{path}: two steps share an id")
    if not any(step.kind == "red_flags" for step in steps):
        # Safety first: the plan must always say when to call the GP.
        raise DataFileError(f"{path}: the plan has no red_flags step")
    return FlareUpPlan(
        title=_text(raw["title"]),
        intro=_text(raw["intro"]),
        steps=steps,
        sources=_sources(raw["sources"]),
    )


@cache
def load_flareup_plan() -> FlareUpPlan:
    """The flare-up plan ("opstootplan"), always one tap away for the patient."""
    return parse_flareup_plan(FLAREUP_FILE)


# --- daily back-hygiene tips --------------------------------------------------------------


@dataclass(frozen=True)
class HygieneTip:
    id: str
    text: Text
    detail: Text | None


@dataclass(frozen=True)
class HygieneAdvice:
    tips: tuple[HygieneTip, ...]
    sources: tuple[Source, ...]


def parse_hygiene(path: Path) -> HygieneAdvice:
    """The back-hygiene tips in ``path``, validated."""
    raw = load_validated(path, HYGIENE_SCHEMA)
    tips = tuple(
        HygieneTip(id=tip["id"], text=_text(tip["text"]), detail=_optional_text(tip.get("detail")))
        for tip in raw["tips"]
    )
    ids = [tip.id for tip in tips]
    if len(set(ids)) != len(ids):
        raise DataFileError(f"{path}: two tips share an id")
    return HygieneAdvice(tips=tips, sources=_sources(raw["sources"]))


@cache
def load_hygiene() -> HygieneAdvice:
    """The daily back-hygiene tips with their sources."""
    return parse_hygiene(HYGIENE_FILE)


def load_hygiene_tips() -> tuple[HygieneTip, ...]:
    """The daily back-hygiene tips, in the order they are shown."""
    return load_hygiene().tips
