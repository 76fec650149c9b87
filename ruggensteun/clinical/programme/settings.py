"""The design numbers [D] of programme.md §4-§6 that a practice may adjust, and their JSON form.

Apart from the engine so that ``walking.py`` and ``selection.py`` read them without
importing the engine that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, get_args

from ruggensteun.clinical.programme.exercises import CATEGORIES, Category, Equipment
from ruggensteun.clinical.programme.exposure import (
    MASTERY_MAX_RATING,
    MASTERY_MIN_DAYS,
    MASTERY_MIN_DROP,
)
from ruggensteun.clinical.programme.plan_io import MAX_EXERCISES, MIN_EXERCISES, PlanInputError

__all__ = ["DEFAULTS", "ProgrammeSettings", "settings_from_dict"]


@dataclass(frozen=True)
class ProgrammeSettings:
    """The design numbers [D] of programme.md §4-§6, adjustable per practice."""

    # §5 first week: 15 minutes a day in 3 walks until a baseline exists [D].
    first_week_minutes: int = 15
    walks_per_day: int = 3
    # §5 baseline: mean of the first 3 recorded days; first goal 80% of it [D].
    baseline_days: int = 3
    first_goal_percent: int = 80
    # §5 progress: +10%, at least +2 minutes a day [D].
    progress_percent: int = 10
    progress_min_minutes: int = 2
    # §5 step back: -20%, never below 50% of baseline [D].
    step_back_percent: int = 20
    floor_percent_of_baseline: int = 50
    # §5 limits: at most 60 minutes a day, walks of at most 30 minutes [D].
    max_minutes_per_day: int = 60
    max_walk_minutes: int = 30
    # Never bed rest, and walks not uselessly short: this project's choice [D].
    min_minutes_per_day: int = 2
    min_walk_minutes: int = 5
    # §5 decision thresholds [D].
    progress_min_days: int = 5
    progress_min_sessions_percent: int = 70
    hold_min_days: int = 3
    hold_min_sessions_percent: int = 40
    # §5 flare-up: pain >= usual + 2 on >= 2 days [D].
    flare_pain_rise: int = 2
    flare_min_days: int = 2
    # §6 mastery: done on >= 3 days and rated <= 30 again, or dropped by >= 30 points [D].
    mastery_min_days: int = MASTERY_MIN_DAYS
    mastery_max_rating: int = MASTERY_MAX_RATING
    mastery_min_drop: int = MASTERY_MIN_DROP
    # §4 exercises: how many in a first plan (3-6), on how many days a week [D].
    target_exercises: int = 4
    exercise_days_per_week: int = 5
    # §4 acute with NPRS >= 7: strength from the second or third week; we take the third [D].
    high_pain_nprs: int = 7
    strength_from_week: int = 3
    # §2: core modules spread over the first two weeks, then one or two a week [D].
    core_education_weeks: int = 2
    modules_per_week: int = 2
    # The profile says nothing of a bicycle or a pool, so the engine chooses only exercises
    # that need at most this [D]; the therapist can add the others.
    home_equipment: tuple[Equipment, ...] = (
        "none",
        "mat",
        "chair",
        "wall",
        "step",
        "stairs",
        "box",
        "bag",
        "towel",
    )
    # §4 the order in which categories fill a first plan, by phase [D].
    fill_order_acute: tuple[Category, ...] = (
        "mobility",
        "motor_control",
        "relaxation",
        "posture",
        "stretching",
        "strength",
        "conditioning",
        "functional",
    )
    fill_order_subacute: tuple[Category, ...] = (
        "motor_control",
        "strength",
        "mobility",
        "stretching",
        "posture",
        "relaxation",
        "conditioning",
        "functional",
    )
    fill_order_chronic: tuple[Category, ...] = (
        "strength",
        "motor_control",
        "conditioning",
        "functional",
        "mobility",
        "stretching",
        "posture",
        "relaxation",
    )
    # §4 acute with high pain: mobility, relaxation and walking first.
    fill_order_high_pain: tuple[Category, ...] = (
        "mobility",
        "relaxation",
        "motor_control",
        "posture",
        "stretching",
    )

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "home_equipment":
                for thing in value:
                    if thing not in get_args(Equipment):
                        raise PlanInputError(item.name, f"unknown equipment {thing!r}")
            elif item.name.startswith("fill_order_"):
                for category in value:
                    if category not in CATEGORIES or category == "nerve_gliding":
                        raise PlanInputError(
                            item.name, f"not a category to fill with: {category!r}"
                        )
            elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise PlanInputError(item.name, f"must be a whole number of at least 1: {value!r}")
        for name in (
            "first_goal_percent",
            "step_back_percent",
            "floor_percent_of_baseline",
            "progress_min_sessions_percent",
            "hold_min_sessions_percent",
        ):
            if getattr(self, name) > 100:
                raise PlanInputError(name, "must be at most 100")
        checks = (
            (self.hold_min_days <= self.progress_min_days <= 7, "hold_min_days"),
            (self.progress_min_days <= 7, "progress_min_days"),
            (
                self.hold_min_sessions_percent <= self.progress_min_sessions_percent,
                "hold_min_sessions_percent",
            ),
            (MIN_EXERCISES <= self.target_exercises <= MAX_EXERCISES, "target_exercises"),
            (self.exercise_days_per_week <= 7, "exercise_days_per_week"),
            (self.high_pain_nprs <= 10, "high_pain_nprs"),
            (self.min_minutes_per_day <= self.max_minutes_per_day, "min_minutes_per_day"),
            (self.mastery_max_rating <= 100, "mastery_max_rating"),
            (self.mastery_min_drop <= 100, "mastery_min_drop"),
        )
        for ok, name in checks:
            if not ok:
                raise PlanInputError(name, f"out of range: {getattr(self, name)}")


DEFAULTS = ProgrammeSettings()

_SETTING_NAMES = tuple(item.name for item in fields(ProgrammeSettings))


def settings_from_dict(data: object, where: str = "settings") -> ProgrammeSettings:
    """A practice's settings from JSON: any subset of the fields, the rest default."""
    if not isinstance(data, dict):
        raise PlanInputError(where, "must be a JSON object")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _SETTING_NAMES:
            raise PlanInputError(where, f"unknown setting {key!r}")
        values[key] = tuple(value) if isinstance(value, list) else value
    try:
        return ProgrammeSettings(**values)
    except PlanInputError as error:
        raise error.within(where) from None
