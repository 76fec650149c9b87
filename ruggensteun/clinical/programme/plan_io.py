"""The plan engine's inputs and outputs, and their JSON form (programme.md §4-§6).

Inputs: a ``Profile`` (from triage and intake) and the ``WeekRecord`` history (each earlier
``WeeklyPlan`` with the week's ``CheckIn`` days). Output: a ``WeeklyPlan``.

Every value is checked when it is built; a bad value raises ``PlanInputError`` whose
``field`` names the place (``history[1].checkins[0].day``). ``plan_to_dict`` and
``plan_from_dict`` give the JSON form that the ``plan`` command prints and the Django apps
store; a plan read back equals the plan written.

A plan's ``goals`` are activities from the patient's own PSK list that the therapist adopted
("werken toe naar: ..."); the engine carries them into every next plan unchanged, until
the therapist removes one.

How a plan carries the therapist's changes: an exercise entry with ``set_by: "therapist"``
stays in the next plans (the engine progresses, holds or steps it back from the dosage
written in the entry); its dosage need not be one of the library's steps. An engine entry
whose dosage is not a library step is read the same way (the therapist changed the dosage).
The walking goal of the previous plan is always the starting point of the next one, so a
changed goal carries too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, TypeVar, get_args

from ruggensteun.clinical.programme.education import (
    UnknownModuleError,
    get_module,
    profile_tags,
)
from ruggensteun.clinical.programme.exercises import (
    CATEGORIES,
    Category,
    DosageStep,
    Exercise,
    get_exercise,
)
from ruggensteun.clinical.programme.exposure import load_exposure_activities
from ruggensteun.clinical.triage.classification import DurationClass, PainType
from ruggensteun.clinical.triage.stratification import Pathway

Decision = Literal["start", "progress", "hold", "hold_low_adherence", "step_back"]
SetBy = Literal["engine", "therapist"]
Language = Literal["nl", "en"]
GoalKind = Literal["graded_activity", "exposure"]

DECISIONS: tuple[Decision, ...] = get_args(Decision)
SET_BY: tuple[SetBy, ...] = get_args(SetBy)
LANGUAGES: tuple[Language, ...] = get_args(Language)
DURATION_CLASSES: tuple[DurationClass, ...] = get_args(DurationClass)
PAIN_TYPES: tuple[PainType, ...] = get_args(PainType)
PATHWAYS: tuple[Pathway, ...] = get_args(Pathway)
GOAL_KINDS: tuple[GoalKind, ...] = get_args(GoalKind)

# programme.md §4: a plan has 3 to 6 exercises.
MIN_EXERCISES = 3
MAX_EXERCISES = 6
DAYS_PER_WEEK = 7
MINUTES_PER_DAY = 24 * 60
# A pregnancy lasts at most about 42 weeks; a later week is a typing error.
MAX_PREGNANCY_WEEK = 42
# The PSK asks for 3 to 5 activities (instruments.md, PSK), so at most 5 goals.
MAX_GOALS = 5
MAX_GOAL_TEXT = 200


class PlanInputError(ValueError):
    """A value the engine cannot use; ``field`` names where it is."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message

    def within(self, prefix: str) -> PlanInputError:
        """The same error, one level further out (``checkins[0].day`` in ``history[2]``)."""
        if not self.field:
            return PlanInputError(prefix, self.message)
        joiner = "" if self.field.startswith("[") else "."
        return PlanInputError(f"{prefix}{joiner}{self.field}", self.message)


def _require(ok: bool, field: str, message: str) -> None:
    if not ok:
        raise PlanInputError(field, message)


def _in_range(value: int, low: int, high: int | None, field: str) -> None:
    if high is None:
        _require(value >= low, field, f"must be at least {low}, got {value}")
    else:
        _require(low <= value <= high, field, f"must be {low} to {high}, got {value}")


def _choice(value: str, choices: Sequence[str], field: str) -> None:
    _require(value in choices, field, f"must be one of {', '.join(choices)}; got {value!r}")


@cache
def exposure_activity_ids() -> tuple[str, ...]:
    """The graded-exposure activities (programme.md §6), in library order."""
    return tuple(activity.id for activity in load_exposure_activities())


