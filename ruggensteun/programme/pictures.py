"""Exercise pictures for pages and PDFs: the core draws them, this caches the SVG text."""

from functools import cache

from django.utils.safestring import SafeString, mark_safe

from ruggensteun.clinical.programme.exercises import get_exercise
from ruggensteun.clinical.programme.exposure import get_exposure_activity
from ruggensteun.clinical.programme.figures import render_exercise_strip, render_exercise_svg


@cache
def exercise_strip(exercise_id: str, language: str) -> SafeString:
    # Safe: the SVG is drawn by our own code from numbers, and its title is escaped there.
    return mark_safe(render_exercise_strip(get_exercise(exercise_id), language))


@cache
def exercise_picture(exercise_id: str, position: str, language: str) -> SafeString:
    return mark_safe(
        render_exercise_svg(get_exercise(exercise_id), position, language)  # type: ignore[arg-type]
    )


@cache
def activity_picture(activity_id: str, position: str, language: str) -> SafeString:
    """A graded-exposure activity (programme.md §6), drawn like the exercises."""
    return mark_safe(
        render_exercise_svg(
            get_exposure_activity(activity_id),
            position,  # type: ignore[arg-type]
            language,
        )
    )


@cache
def activity_strip(activity_id: str, language: str) -> SafeString:
    return mark_safe(render_exercise_strip(get_exposure_activity(activity_id), language))
