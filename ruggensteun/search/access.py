"""Which of the content's pages a patient can open: the education modules their weekly
plans gave them (the rule of today.learning.unlocked), this week's exercises, and the
flare-up plan (always). Search shows only those, so every hit's link works."""

from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import WeeklyPlan


def open_pages(patient: Patient) -> set[str]:
    pages = {"flareup"}
    plans = (
        WeeklyPlan.objects.filter(programme__patient=patient)
        .exclude(status=WeeklyPlan.Status.PROPOSED)
        .values_list("plan", flat=True)
    )
    for plan in plans:
        pages.update(f"module:{module_id}" for module_id in plan.get("education", []))
    current = WeeklyPlan.objects.current_for(patient)
    if current is not None:
        pages.update(f"exercise:{item.id}" for item in current.engine_plan.exercises)
    return pages