# --- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What the engine knows of the patient (triage.md §3-§4, intake).

    - ``nprs``: the intake pain score (0-10). It is the "usual pain" before the first week
      (programme.md §5) and decides "acute with high pain" (§4).
    - ``preferences``: exercise categories the patient likes, most liked first.
    - ``fear_ratings``: activity id -> how fearful it feels (0-100), the latest rating of
      each (programme.md §6). The Django app replaces a rating when the patient rates again.
    - ``disliked_exercises``: exercises the patient marked "too painful, and not better the
      next day" (programme.md §4).
    - ``tags``: further profile tags (``education.profile_tags()``), e.g. the yellow flags of
      triage.md §4, ``sick_leave``, ``stress``, ``recurrent``; ``pregnant`` (intake) and
      ``stenosis`` (the triage rule STENOSIS fired) shape the exercise choice
      (programme.md §2 revision 2).
    - ``pregnancy_week``: the week of pregnancy in the week being planned, when known; only
      with the ``pregnant`` tag. Unknown counts as "after week 16" (conservative).
    - ``extension_eases_pain``: the patient reports that bending the back backwards (lying
      on the belly, propped up) eases the pain. Only ``True`` lets the engine offer the
      extension exercises; ``None`` (not asked) and ``False`` do not.
    """

    duration_class: DurationClass
    pain_type: PainType
    pathway: Pathway
    nprs: int
    preferences: tuple[Category, ...] = ()
    fear_ratings: Mapping[str, int] = field(default_factory=dict)
    disliked_exercises: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    pregnancy_week: int | None = None
    extension_eases_pain: bool | None = None

    def __post_init__(self) -> None:
        _choice(self.duration_class, DURATION_CLASSES, "duration_class")
        _choice(self.pain_type, PAIN_TYPES, "pain_type")
        _choice(self.pathway, PATHWAYS, "pathway")
        _in_range(self.nprs, 0, 10, "nprs")
        for index, category in enumerate(self.preferences):
            _choice(category, CATEGORIES, f"preferences[{index}]")
        _require(
            len(set(self.preferences)) == len(self.preferences),
            "preferences",
            "a category is given twice",
        )
        known = exposure_activity_ids()
        for activity, rating in self.fear_ratings.items():
            where = f"fear_ratings.{activity}"
            _require(activity in known, where, f"no exposure activity with id {activity!r}")
            _in_range(rating, 0, 100, where)
        for exercise_id in sorted(self.disliked_exercises):
            _known_exercise(exercise_id, "disliked_exercises")
        allowed_tags = profile_tags()
        for tag in sorted(self.tags):
            _require(tag in allowed_tags, "tags", f"unknown profile tag {tag!r}")
        if self.pregnancy_week is not None:
            _in_range(self.pregnancy_week, 1, MAX_PREGNANCY_WEEK, "pregnancy_week")
            _require(
                "pregnant" in self.tags,
                "pregnancy_week",
                "given without the tag 'pregnant'; add the tag or leave the week out",
            )


@dataclass(frozen=True)
class CheckIn:
    """One day of a week's check-ins; every field may be missing (None).

    - ``day``: 1-7 within the plan's week.
    - ``walking_minutes``: minutes walked that day.
    - ``exercise_sessions``: how often the day's exercises were done (a day counts once).
    - ``pain``: 0-10. ``flare``: the patient reports a flare-up.
    - ``exposure_done``: the patient did the week's graded-exposure step that day.
    """

    day: int | None = None
    walking_minutes: int | None = None
    exercise_sessions: int | None = None
    pain: int | None = None
    flare: bool | None = None
    exposure_done: bool | None = None

    def __post_init__(self) -> None:
        if self.day is not None:
            _in_range(self.day, 1, DAYS_PER_WEEK, "day")
        if self.walking_minutes is not None:
            _in_range(self.walking_minutes, 0, MINUTES_PER_DAY, "walking_minutes")
        if self.exercise_sessions is not None:
            _in_range(self.exercise_sessions, 0, None, "exercise_sessions")
        if self.pain is not None:
            _in_range(self.pain, 0, 10, "pain")


@dataclass(frozen=True)
class WeekRecord:
    """A past week: the plan the patient followed and the check-ins of that week."""

    plan: WeeklyPlan
    checkins: tuple[CheckIn, ...] = ()

    def __post_init__(self) -> None:
        _require(
            len(self.checkins) <= DAYS_PER_WEEK,
            "checkins",
            f"at most {DAYS_PER_WEEK} days, got {len(self.checkins)}",
        )
        days = [checkin.day for checkin in self.checkins if checkin.day is not None]
        for index, checkin in enumerate(self.checkins):
            if checkin.day is not None and days.count(checkin.day) > 1:
                raise PlanInputError(f"checkins[{index}].day", f"day {checkin.day} given twice")

    def ordered_checkins(self) -> tuple[CheckIn, ...]:
        """By day; a check-in without a day comes after the dated ones, in list order."""
        numbered = sorted(
            enumerate(self.checkins),
            key=lambda pair: (pair[1].day is None, pair[1].day or 0, pair[0]),
        )
        return tuple(checkin for _, checkin in numbered)


# --- the plan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WalkingGoal:
    """Minutes a day in this many walks; each walk at most 30 minutes [D]."""

    minutes_per_day: int
    walks_per_day: int
    reason: str = ""
    rule: str = ""

    def __post_init__(self) -> None:
        _in_range(self.minutes_per_day, 1, MINUTES_PER_DAY, "minutes_per_day")
        _in_range(self.walks_per_day, 1, self.minutes_per_day, "walks_per_day")


def _known_exercise(exercise_id: str, field: str) -> Exercise:
    try:
        return get_exercise(exercise_id)
    except KeyError:
        raise PlanInputError(field, f"no exercise with id {exercise_id!r}") from None


_KIND_FIELDS = {"reps": "reps", "hold": "hold_seconds", "duration": "minutes"}


@dataclass(frozen=True)
class PlannedExercise:
    """One exercise of a plan with its dosage: sets of reps, of holds, or of minutes.

    The dosage is one of the exercise's library steps, except when a therapist changed it;
    ``step`` tells which (None for a changed dosage). ``set_by="therapist"`` keeps the
    exercise in the following plans.
    """

    id: str
    sets: int
    reps: int | None
    hold_seconds: int | None
    days_per_week: int
    minutes: int | None = None
    reason: str = ""
    rule: str = ""
    set_by: SetBy = "engine"

    def __post_init__(self) -> None:
        exercise = _known_exercise(self.id, "id")
        _choice(self.set_by, SET_BY, "set_by")
        _in_range(self.days_per_week, 1, DAYS_PER_WEEK, "days_per_week")
        _in_range(self.sets, 1, None, "sets")
        kind = exercise.dosage[0].kind
        for name in ("reps", "hold_seconds", "minutes"):
            value = getattr(self, name)
            if name == _KIND_FIELDS[kind]:
                _require(value is not None, name, f"{self.id} is dosed in {name}; give {name}")
                _in_range(value, 1, None, name)
            else:
                _require(
                    value is None, name, f"{self.id} is dosed in {_KIND_FIELDS[kind]}, not {name}"
                )

    @property
    def exercise(self) -> Exercise:
        return get_exercise(self.id)

    @property
    def category(self) -> Category:
        return self.exercise.category

    @property
    def level(self) -> int:
        return self.exercise.level

    @property
    def dosage(self) -> DosageStep:
        """The dosage as a library step object (the rest time of the nearest library step)."""
        step = self.step
        if step is not None:
            return self.exercise.dosage[step]
        return DosageStep(
            sets=self.sets,
            rest_seconds=self.exercise.dosage[0].rest_seconds,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            minutes=self.minutes,
        )

    @property
    def step(self) -> int | None:
        """The 0-based library dosage step this dosage equals; None when it was changed."""
        for index, step in enumerate(self.exercise.dosage):
            if (step.sets, step.reps, step.hold_seconds, step.minutes) == (
                self.sets,
                self.reps,
                self.hold_seconds,
                self.minutes,
            ):
                return index
        return None


@dataclass(frozen=True)
class EducationItem:
    """An education module for the week, with why the patient gets it."""

    id: str
    reason: str = ""
    rule: str = ""

    def __post_init__(self) -> None:
        try:
            get_module(self.id)
        except UnknownModuleError:
            raise PlanInputError("id", f"no education module with id {self.id!r}") from None


@dataclass(frozen=True)
class ExposureStep:
    """The week's graded-exposure activity; ``first_rating`` is its rating when first proposed."""

    activity: str
    first_rating: int | None = None
    reason: str = ""
    rule: str = ""

    def __post_init__(self) -> None:
        _require(
            self.activity in exposure_activity_ids(),
            "activity",
            f"no exposure activity with id {self.activity!r}",
        )
        if self.first_rating is not None:
            _in_range(self.first_rating, 0, 100, "first_rating")


