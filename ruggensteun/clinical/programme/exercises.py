"""The exercise library (programme.md section 3), loaded from data files.

Each exercise lives in ``content/exercises/<category>.json`` and is checked against
``schemas/exercise.schema.json`` and against the rules below when it is loaded.

Levels and dosage, the contract with the plan engine:

- Exercises form **chains**: every exercise names a ``chain`` and its ``level`` in it. The
  levels of a chain are 1..n without gaps, from easiest to hardest (bridge 1, bridge with
  march 2, single-leg bridge 3). A chain of one exercise is allowed.
- Every exercise has an ordered tuple of **dosage steps**, easiest first. A step counts
  repetitions, seconds of holding, or minutes (one kind per exercise); its volume
  (sets x reps, sets x seconds, sets x minutes) rises strictly from step to step.
- A patient's place is a ``Dose``: an exercise id and a 0-based step index (``clamped()``
  brings a stored dose back inside the table if the content changed).
  ``step_up`` moves one step up; past the last step it moves to the next level of the chain,
  at that level's first step; at the top of the chain it stays. ``step_down`` moves one step
  down; below the first step it moves to the previous level's last step; at the bottom it
  stays. Stepping changes nothing else: the engine decides when to step.
- ``only_for_pain_type`` = ``"radicular"`` marks exercises (all nerve gliding) that may only
  be offered when triage classified the pain as radicular (triage.md section 3).
- ``suitable_high_pain`` marks exercises that fit acute pain with NPRS >= 7, when mobility,
  relaxation and walking come first (programme.md section 4).
- ``position`` is the body position the exercise is done in (``prone``: lying on the belly,
  ``supine``: lying on the back, ...). The engine's safety rules read it, not the id
  (pregnancy: no prone, no long supine after week 16; programme.md section 2, revision 2).
- ``direction`` = ``"extension"`` marks a repeated-movement exercise in one direction
  (``prone_on_elbows``, ``prone_press_up``): offered only when the patient reports that
  this direction eases the pain, never with the STENOSIS flag or pregnancy
  (programme.md section 2, revision 2).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal, get_args

from ruggensteun.clinical.datafiles import DataFileError, load_validated
from ruggensteun.clinical.programme.figures import Figure, parse_figure

Category = Literal[
    "posture",
    "mobility",
    "stretching",
    "motor_control",
    "strength",
    "conditioning",
    "nerve_gliding",
    "relaxation",
    "functional",
]
Phase = Literal["acute", "subacute", "chronic"]
Equipment = Literal[
    "none", "mat", "chair", "wall", "step", "stairs", "box", "bag", "towel", "bicycle", "pool"
]
DosageKind = Literal["reps", "hold", "duration"]
Position = Literal[
    "standing", "sitting", "kneeling", "all_fours", "supine", "side_lying", "prone", "in_water"
]
Direction = Literal["extension"]

CATEGORIES: tuple[Category, ...] = get_args(Category)
POSITIONS: tuple[Position, ...] = get_args(Position)
PHASES: tuple[Phase, ...] = get_args(Phase)

PROGRAMME_DIR = Path(__file__).resolve().parent
EXERCISE_DIR = PROGRAMME_DIR / "content" / "exercises"
EXERCISE_SCHEMA = PROGRAMME_DIR / "schemas" / "exercise.schema.json"


@dataclass(frozen=True)
class Text:
    """A text a patient reads, in Dutch and English."""

    nl: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nl

    @classmethod
    def from_data(cls, data: dict[str, str]) -> Text:
        return cls(nl=data["nl"], en=data["en"])


_UNIT_WORDS = {
    "reps": {"nl": "keer", "en": "times"},
    "hold": {"nl": "seconden vasthouden", "en": "seconds hold"},
    "duration": {"nl": "minuten", "en": "minutes"},
}
_TIMES = "\N{MULTIPLICATION SIGN}"
_PER_SIDE = {"nl": "per kant", "en": "each side"}
_REST = {"nl": "seconden rust", "en": "seconds rest"}


@dataclass(frozen=True)
class DosageStep:
    """One dosage step: sets of repetitions, of holds in seconds, or of minutes."""

    sets: int
    rest_seconds: int
    reps: int | None = None
    hold_seconds: int | None = None
    minutes: int | None = None

    @property
    def kind(self) -> DosageKind:
        if self.reps is not None:
            return "reps"
        if self.hold_seconds is not None:
            return "hold"
        return "duration"

    @property
    def amount(self) -> int:
        """Repetitions, seconds or minutes per set."""
        value = self.reps if self.reps is not None else self.hold_seconds
        if value is None:
            value = self.minutes
        assert value is not None
        return value

    @property
    def volume(self) -> int:
        """The load of the step in one number: repetitions, or seconds of work."""
        per_set = self.amount * 60 if self.kind == "duration" else self.amount
        return self.sets * per_set

    def label(self, language: str, per_side: bool = False) -> str:
        """E.g. "3 x 10 keer per kant, 60 seconden rust", with a real multiplication sign."""
        lang = "en" if language == "en" else "nl"
        words = f"{self.sets} {_TIMES} {self.amount} {_UNIT_WORDS[self.kind][lang]}"
        if per_side:
            words += f" {_PER_SIDE[lang]}"
        if self.sets > 1 and self.rest_seconds:
            words += f", {self.rest_seconds} {_REST[lang]}"
        return words


@dataclass(frozen=True)
class Exercise:
    id: str
    name: Text
    category: Category
    chain: str
    level: int
    phases: tuple[Phase, ...]
    equipment: tuple[Equipment, ...]
    position: Position
    direction: Direction | None
    purpose: Text
    starting_position: Text
    steps: tuple[Text, ...]
    feel: Text
    mistakes: tuple[Text, ...]
    cautions: tuple[Text, ...]
    only_for_pain_type: Literal["radicular"] | None
    suitable_high_pain: bool
    per_side: bool
    dosage: tuple[DosageStep, ...]
    alt: Text
    figure: Figure

    def allowed_for(self, pain_type: str) -> bool:
        """Whether the exercise may be offered to a patient with this pain type."""
        return self.only_for_pain_type is None or self.only_for_pain_type == pain_type


@dataclass(frozen=True)
class Dose:
    """Where a patient is in a chain: an exercise and a 0-based index into its dosage."""

    exercise_id: str
    step: int = 0

    @property
    def exercise(self) -> Exercise:
        return get_exercise(self.exercise_id)

    @property
    def dosage(self) -> DosageStep:
        return self.exercise.dosage[self.step]

    def clamped(self) -> Dose:
        """The same place with the step kept inside the dosage table, e.g. for a dose stored
        before the exercise lost a step."""
        last = len(self.exercise.dosage) - 1
        return Dose(self.exercise_id, min(max(self.step, 0), last))


def _texts(items: Iterable[dict[str, str]]) -> tuple[Text, ...]:
    return tuple(Text.from_data(item) for item in items)


def _exercise(data: dict[str, Any]) -> Exercise:
    return Exercise(
        id=data["id"],
        name=Text.from_data(data["name"]),
        category=data["category"],
        chain=data["chain"],
        level=data["level"],
        phases=tuple(data["phases"]),
        equipment=tuple(data["equipment"]),
        position=data["position"],
        direction=data.get("direction"),
        purpose=Text.from_data(data["purpose"]),
        starting_position=Text.from_data(data["starting_position"]),
        steps=_texts(data["steps"]),
        feel=Text.from_data(data["feel"]),
        mistakes=_texts(data["mistakes"]),
        cautions=_texts(data["cautions"]),
        only_for_pain_type=data.get("only_for_pain_type"),
        suitable_high_pain=data["suitable_high_pain"],
        per_side=data["per_side"],
        dosage=tuple(DosageStep(**step) for step in data["dosage"]),
        alt=Text.from_data(data["alt"]),
        figure=parse_figure(data["figure"]),
    )


def _check(exercises: tuple[Exercise, ...]) -> None:
    """The rules a JSON Schema cannot express; raise DataFileError on the first broken one."""
    duplicates = [id_ for id_, n in Counter(e.id for e in exercises).items() if n > 1]
    if duplicates:
        raise DataFileError(f"exercise ids used twice: {', '.join(sorted(duplicates))}")
    for exercise in exercises:
        where = f"exercise {exercise.id}"
        if "none" in exercise.equipment and len(exercise.equipment) > 1:
            raise DataFileError(f"{where}: equipment 'none' together with other equipment")
        if exercise.category == "nerve_gliding" and exercise.only_for_pain_type != "radicular":
            # programme.md section 3: nerve gliding only for radicular pain.
            raise DataFileError(f"{where}: nerve gliding must be only_for_pain_type radicular")
        kinds = {step.kind for step in exercise.dosage}
        if len(kinds) > 1:
            raise DataFileError(f"{where}: dosage mixes {', '.join(sorted(kinds))}")
        volumes = [step.volume for step in exercise.dosage]
        if any(later <= earlier for earlier, later in pairwise(volumes)):
            raise DataFileError(f"{where}: dosage volume must rise step by step: {volumes}")
    chains: dict[str, list[Exercise]] = {}
    for exercise in exercises:
        chains.setdefault(exercise.chain, []).append(exercise)
    for chain, members in chains.items():
        levels = sorted(e.level for e in members)
        if levels != list(range(1, len(members) + 1)):
            raise DataFileError(f"chain {chain}: levels must be 1..{len(members)}, got {levels}")
        if len({e.category for e in members}) > 1:
            raise DataFileError(f"chain {chain}: all levels must share one category")


def read_exercises(directory: Path, schema: Path = EXERCISE_SCHEMA) -> tuple[Exercise, ...]:
    """Load, validate and check every ``*.json`` exercise file in ``directory``."""
    exercises: list[Exercise] = []
    for path in sorted(directory.glob("*.json")):
        data = load_validated(path, schema)
        exercises.extend(_exercise(item) for item in data["exercises"])
    result = tuple(exercises)
    _check(result)
    return result


@cache
def load_exercises() -> tuple[Exercise, ...]:
    """The whole library, in file order (files sorted by name)."""
    return read_exercises(EXERCISE_DIR)


@cache
def _by_id() -> dict[str, Exercise]:
    return {exercise.id: exercise for exercise in load_exercises()}


def get_exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; KeyError when there is none."""
    try:
        return _by_id()[exercise_id]
    except KeyError:
        raise KeyError(f"no exercise with id {exercise_id!r}") from None


def chain(chain_id: str) -> tuple[Exercise, ...]:
    """The levels of a chain, easiest first; empty when the chain does not exist."""
    members = (e for e in load_exercises() if e.chain == chain_id)
    return tuple(sorted(members, key=lambda e: e.level))


def chain_ids() -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.chain for e in load_exercises()))


def exercises_in_category(category: Category) -> tuple[Exercise, ...]:
    return tuple(e for e in load_exercises() if e.category == category)


def step_up(dose: Dose) -> Dose:
    """One dosage step up; past the last step the next level's first step; at the top, stay."""
    exercise = dose.exercise
    if dose.step + 1 < len(exercise.dosage):
        return Dose(exercise.id, dose.step + 1)
    levels = chain(exercise.chain)
    if exercise.level < len(levels):
        return Dose(levels[exercise.level].id, 0)
    return dose


def step_down(dose: Dose) -> Dose:
    """One step down; below the first step the previous level's last step; at the bottom, stay."""
    exercise = dose.exercise
    if dose.step > 0:
        return Dose(exercise.id, dose.step - 1)
    if exercise.level > 1:
        easier = chain(exercise.chain)[exercise.level - 2]
        return Dose(easier.id, len(easier.dosage) - 1)
    return dose
