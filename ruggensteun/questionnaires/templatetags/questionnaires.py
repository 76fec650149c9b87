"""``{% load questionnaires %}``: cards for other apps' pages, and bilingual texts.

- ``{% due_questionnaires patient %}`` on the patient's home page: what is ready to fill
  (nothing at all when nothing is due).
- ``{% questionnaire_summary patient results %}`` on the therapist's patient page: the
  latest score per instrument with its interpretation and change since the first, and what
  is open or overdue. ``results`` (optional) are the patient's ``patient_results`` the page
  has read already; without them the tag reads them.
"""

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils import timezone, translation

from ruggensteun.clinical.datafiles import text
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.questionnaires.results import InstrumentResults, patient_results

register = template.Library()


@register.filter
def bilingual(value: dict[str, str] | None) -> str:
    """A data file's ``{"nl": ..., "en": ...}`` text in the active language."""
    if not value:
        return ""
    return text(value, translation.get_language() or "nl")


@register.inclusion_tag("questionnaires/tags/due.html")
def due_questionnaires(patient: Patient) -> dict[str, Any]:
    due = list(Assignment.objects.for_patient(patient).visible_to_patient().due().with_response())
    return {"due": due}


@register.inclusion_tag("questionnaires/tags/summary.html")
def questionnaire_summary(
    patient: Patient, results: Sequence[InstrumentResults] | None = None
) -> dict[str, Any]:
    """One query (the open assignments) with ``results``, three without."""
    today = timezone.localdate()
    open_assignments = list(Assignment.objects.for_patient(patient).open())
    if results is None:
        results = patient_results(patient, translation.get_language() or "nl", chart=False)
    return {
        "patient": patient,
        "results": results,
        "due": [a for a in open_assignments if a.due_on <= today],
        "overdue": [a for a in open_assignments if a.due_on < today],
        "upcoming": [a for a in open_assignments if a.due_on > today][:3],
    }