@dataclass(frozen=True)
class Goal:
    """An activity the patient works towards (programme.md §5 graded activity, §6 graded
    exposure), taken from the patient's own PSK list and adopted by the therapist.

    - ``id``: the PSK activity: a code of the instrument's list or the patient's own words.
    - ``name``: the activity as the patient reads it.
    - ``kind``: ``graded_activity`` (built up in fixed steps) or ``exposure`` (an activity
      the patient avoids out of fear, done again in small steps).
    - ``difficulty``: the PSK score (0 no difficulty - 10 impossible) when it was adopted.
    """

    id: str
    name: str
    kind: GoalKind = "graded_activity"
    difficulty: int | None = None
    reason: str = ""
    rule: str = ""

    def __post_init__(self) -> None:
        for name in ("id", "name"):
            value = getattr(self, name)
            _require(isinstance(value, str) and value.strip() != "", name, "must not be empty")
            _require(len(value) <= MAX_GOAL_TEXT, name, f"at most {MAX_GOAL_TEXT} characters")
        _choice(self.kind, GOAL_KINDS, "kind")
        if self.difficulty is not None:
            _in_range(self.difficulty, 0, 10, "difficulty")


@dataclass(frozen=True)
class Note:
    """A reason for the plan as a whole, with the rule it came from."""

    reason: str
    rule: str = ""


