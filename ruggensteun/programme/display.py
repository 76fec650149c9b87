"""A stored plan as the screens show it: names, dosage in words, titles and reasons."""

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from ruggensteun.clinical.programme import plan_io
from ruggensteun.clinical.programme.education import get_module
from ruggensteun.clinical.programme.exposure import get_exposure_activity
from ruggensteun.clinical.programme.selection import RULE_PREGNANT_PRONE
from ruggensteun.intake.status import programme_clearance
from ruggensteun.patients.models import Patient
from ruggensteun.programme.goals import psk_activities
from ruggensteun.programme.inputs import week_logs
from ruggensteun.programme.labels import CATEGORY_NAMES, DECISION_BADGES
from ruggensteun.programme.models import PlanChange, Programme, WeeklyPlan
from ruggensteun.programme.pictures import activity_picture
from ruggensteun.programme.planning import first_week, readiness


@dataclass(frozen=True)
class ExerciseLine:
    id: str
    name: str
    category: str
    category_name: str
    level: int
    dose: str
    days_per_week: int
    reason: str
    rule: str
    set_by_therapist: bool


@dataclass(frozen=True)
class EducationLine:
    id: str
    title: str
    reading_minutes: int
    reason: str
    rule: str


@dataclass(frozen=True)
class ExposureLine:
    activity: str
    name: str
    reason: str
    rule: str
    picture: SafeString


@dataclass(frozen=True)
class GoalLine:
    id: str
    name: str
    kind: str
    difficulty: int | None
    reason: str
    rule: str


@dataclass(frozen=True)
class PskRow:
    """One activity of the patient's PSK, for the therapist."""

    id: str
    name: str
    difficulty: int | None
    adopted: bool


@dataclass(frozen=True)
class PlanView:
    week: int
    decision: str
    decision_label: str
    badge: str
    minutes_per_day: int
    walks_per_day: int
    walking_reason: str
    walking_rule: str
    exercises: tuple[ExerciseLine, ...]
    education: tuple[EducationLine, ...]
    exposure: ExposureLine | None
    time_contingent: bool
    notes: tuple[plan_io.Note, ...]
    flare_up_plan: bool
    notify_therapist: bool
    goals: tuple[GoalLine, ...] = ()
    # programme.md §2 revision 2: the therapist is told the programme is adapted.
    adapted_for_pregnancy: bool = False


def plan_view(plan: plan_io.WeeklyPlan, language: str) -> PlanView:
    """``language`` is the reader's, for names and titles; the reasons stay in the
    patient's language, as the patient reads them."""
    exercises = tuple(
        ExerciseLine(
            id=item.id,
            name=item.exercise.name.get(language),
            category=item.category,
            category_name=str(CATEGORY_NAMES[item.category]),
            level=item.level,
            dose=item.dosage.label(language, per_side=item.exercise.per_side),
            days_per_week=item.days_per_week,
            reason=item.reason,
            rule=item.rule,
            set_by_therapist=item.set_by == "therapist",
        )
        for item in plan.exercises
    )
    education = tuple(
        EducationLine(
            id=item.id,
            title=get_module(item.id).title.get(language),
            reading_minutes=get_module(item.id).reading_minutes,
            reason=item.reason,
            rule=item.rule,
        )
        for item in plan.education
    )
    exposure = None
    if plan.exposure is not None:
        activity = get_exposure_activity(plan.exposure.activity)
        exposure = ExposureLine(
            activity=activity.id,
            name=activity.name.get(language),
            reason=plan.exposure.reason,
            rule=plan.exposure.rule,
            picture=activity_picture(activity.id, "end", language),
        )
    return PlanView(
        week=plan.week,
        decision=plan.decision,
        decision_label=str(WeeklyPlan.Decision(plan.decision).label),
        badge=DECISION_BADGES[plan.decision],
        minutes_per_day=plan.walking.minutes_per_day,
        walks_per_day=plan.walking.walks_per_day,
        walking_reason=plan.walking.reason,
        walking_rule=plan.walking.rule,
        exercises=exercises,
        education=education,
        exposure=exposure,
        time_contingent=plan.time_contingent,
        notes=plan.notes,
        flare_up_plan=plan.flare_up_plan,
        notify_therapist=plan.notify_therapist,
        goals=tuple(
            GoalLine(
                id=goal.id,
                name=goal.name,
                kind=goal.kind,
                difficulty=goal.difficulty,
                reason=goal.reason,
                rule=goal.rule,
            )
            for goal in plan.goals
        ),
        adapted_for_pregnancy=any(note.rule == RULE_PREGNANT_PRONE for note in plan.notes),
    )


@dataclass(frozen=True)
class WeekRow:
    """A week in the history table."""

    plan: WeeklyPlan
    view: PlanView


def week_rows(plans: list[WeeklyPlan], language: str) -> list[WeekRow]:
    """Newest first."""
    return [
        WeekRow(plan=plan, view=plan_view(plan.engine_plan, language)) for plan in reversed(plans)
    ]


def programme_overview(patient: Patient, language: str) -> dict[str, Any]:
    """Everything the therapist's programme page shows, in a fixed number of queries."""
    programme = Programme.objects.current_for(patient)
    if programme is None:
        ready = readiness(patient)
        preview = plan_view(first_week(patient, ready), language) if ready.allowed else None
        return {"programme": None, "ready": ready, "preview": preview}
    plans = list(programme.plans.select_related("approved_by").order_by("week"))
    for plan in plans:
        plan.programme = programme
    current = next((p for p in plans if p.status == WeeklyPlan.Status.ACTIVE), None)
    waiting = next((p for p in plans if p.status == WeeklyPlan.Status.PROPOSED), None)
    changes = list(
        PlanChange.objects.filter(plan__programme=programme)
        .select_related("changed_by", "plan")
        .order_by("-changed_at", "-id")
    )
    editable = waiting or current
    adopted = {goal.id for goal in editable.engine_plan.goals} if editable else set()
    activities = psk_activities(patient)
    return {
        "psk_activities": activities,
        "psk_rows": [
            PskRow(
                id=activity.id,
                name=activity.name(language),
                difficulty=activity.difficulty,
                adopted=activity.id in adopted,
            )
            for activity in activities
        ],
        "goal_activities": [a for a in activities if a.id not in adopted],
        "can_adopt": editable is not None and any(a.id not in adopted for a in activities),
        "programme": programme,
        "clearance": programme_clearance(patient),
        "current": current,
        "current_view": plan_view(current.engine_plan, language) if current else None,
        "current_logs": week_logs(current) if current else [],
        "waiting": waiting,
        "waiting_view": plan_view(waiting.engine_plan, language) if waiting else None,
        "weeks": week_rows([p for p in plans if p.status != WeeklyPlan.Status.PROPOSED], language),
        "changes": changes,
    }
