from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from ruggensteun.clinical.programme.exercises import get_exercise
from ruggensteun.programme.pictures import (
    activity_picture,
    activity_strip,
    exercise_picture,
    exercise_strip,
)

register = template.Library()


def _language() -> str:
    return "en" if get_language() == "en" else "nl"


@register.simple_tag
def exercise_figure(exercise_id: str, position: str = "") -> SafeString:
    """The start and end picture of an exercise (or one of them) as inline SVG."""
    if position:
        return exercise_picture(exercise_id, position, _language())
    return exercise_strip(exercise_id, _language())


@register.simple_tag
def activity_figure(activity_id: str, position: str = "") -> SafeString:
    """The picture of a graded-exposure activity (programme.md §6) as inline SVG."""
    if position:
        return activity_picture(activity_id, position, _language())
    return activity_strip(activity_id, _language())


@register.filter
def exercise_name(exercise_id: str) -> str:
    """An exercise's name in the current language; the id itself if it is unknown."""
    try:
        return get_exercise(exercise_id).name.get(_language())
    except KeyError:
        return exercise_id