@dataclass(frozen=True)
class WeeklyPlan:
    """One week of the self-management programme (programme.md §4).

    ``flare_up_plan``: show the flare-up plan prominently this week (§5 step back, §7).
    ``notify_therapist``: adherence was low; the therapist should talk about barriers (§5).
    """

    week: int
    decision: Decision
    walking: WalkingGoal
    exercises: tuple[PlannedExercise, ...]
    education: tuple[EducationItem, ...]
    exposure: ExposureStep | None
    time_contingent: bool
    notes: tuple[Note, ...] = ()
    flare_up_plan: bool = False
    notify_therapist: bool = False
    language: Language = "nl"
    goals: tuple[Goal, ...] = ()

    def __post_init__(self) -> None:
        _in_range(self.week, 1, None, "week")
        _choice(self.decision, DECISIONS, "decision")
        _choice(self.language, LANGUAGES, "language")
        _require(
            len(self.exercises) <= MAX_EXERCISES,
            "exercises",
            f"at most {MAX_EXERCISES} exercises (programme.md §4), got {len(self.exercises)}",
        )
        seen: set[str] = set()
        for index, exercise in enumerate(self.exercises):
            _require(exercise.id not in seen, f"exercises[{index}].id", "exercise given twice")
            seen.add(exercise.id)
        modules = [item.id for item in self.education]
        for index, module in enumerate(modules):
            _require(modules.index(module) == index, f"education[{index}]", "module given twice")
        _require(
            len(self.goals) <= MAX_GOALS,
            "goals",
            f"at most {MAX_GOALS} goals, got {len(self.goals)}",
        )
        goal_ids = [goal.id for goal in self.goals]
        for index, goal_id in enumerate(goal_ids):
            _require(goal_ids.index(goal_id) == index, f"goals[{index}].id", "goal given twice")

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(note.reason for note in self.notes)


# --- JSON ---------------------------------------------------------------------------------


