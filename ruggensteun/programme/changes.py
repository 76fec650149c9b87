"""The therapist's changes to a week's plan: swap an exercise, change its dosage or days a
week, change the walking goal, adopt or remove one of the patient's own goals (an activity
of the patient's PSK). Each is kept as a ``PlanChange`` with its reason and
written into the plan's JSON so the engine respects it in the following weeks
(``"set_by": "therapist"`` on an exercise; the walking goal always carries, plan_io).

The patient reads the plan, so the entry's reason says in plain words that the
therapist chose it, followed by the therapist's reason.

Goals belong to the programme rather than to one week: adopting or removing one writes it
into every week that can still change (this week and a week waiting for approval), and the
engine carries the goals into each next week (``plan_io``).
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
from ruggensteun.clinical.programme.selection import RULE_THERAPIST, exclusion
from ruggensteun.clinical.programme.walking import walks_per_day
from ruggensteun.programme.inputs import practice_settings
from ruggensteun.programme.models import PlanChange, Programme, WeeklyPlan

RULE_THERAPIST_WALKING = "programme.md §4 the therapist can change the walking goal"
RULE_GOAL = {
    "graded_activity": (
        "programme.md §5 graded activity: the patient's own goal (PSK), adopted by the therapist"
    ),
    "exposure": (
        "programme.md §6 graded exposure: the patient's own goal (PSK), adopted by the therapist"
    ),
}


class ChangeRefused(ValueError):
    """The change cannot be made; the message says why (for the therapist)."""


def swap_candidates(
    plan: dict[str, Any], exercise_id: str, profile: plan_io.Profile
) -> list[tuple[str, list[Exercise]]]:
    """Exercises that may take this one's place in ``plan`` (its JSON), by category, its own
    category first: allowed for the patient's pain type (nerve gliding only for radicular
    pain, the core's ``allowed_for``), not excluded by a safety rule (pregnancy, the STENOSIS
    flag, extension that does not ease the pain: the core's ``exclusion``), not marked too
    painful by the patient, and not in the plan already."""
    current = get_exercise(exercise_id)
    taken = {entry["id"] for entry in plan["exercises"]}
    allowed = [
        exercise
        for exercise in load_exercises()
        if exercise.allowed_for(profile.pain_type)
        and exclusion(exercise, profile) is None
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


# --- the patient's own goals (PSK activities) -------------------------------------------------


def goal_reason(name: str, kind: str) -> str:
    """What the patient reads about a goal, in the active language (B1)."""
    if kind == "exposure":
        return _(
            "U werkt toe naar: %(activity)s. Dit vindt u zelf belangrijk, en het is nu nog "
            "spannend. U gaat het in kleine stappen weer doen, samen met uw therapeut."
        ) % {"activity": name}
    return _(
        "U werkt toe naar: %(activity)s. Dit vindt u zelf belangrijk. U bouwt het stap voor "
        "stap op, met vaste hoeveelheden. Uw therapeut spreekt met u af hoe."
    ) % {"activity": name}


def goal_added(
    plan: dict[str, Any], goal_id: str, name: str, kind: str, difficulty: int | None
) -> Changed:
    """``plan`` with the patient's activity as a goal (last in the list)."""
    data = copy.deepcopy(plan)
    goals = data.setdefault("goals", [])
    if any(goal["id"] == goal_id for goal in goals):
        raise ChangeRefused(_("Dit doel staat al in het plan."))
    if kind not in RULE_GOAL:
        raise ChangeRefused(_("Kies wat voor doel het is."))
    with translation.override(plan.get("language", "nl")):
        reason = goal_reason(name, kind)
    after = {
        "id": goal_id,
        "name": name,
        "kind": kind,
        "difficulty": difficulty,
        "reason": reason,
        "rule": RULE_GOAL[kind],
    }
    goals.append(after)
    return Changed(_checked(data), {}, after)


def goal_removed(plan: dict[str, Any], goal_id: str) -> Changed:
    data = copy.deepcopy(plan)
    goals = data.get("goals", [])
    before = next((goal for goal in goals if goal["id"] == goal_id), None)
    if before is None:
        raise ChangeRefused(_("Dit doel staat niet in het plan."))
    data["goals"] = [goal for goal in goals if goal["id"] != goal_id]
    return Changed(_checked(data), before, {})


def _editable_weeks(programme: Programme) -> list[WeeklyPlan]:
    plans = list(
        programme.plans.filter(
            status__in=(WeeklyPlan.Status.ACTIVE, WeeklyPlan.Status.PROPOSED)
        ).order_by("week")
    )
    if not plans or not programme.is_running:
        raise ChangeRefused(_("Er is geen week die nog kan worden gewijzigd."))
    return plans


@transaction.atomic
def adopt_goal(
    programme: Programme, goal_id: str, name: str, kind: str, difficulty: int | None, by: Any
) -> PlanChange:
    """Adopt one of the patient's PSK activities as a goal in every week that can change;
    one ``PlanChange`` (on the earliest such week) records it."""
    plans = _editable_weeks(programme)
    changes = [(plan, goal_added(plan.plan, goal_id, name, kind, difficulty)) for plan in plans]
    for plan, changed in changes:
        plan.replace_plan(changed.plan)
        plan.save(update_fields=["plan"])
    first, changed = changes[0]
    return PlanChange.objects.create(
        plan=first,
        kind=PlanChange.Kind.GOAL_ADD,
        before={},
        after=changed.after,
        reason=changed.after["reason"],
        changed_by=by,
    )


@transaction.atomic
def remove_goal(programme: Programme, goal_id: str, by: Any) -> PlanChange:
    """Remove a goal from every week that can change; the next weeks no longer carry it."""
    plans = [
        plan
        for plan in _editable_weeks(programme)
        if any(goal["id"] == goal_id for goal in plan.plan.get("goals", []))
    ]
    if not plans:
        raise ChangeRefused(_("Dit doel staat niet in het plan."))
    removed = [(plan, goal_removed(plan.plan, goal_id)) for plan in plans]
    for plan, changed in removed:
        plan.replace_plan(changed.plan)
        plan.save(update_fields=["plan"])
    first, changed = removed[0]
    return PlanChange.objects.create(
        plan=first,
        kind=PlanChange.Kind.GOAL_END,
        before=changed.before,
        after={},
        reason=str(_("Doel verwijderd: %(activity)s") % {"activity": changed.before["name"]}),
        changed_by=by,
    )
