"""The therapist's changes to a week's plan: swap an exercise, change its dosage or days a
week, change the walking goal. Each is kept as a ``PlanChange`` with its reason and
written into the plan's JSON so the engine respects it in the following weeks
(``"set_by": "therapist"`` on an exercise; the walking goal always carries, plan_io).

The patient reads the plan, so the entry's reason says in plain words that the
therapist chose it, followed by the therapist's reason.
"""

import copy
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ruggensteun.clinical.programme import plan_io
from ruggensteun.clinical.programme.exercises import (
    CATEGORIES,
    Exercise,
    get_exercise,
    load_exercises,
)
from ruggensteun.clinical.programme.selection import RULE_THERAPIST
from ruggensteun.clinical.programme.walking import walks_per_day
from ruggensteun.programme.inputs import practice_settings
from ruggensteun.programme.models import PlanChange, WeeklyPlan

RULE_THERAPIST_WALKING = "programme.md §4 the therapist can change the walking goal"


class ChangeRefused(ValueError):
    """The change cannot be made; the message says why (for the therapist)."""


def swap_candidates(
    plan: dict[str, Any], exercise_id: str, profile: plan_io.Profile
) -> list[tuple[str, list[Exercise]]]:
    """Exercises that may take this one's place in ``plan`` (its JSON), by category, its own
    category first: allowed for the patient's pain type (nerve gliding only for radicular
    pain, the core's ``allowed_for``), not marked too painful by the patient, and not in
    the plan already."""
    current = get_exercise(exercise_id)
    taken = {entry["id"] for entry in plan["exercises"]}
    allowed = [
        exercise
        for exercise in load_exercises()
        if exercise.allowed_for(profile.pain_type)
        and exercise.id not in profile.disliked_exercises
        and exercise.id not in taken
    ]
    order = [current.category, *[c for c in CATEGORIES if c != current.category]]
    groups = [(category, [e for e in allowed if e.category == category]) for category in order]
    return [(category, items) for category, items in groups if items]


@dataclass(frozen=True)
class Changed:
    """A plan's JSON after a change, and the part that changed, before and after."""

    plan: dict[str, Any]
    before: dict[str, Any]
    after: dict[str, Any]


def _entry_index(data: dict[str, Any], exercise_id: str) -> int:
    for index, entry in enumerate(data["exercises"]):
        if entry["id"] == exercise_id:
            return index
    raise ChangeRefused(_("Deze oefening staat niet in het plan van deze week."))


def _dose_sentence(exercise: Exercise, entry: dict[str, Any]) -> str:
    dosage = plan_io.PlannedExercise(
        id=entry["id"],
        sets=entry["sets"],
        reps=entry["reps"],
        hold_seconds=entry["hold_seconds"],
        minutes=entry.get("minutes"),
        days_per_week=entry["days_per_week"],
    ).dosage
    return _("Doe dit op %(days)s dagen per week: %(dose)s.") % {
        "days": entry["days_per_week"],
        "dose": dosage.label(translation.get_language() or "nl", per_side=exercise.per_side),
    }


def _therapist_entry(
    exercise: Exercise, step: int, days_per_week: int, opening: str, reason: str
) -> dict[str, Any]:
    dosage = exercise.dosage[step]
    entry: dict[str, Any] = {
        "id": exercise.id,
        "category": exercise.category,
        "level": exercise.level,
        "sets": dosage.sets,
        "reps": dosage.reps,
        "hold_seconds": dosage.hold_seconds,
        "minutes": dosage.minutes,
        "days_per_week": days_per_week,
        "rule": RULE_THERAPIST,
        "set_by": "therapist",
    }
    entry["reason"] = f"{opening} {reason} {_dose_sentence(exercise, entry)}"
    return entry


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    """The plan as the core reads and writes it; ChangeRefused when it is no valid plan."""
    try:
        return plan_io.plan_to_dict(plan_io.plan_from_dict(data))
    except plan_io.PlanInputError as error:
        raise ChangeRefused(str(error)) from None


