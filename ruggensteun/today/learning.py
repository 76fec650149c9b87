"""Learn: the education modules of the patient's programme (programme.md §2).

A module is unlocked once it appears in a week the patient followed or follows (any
programme, a week waiting for the therapist's approval not yet). This week's modules come
first; the library holds every module unlocked so far, in the order they were given.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from ruggensteun.clinical.programme.education import EducationModule, Question, get_module
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import WeeklyPlan
from ruggensteun.today.models import ModuleAnswer, ModuleRead


@dataclass(frozen=True)
class ModuleEntry:
    module: EducationModule
    reason: str  # why the plan gave it, in the patient's words ("" when unknown)
    read: bool

    @property
    def id(self) -> str:
        return self.module.id


def unlocked(patient: Patient) -> dict[str, str]:
    """Module id -> the reason it was first given, in the order the weeks gave them."""
    modules: dict[str, str] = {}
    plans = (
        WeeklyPlan.objects.filter(programme__patient=patient)
        .exclude(status=WeeklyPlan.Status.PROPOSED)
        .order_by("programme__started_at", "programme_id", "week")
        .values_list("plan", flat=True)
    )
    for plan in plans:
        details = {d.get("id"): d.get("reason", "") for d in plan.get("education_details", [])}
        for module_id in plan.get("education", []):
            modules.setdefault(module_id, details.get(module_id, ""))
    return modules


def this_week(plan: WeeklyPlan | None) -> dict[str, str]:
    """This week's module ids -> their reasons."""
    if plan is None:
        return {}
    return {item.id: item.reason for item in plan.engine_plan.education}


def read_ids(patient: Patient) -> set[str]:
    return set(ModuleRead.objects.filter(patient=patient).values_list("module_id", flat=True))


def entries(reasons: dict[str, str], read: set[str]) -> list[ModuleEntry]:
    return [
        ModuleEntry(module=get_module(module_id), reason=reason, read=module_id in read)
        for module_id, reason in reasons.items()
    ]


def mark_read(patient: Patient, module_id: str) -> bool:
    """True when this is the first time; reading again changes nothing."""
    try:
        with transaction.atomic():
            ModuleRead.objects.create(patient=patient, module_id=module_id)
    except IntegrityError:
        return False
    return True


def answer(
    patient: Patient, module: EducationModule, question: Question, chosen: Iterable[str]
) -> ModuleAnswer:
    options = sorted(set(chosen))
    return ModuleAnswer.objects.create(
        patient=patient,
        module_id=module.id,
        question_id=question.id,
        chosen=options,
        correct=question.is_correct(options),
    )