def plan_to_dict(plan: WeeklyPlan) -> dict[str, Any]:
    """The JSON form of a plan (the ``plan`` command's output)."""
    return {
        "week": plan.week,
        "decision": plan.decision,
        "walking": {
            "minutes_per_day": plan.walking.minutes_per_day,
            "walks_per_day": plan.walking.walks_per_day,
            "reason": plan.walking.reason,
            "rule": plan.walking.rule,
        },
        "exercises": [
            {
                "id": exercise.id,
                "category": exercise.category,
                "level": exercise.level,
                "sets": exercise.sets,
                "reps": exercise.reps,
                "hold_seconds": exercise.hold_seconds,
                "minutes": exercise.minutes,
                "days_per_week": exercise.days_per_week,
                "reason": exercise.reason,
                "rule": exercise.rule,
                "set_by": exercise.set_by,
            }
            for exercise in plan.exercises
        ],
        "education": [item.id for item in plan.education],
        "education_details": [
            {"id": item.id, "reason": item.reason, "rule": item.rule} for item in plan.education
        ],
        "exposure": None
        if plan.exposure is None
        else {
            "activity": plan.exposure.activity,
            "reason": plan.exposure.reason,
            "rule": plan.exposure.rule,
            "first_rating": plan.exposure.first_rating,
        },
        "time_contingent": plan.time_contingent,
        "reasons": [note.reason for note in plan.notes],
        "reason_rules": [note.rule for note in plan.notes],
        "flare_up_plan": plan.flare_up_plan,
        "notify_therapist": plan.notify_therapist,
        "language": plan.language,
        "goals": [
            {
                "id": goal.id,
                "name": goal.name,
                "kind": goal.kind,
                "difficulty": goal.difficulty,
                "reason": goal.reason,
                "rule": goal.rule,
            }
            for goal in plan.goals
        ],
    }


T = TypeVar("T")


