from typing import Any

from django import template

from ruggensteun.patients.models import Patient
from ruggensteun.programme.labels import DECISION_BADGES
from ruggensteun.programme.models import WeeklyPlan
from ruggensteun.programme.wording import rule_words

register = template.Library()


@register.inclusion_tag("programme/_summary.html")
def programme_summary(patient: Patient) -> dict[str, Any]:
    """The programme at a glance for the patient page: the week, its decision, the walking
    goal, the number of exercises, a week waiting for approval, a link. One query."""
    plans = list(
        WeeklyPlan.objects.filter(
            programme__patient=patient,
            status__in=(WeeklyPlan.Status.ACTIVE, WeeklyPlan.Status.PROPOSED),
        )
        .exclude(programme__status="ended")
        .select_related("programme")
        .order_by("week")
    )
    plan = next((p for p in plans if p.status == WeeklyPlan.Status.ACTIVE), None)
    waiting = next((p for p in plans if p.status == WeeklyPlan.Status.PROPOSED), None)
    return {
        "patient": patient,
        "plan": plan,
        "waiting": waiting,
        "badge": DECISION_BADGES.get(plan.decision, "") if plan else "",
        "walking": plan.plan["walking"] if plan else None,
        "exercise_count": len(plan.plan["exercises"]) if plan else 0,
    }


@register.inclusion_tag("programme/_why.html")
def plan_why(rule: str) -> dict[str, Any]:
    """ "Waarom?" for one choice of a plan: its source in words (programme.wording)."""
    return {"rule": rule, "words": rule_words(rule) if rule else None}
