from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ruggensteun.clinical.datafiles import text

register = template.Library()


@register.filter
def lang(value: dict[str, str] | None, language: str | None = None) -> str:
    """A bilingual text ({"nl": ..., "en": ...}) in ``language`` or the active language."""
    if not value:
        return ""
    return text(value, language or get_language() or "nl")


@register.filter
def get_item(mapping: object, key: str) -> object:
    """``mapping[key]`` in a template, or None."""
    getter = getattr(mapping, "get", None)
    return getter(key) if getter is not None else None


@register.filter
def answer(value: object) -> str:
    """An intake answer for people: yes/no for booleans, the value itself otherwise."""
    if value is True:
        return str(_("ja"))
    if value is False:
        return str(_("nee"))
    return str(value)