class _Reader:
    """Typed access to one JSON object, with errors that name the field."""

    def __init__(self, data: object, where: str, known: Sequence[str]) -> None:
        if not isinstance(data, dict):
            raise PlanInputError(where, "must be a JSON object")
        unknown = [key for key in data if key not in known]
        if unknown:
            raise PlanInputError(where, f"unknown field {unknown[0]!r}")
        self.data: dict[str, Any] = data
        self.where = where

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def has(self, key: str) -> bool:
        return key in self.data

    def required(self, key: str) -> Any:
        """The raw value of a key that must be present (it may be null)."""
        return self._get(key, True)

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.data:
            if required:
                raise PlanInputError(self.path(key), "missing")
            return None
        return self.data[key]

    def integer(self, key: str, required: bool = True) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise PlanInputError(self.path(key), f"must be a whole number, got {value!r}")
        return value

    def required_integer(self, key: str) -> int:
        value = self.integer(key)
        if value is None:
            raise PlanInputError(self.path(key), "must be a whole number, got null")
        return value

    def boolean(self, key: str, required: bool = True) -> bool | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise PlanInputError(self.path(key), f"must be true or false, got {value!r}")
        return value

    def string(self, key: str, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise PlanInputError(self.path(key), f"must be a string, got {value!r}")
        return value

    def required_string(self, key: str) -> str:
        value = self.string(key)
        if value is None:
            raise PlanInputError(self.path(key), "must be a string, got null")
        return value

    def required_boolean(self, key: str) -> bool:
        value = self.boolean(key)
        if value is None:
            raise PlanInputError(self.path(key), "must be true or false, got null")
        return value

    def array(self, key: str, required: bool = True) -> list[Any]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise PlanInputError(self.path(key), "must be an array")
        return value

    def strings(self, key: str, required: bool = True) -> list[str]:
        items = self.array(key, required)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise PlanInputError(f"{self.path(key)}[{index}]", "must be a string")
        return items

    def build(self, builder: Callable[[], T]) -> T:
        """Run a dataclass constructor; its PlanInputError gets this object's place."""
        try:
            return builder()
        except PlanInputError as error:
            if not self.where:
                raise
            raise error.within(self.where) from None


_PROFILE_KEYS = (
    "duration_class",
    "pain_type",
    "pathway",
    "nprs",
    "preferences",
    "fear_ratings",
    "disliked_exercises",
    "tags",
    "pregnancy_week",
    "extension_eases_pain",
)
_CHECKIN_KEYS = ("day", "walking_minutes", "exercise_sessions", "pain", "flare", "exposure_done")
_PLAN_KEYS = (
    "week",
    "decision",
    "walking",
    "exercises",
    "education",
    "education_details",
    "exposure",
    "time_contingent",
    "reasons",
    "reason_rules",
    "flare_up_plan",
    "notify_therapist",
    "language",
    "goals",
)
_GOAL_KEYS = ("id", "name", "kind", "difficulty", "reason", "rule")
_WALKING_KEYS = ("minutes_per_day", "walks_per_day", "reason", "rule")
_EXERCISE_KEYS = (
    "id",
    "category",
    "level",
    "sets",
    "reps",
    "hold_seconds",
    "minutes",
    "days_per_week",
    "reason",
    "rule",
    "set_by",
)
_EXPOSURE_KEYS = ("activity", "reason", "rule", "first_rating")
_DETAIL_KEYS = ("id", "reason", "rule")


def profile_from_dict(data: object, where: str = "profile") -> Profile:
    """A Profile from its JSON form; PlanInputError names the field."""
    reader = _Reader(data, where, _PROFILE_KEYS)
    ratings_raw = reader.data.get("fear_ratings")
    ratings_raw = {} if ratings_raw is None else ratings_raw
    known_activities = list(ratings_raw) if isinstance(ratings_raw, dict) else []
    ratings = _Reader(ratings_raw, reader.path("fear_ratings"), known_activities)
    fear_ratings = {key: ratings.required_integer(key) for key in sorted(ratings.data)}
    values: dict[str, Any] = {
        "duration_class": reader.required_string("duration_class"),
        "pain_type": reader.required_string("pain_type"),
        "pathway": reader.required_string("pathway"),
        "nprs": reader.required_integer("nprs"),
        "preferences": tuple(reader.strings("preferences", required=False)),
        "fear_ratings": fear_ratings,
        "disliked_exercises": frozenset(reader.strings("disliked_exercises", required=False)),
        "tags": frozenset(reader.strings("tags", required=False)),
        "pregnancy_week": reader.integer("pregnancy_week", required=False),
        "extension_eases_pain": reader.boolean("extension_eases_pain", required=False),
    }
    return reader.build(lambda: Profile(**values))


def checkin_from_dict(data: object, where: str) -> CheckIn:
    reader = _Reader(data, where, _CHECKIN_KEYS)
    values: dict[str, Any] = {
        "day": reader.integer("day", required=False),
        "walking_minutes": reader.integer("walking_minutes", required=False),
        "exercise_sessions": reader.integer("exercise_sessions", required=False),
        "pain": reader.integer("pain", required=False),
        "flare": reader.boolean("flare", required=False),
        "exposure_done": reader.boolean("exposure_done", required=False),
    }
    return reader.build(lambda: CheckIn(**values))


def _exercise_from_dict(data: object, where: str) -> PlannedExercise:
    reader = _Reader(data, where, _EXERCISE_KEYS)
    exercise_id = reader.required_string("id")
    exercise = _known_exercise(exercise_id, reader.path("id"))
    category = reader.string("category", required=False)
    if category is not None and category != exercise.category:
        raise PlanInputError(
            reader.path("category"),
            f"{exercise_id} is in category {exercise.category}, not {category}",
        )
    level = reader.integer("level", required=False)
    if level is not None and level != exercise.level:
        raise PlanInputError(
            reader.path("level"), f"{exercise_id} is level {exercise.level}, not {level}"
        )
    values: dict[str, Any] = {
        "id": exercise_id,
        "sets": reader.required_integer("sets"),
        # The documented output always has reps and hold_seconds (null when not used).
        "reps": reader.integer("reps"),
        "hold_seconds": reader.integer("hold_seconds"),
        "minutes": reader.integer("minutes", required=False),
        "days_per_week": reader.required_integer("days_per_week"),
        "reason": reader.string("reason", required=False) or "",
        "rule": reader.string("rule", required=False) or "",
        "set_by": reader.string("set_by", required=False) or "engine",
    }
    return reader.build(lambda: PlannedExercise(**values))


def _education_from_dict(reader: _Reader) -> tuple[EducationItem, ...]:
    ids = reader.strings("education")
    details: dict[str, tuple[str, str]] = {}
    for index, raw in enumerate(reader.array("education_details", required=False)):
        detail = _Reader(raw, f"{reader.path('education_details')}[{index}]", _DETAIL_KEYS)
        module = detail.required_string("id")
        if module not in ids:
            raise PlanInputError(detail.path("id"), f"{module!r} is not in education")
        details[module] = (
            detail.string("reason", required=False) or "",
            detail.string("rule", required=False) or "",
        )
    items = []
    for index, module in enumerate(ids):
        reason, rule = details.get(module, ("", ""))
        try:
            items.append(EducationItem(id=module, reason=reason, rule=rule))
        except PlanInputError as error:
            raise PlanInputError(f"{reader.path('education')}[{index}]", error.message) from None
    return tuple(items)


def _goal_from_dict(data: object, where: str) -> Goal:
    reader = _Reader(data, where, _GOAL_KEYS)
    values: dict[str, Any] = {
        "id": reader.required_string("id"),
        "name": reader.required_string("name"),
        "kind": reader.string("kind", required=False) or "graded_activity",
        "difficulty": reader.integer("difficulty", required=False),
        "reason": reader.string("reason", required=False) or "",
        "rule": reader.string("rule", required=False) or "",
    }
    return reader.build(lambda: Goal(**values))


def _notes_from_dict(reader: _Reader) -> tuple[Note, ...]:
    reasons = reader.strings("reasons")
    rules = reader.strings("reason_rules", required=False)
    if reader.has("reason_rules") and len(rules) != len(reasons):
        raise PlanInputError(reader.path("reason_rules"), "must have one rule per reason")
    return tuple(
        Note(reason=reason, rule=rules[index] if rules else "")
        for index, reason in enumerate(reasons)
    )


def plan_from_dict(data: object, where: str = "plan") -> WeeklyPlan:
    """A plan from its JSON form (as ``plan_to_dict`` wrote it); PlanInputError names the field.

    The keys of the documented output are required; the engine's extra keys (``rule``,
    ``set_by``, ``minutes``, ``education_details``, ``first_rating``, ``reason_rules``,
    ``flare_up_plan``, ``notify_therapist``, ``language``, ``goals``) may be left out.
    """
    reader = _Reader(data, where, _PLAN_KEYS)
    walking = _Reader(reader.required("walking"), reader.path("walking"), _WALKING_KEYS)
    walking_values: dict[str, Any] = {
        "minutes_per_day": walking.required_integer("minutes_per_day"),
        "walks_per_day": walking.required_integer("walks_per_day"),
        "reason": walking.string("reason", required=False) or "",
        "rule": walking.string("rule", required=False) or "",
    }
    walking_goal = walking.build(lambda: WalkingGoal(**walking_values))
    exercises = tuple(
        _exercise_from_dict(raw, f"{reader.path('exercises')}[{index}]")
        for index, raw in enumerate(reader.array("exercises"))
    )
    exposure: ExposureStep | None = None
    exposure_raw = reader.required("exposure")
    if exposure_raw is not None:
        step = _Reader(exposure_raw, reader.path("exposure"), _EXPOSURE_KEYS)
        exposure_values: dict[str, Any] = {
            "activity": step.required_string("activity"),
            "first_rating": step.integer("first_rating", required=False),
            "reason": step.string("reason", required=False) or "",
            "rule": step.string("rule", required=False) or "",
        }
        exposure = step.build(lambda: ExposureStep(**exposure_values))
    values: dict[str, Any] = {
        "week": reader.required_integer("week"),
        "decision": reader.required_string("decision"),
        "walking": walking_goal,
        "exercises": exercises,
        "education": _education_from_dict(reader),
        "exposure": exposure,
        "time_contingent": reader.required_boolean("time_contingent"),
        "notes": _notes_from_dict(reader),
        "flare_up_plan": bool(reader.boolean("flare_up_plan", required=False)),
        "notify_therapist": bool(reader.boolean("notify_therapist", required=False)),
        "language": reader.string("language", required=False) or "nl",
        "goals": tuple(
            _goal_from_dict(raw, f"{reader.path('goals')}[{index}]")
            for index, raw in enumerate(reader.array("goals", required=False))
        ),
    }
    return reader.build(lambda: WeeklyPlan(**values))


def week_record_from_dict(data: object, where: str) -> WeekRecord:
    reader = _Reader(data, where, ("plan", "checkins"))
    plan = plan_from_dict(reader.required("plan"), reader.path("plan"))
    checkins = tuple(
        checkin_from_dict(raw, f"{reader.path('checkins')}[{index}]")
        for index, raw in enumerate(reader.array("checkins", required=False))
    )
    return reader.build(lambda: WeekRecord(plan=plan, checkins=checkins))


def history_from_list(data: object, where: str = "history") -> tuple[WeekRecord, ...]:
    """The history, oldest first."""
    if not isinstance(data, list):
        raise PlanInputError(where, "must be an array of weeks, oldest first")
    return tuple(week_record_from_dict(raw, f"{where}[{index}]") for index, raw in enumerate(data))
