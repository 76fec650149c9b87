"""Diary values in words, for the patient's list and the therapist's pages."""

from datetime import datetime
from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from ruggensteun.diary import bodymap
from ruggensteun.diary.models import DiaryEntry

FIELD_NAMES = {
    "felt_at": _("Tijdstip"),
    "pain": _("Pijn"),
    "regions": _("Plek"),
    "activity": _("Activiteit ervoor"),
    "activity_note": _("Toelichting"),
    "duration": _("Hoe lang"),
    "medication": _("Medicijnen"),
}


def value_in_words(name: str, value: Any) -> str:
    """One stored diary value (as kept in the audit log) in words."""
    if value in (None, "", []):
        return "\u2013"  # an en dash: no value
    if name == "regions":
        return ", ".join(bodymap.labels(value))
    if name == "activity":
        return (
            str(DiaryEntry.Activity(value).label) if value in DiaryEntry.Activity.values else value
        )
    if name == "duration":
        return (
            str(DiaryEntry.Duration(value).label) if value in DiaryEntry.Duration.values else value
        )
    if name == "felt_at":
        try:
            return formats.date_format(datetime.fromisoformat(value), "j F Y, H:i")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def change_lines(detail: dict[str, Any]) -> list[tuple[str, str, str]]:
    """An audit entry's diary change as (field, before, after) in words."""
    changed = detail.get("changed") or {}
    return [
        (
            str(FIELD_NAMES.get(name, name)),
            value_in_words(name, pair[0]),
            value_in_words(name, pair[1]),
        )
        for name, pair in changed.items()
    ]


def deleted_lines(detail: dict[str, Any]) -> list[tuple[str, str]]:
    deleted = detail.get("deleted") or {}
    return [
        (str(FIELD_NAMES.get(name, name)), value_in_words(name, value))
        for name, value in deleted.items()
    ]
