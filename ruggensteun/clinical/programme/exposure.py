"""Graded exposure: daily activities a patient may fear, and the steps through them.

programme.md section 6: a patient with fear of movement rates how fearful or threatening each
activity feels (0-100). The activities are ordered from low to high; each week one step is
proposed, the lowest not yet mastered. A step is mastered when the patient has done it on at
least 3 days and then rates it at most 30, or at least 30 points lower than at first [D].

The activities live in ``content/exposure_activities.json`` and are drawn with the same figure
system as the exercises (``figures.render_exercise_svg`` accepts an activity).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruggensteun.clinical.datafiles import DataFileError, load_validated
from ruggensteun.clinical.programme.exercises import PROGRAMME_DIR, Text
from ruggensteun.clinical.programme.figures import Figure, parse_figure

ACTIVITIES_FILE = PROGRAMME_DIR / "content" / "exposure_activities.json"
ACTIVITIES_SCHEMA = PROGRAMME_DIR / "schemas" / "exposure_activities.schema.json"

# programme.md section 6 [D]: when a step counts as mastered.
MASTERY_MIN_DAYS = 3
MASTERY_MAX_RATING = 30
MASTERY_MIN_DROP = 30


@dataclass(frozen=True)
class ExposureActivity:
    id: str
    name: Text
    description: Text
    # 3-5 small steps from easy to the whole activity (clinical review 2026-12, finding 13;
    # KNGF 2021 C.3: exposure in vivo in graded steps, agreed with the therapist).
    steps: tuple[Text, ...]
    alt: Text
    figure: Figure


@dataclass(frozen=True)
class ExposureGuidance:
    """How every step is done, shown beside it (KNGF 2021 C.3; programme.md section 6)."""

    agree_with_therapist: Text
    without_tricks: Text
    after_each_step: Text
    # Expectation against what happened: "Wat verwachtte u, en wat gebeurde er?"
    question: Text


def _activity(data: dict[str, Any]) -> ExposureActivity:
    return ExposureActivity(
        id=data["id"],
        name=Text.from_data(data["name"]),
        description=Text.from_data(data["description"]),
        steps=tuple(Text.from_data(step) for step in data["steps"]),
        alt=Text.from_data(data["alt"]),
        figure=parse_figure(data["figure"]),
    )


def read_exposure_activities(
    path: Path, schema: Path = ACTIVITIES_SCHEMA
) -> tuple[ExposureActivity, ...]:
    """Load and validate an activities file; ids must be unique."""
    activities = tuple(_activity(item) for item in load_validated(path, schema)["activities"])
    duplicates = sorted(id_ for id_, n in Counter(a.id for a in activities).items() if n > 1)
    if duplicates:
        raise DataFileError(f"{path}: activity ids used twice: {', '.join(duplicates)}")
    return activities


@cache
def load_exposure_activities() -> tuple[ExposureActivity, ...]:
    """All activities, in file order (the order in which the patient rates them)."""
    return read_exposure_activities(ACTIVITIES_FILE)


def read_exposure_guidance(path: Path, schema: Path = ACTIVITIES_SCHEMA) -> ExposureGuidance:
    """Load and validate the guidance that goes with every exposure step."""
    data = load_validated(path, schema)["guidance"]
    return ExposureGuidance(
        agree_with_therapist=Text.from_data(data["agree_with_therapist"]),
        without_tricks=Text.from_data(data["without_tricks"]),
        after_each_step=Text.from_data(data["after_each_step"]),
        question=Text.from_data(data["question"]),
    )


@cache
def load_exposure_guidance() -> ExposureGuidance:
    return read_exposure_guidance(ACTIVITIES_FILE)


def get_exposure_activity(activity_id: str) -> ExposureActivity:
    """The activity with this id; KeyError when there is none."""
    for activity in load_exposure_activities():
        if activity.id == activity_id:
            return activity
    raise KeyError(f"no exposure activity with id {activity_id!r}")


def _check_ratings(ratings: Mapping[str, int]) -> None:
    known = {activity.id for activity in load_exposure_activities()}
    for activity_id, rating in ratings.items():
        if activity_id not in known:
            raise KeyError(f"no exposure activity with id {activity_id!r}")
        if not 0 <= rating <= 100:
            raise ValueError(f"rating of {activity_id} must be 0-100, got {rating}")


def hierarchy(ratings: Mapping[str, int]) -> tuple[str, ...]:
    """The rated activities from least to most feared; equal ratings keep the file order."""
    _check_ratings(ratings)
    order = {activity.id: index for index, activity in enumerate(load_exposure_activities())}
    return tuple(
        sorted(ratings, key=lambda activity_id: (ratings[activity_id], order[activity_id]))
    )


def is_mastered(days_done: int, first_rating: int, latest_rating: int) -> bool:
    """Whether an exposure step is mastered (programme.md section 6 [D])."""
    if days_done < MASTERY_MIN_DAYS:
        return False
    return latest_rating <= MASTERY_MAX_RATING or first_rating - latest_rating >= MASTERY_MIN_DROP


def next_step(ratings: Mapping[str, int], mastered: Collection[str]) -> str | None:
    """The activity to propose this week: the least feared one not yet mastered, if any."""
    for activity_id in hierarchy(ratings):
        if activity_id not in mastered:
            return activity_id
    return None
