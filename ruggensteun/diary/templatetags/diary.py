from collections.abc import Sequence
from typing import Any

from django import template

from ruggensteun.diary import bodymap
from ruggensteun.diary.models import CheckIn, PainDiary
from ruggensteun.patients.models import Patient

register = template.Library()

SUMMARY_SIZE = 6


@register.filter
def region_names(codes: list[str]) -> str:
    """Body map regions in words: "Onderrug midden, Bil links"."""
    return ", ".join(bodymap.labels(codes or []))


@register.inclusion_tag("diary/_checkin_summary.html")
def checkin_summary(patient: Patient, newest: Sequence[CheckIn] | None = None) -> dict[str, Any]:
    """The last six check-ins for the patient page: pain, flare-ups, sleep, stress, and
    whether red-flag advice was shown. Two queries (the check-ins and the pain diary's
    state); one when the page passes the patient's submitted check-ins it has read already,
    newest first (``newest``, at least six of them when there are that many)."""
    if newest is None:
        newest = CheckIn.objects.submitted().filter(patient=patient).newest_first()
    checkins = list(newest[:SUMMARY_SIZE])
    diary = PainDiary.objects.filter(patient=patient).first()
    return {
        "patient": patient,
        "checkins": checkins,
        "diary_on": diary is not None and diary.is_on,
    }