def swapped(plan: dict[str, Any], exercise_id: str, new_exercise_id: str, reason: str) -> Changed:
    """``plan`` with another exercise in this one's place, at its first dosage step, on as
    many days a week, chosen by the therapist."""
    data = copy.deepcopy(plan)
    index = _entry_index(data, exercise_id)
    if any(entry["id"] == new_exercise_id for entry in data["exercises"]):
        raise ChangeRefused(_("Deze oefening staat al in het plan."))
    try:
        new = get_exercise(new_exercise_id)
    except KeyError:
        raise ChangeRefused(_("Deze oefening bestaat niet.")) from None
    before = data["exercises"][index]
    with translation.override(plan.get("language", "nl")):
        after = _therapist_entry(
            new,
            0,
            before["days_per_week"],
            _("Uw therapeut heeft deze oefening voor u gekozen."),
            reason,
        )
    data["exercises"][index] = after
    return Changed(_checked(data), before, after)


def dosage_changed(
    plan: dict[str, Any], exercise_id: str, step: int, days_per_week: int, reason: str
) -> Changed:
    """``plan`` with the exercise at one of its library dosage steps, on ``days_per_week``."""
    data = copy.deepcopy(plan)
    index = _entry_index(data, exercise_id)
    exercise = get_exercise(exercise_id)
    if not 0 <= step < len(exercise.dosage):
        raise ChangeRefused(_("Kies een van de doseringen van deze oefening."))
    before = data["exercises"][index]
    with translation.override(plan.get("language", "nl")):
        after = _therapist_entry(
            exercise,
            step,
            days_per_week,
            _("Uw therapeut heeft de hoeveelheid voor u aangepast."),
            reason,
        )
    data["exercises"][index] = after
    return Changed(_checked(data), before, after)


def walking_changed(plan: dict[str, Any], minutes: int, walks: int, reason: str) -> Changed:
    """``plan`` with the therapist's walking goal; the engine goes on from it next week."""
    data = copy.deepcopy(plan)
    before = data["walking"]
    with translation.override(plan.get("language", "nl")):
        opening = ngettext(
            "Uw therapeut heeft uw wandeldoel aangepast: %(minutes)s minuten per dag, "
            "in %(walks)s wandeling.",
            "Uw therapeut heeft uw wandeldoel aangepast: %(minutes)s minuten per dag, "
            "verdeeld over %(walks)s wandelingen.",
            walks,
        ) % {"minutes": minutes, "walks": walks}
    after = {
        "minutes_per_day": minutes,
        "walks_per_day": walks,
        "reason": f"{opening} {reason}",
        "rule": RULE_THERAPIST_WALKING,
    }
    data["walking"] = after
    return Changed(_checked(data), before, after)


def suggested_walks(practice: Any, minutes: int) -> int:
    """How many walks the engine would spread these minutes over (practice settings)."""
    settings, _overrides = practice_settings(practice)
    return walks_per_day(minutes, settings)


# --- stored: the week's row and the change record -------------------------------------------


def _store(plan: WeeklyPlan, changed: Changed, by: Any, reason: str, **change: Any) -> PlanChange:
    if not plan.is_editable:
        raise ChangeRefused(_("Een afgelopen week kan niet meer worden gewijzigd."))
    plan.replace_plan(changed.plan)
    plan.save(update_fields=["plan"])
    return PlanChange.objects.create(
        plan=plan,
        before=changed.before,
        after=changed.after,
        reason=reason,
        changed_by=by,
        **change,
    )


@transaction.atomic
def swap_exercise(
    plan: WeeklyPlan, exercise_id: str, new_exercise_id: str, reason: str, by: Any
) -> PlanChange:
    changed = swapped(plan.plan, exercise_id, new_exercise_id, reason)
    return _store(
        plan,
        changed,
        by,
        reason,
        kind=PlanChange.Kind.SWAP,
        exercise_id=exercise_id,
        new_exercise_id=new_exercise_id,
    )


@transaction.atomic
def change_dosage(
    plan: WeeklyPlan, exercise_id: str, step: int, days_per_week: int, reason: str, by: Any
) -> PlanChange:
    changed = dosage_changed(plan.plan, exercise_id, step, days_per_week, reason)
    return _store(plan, changed, by, reason, kind=PlanChange.Kind.DOSAGE, exercise_id=exercise_id)


@transaction.atomic
def change_walking(
    plan: WeeklyPlan, minutes: int, walks: int | None, reason: str, by: Any
) -> PlanChange:
    if walks is None:
        walks = suggested_walks(plan.programme.patient.practice, minutes)
    changed = walking_changed(plan.plan, minutes, walks, reason)
    return _store(plan, changed, by, reason, kind=PlanChange.Kind.WALKING)
