"""``{% load workspace %}``: the workspace's pieces for other apps' pages.

- ``{% exercise_videos patient exercise_id %}`` beside an exercise: the patient's videos of
  it, for the patient themself or for staff of their practice (nothing for anyone else).
  The patient's videos are read once per request, however many exercises the page shows.
- ``{% workspace_summary patient sessions discharges %}`` on the therapist's patient page:
  sessions so far, the latest one, and whether the episode is closed; links to the
  sessions page. ``sessions`` and ``discharges`` (optional) are the patient's session notes
  and discharges the page has read already (the story's); without them the tag reads them.
- ``{{ exercise_id|exercise_title }}``: an exercise's name in the active language.
"""

from collections.abc import Sequence
from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from ruggensteun.accounts.roles import is_practice_staff
from ruggensteun.clinical.programme.exercises import get_exercise
from ruggensteun.patients.models import Patient
from ruggensteun.workspace.models import Discharge, ExerciseVideo, SessionNote

register = template.Library()

_CACHE = "_workspace_videos"


@register.filter
def exercise_title(exercise_id: str) -> str:
    try:
        exercise = get_exercise(exercise_id)
    except KeyError:
        return exercise_id
    return exercise.name.get("en" if translation.get_language() == "en" else "nl")


def _viewer_url(request: HttpRequest | None, patient: Patient) -> str | None:
    """The URL name that streams this patient's videos to the one viewing; None when they
    may not see them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if patient.user_id == user.pk:
        return "workspace:my_video"
    if is_practice_staff(user) and patient.practice_id in user.practice_ids():
        return "workspace:video"
    return None


def _viewable(request: HttpRequest, patient: Patient) -> tuple[str | None, list[ExerciseVideo]]:
    """Who may see which of the patient's videos, worked out once per request."""
    cache: dict[int, tuple[str | None, list[ExerciseVideo]]] = request.__dict__.setdefault(
        _CACHE, {}
    )
    if patient.pk not in cache:
        url_name = _viewer_url(request, patient)
        videos = [] if url_name is None else list(ExerciseVideo.objects.for_patient(patient))
        cache[patient.pk] = (url_name, videos)
    return cache[patient.pk]


@register.inclusion_tag("workspace/tags/exercise_videos.html", takes_context=True)
def exercise_videos(
    context: template.Context, patient: Patient, exercise_id: str
) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"videos": []}
    url_name, videos = _viewable(request, patient)
    chosen = [video for video in videos if video.exercise_id == exercise_id]
    for video in chosen:
        args = [video.pk] if url_name == "workspace:my_video" else [patient.pk, video.pk]
        video.url = reverse(str(url_name), args=args)
    return {
        "videos": chosen,
        "for_patient": url_name == "workspace:my_video",
        "exercise_id": exercise_id,
    }


@register.inclusion_tag("workspace/tags/summary.html")
def workspace_summary(
    patient: Patient,
    sessions: Sequence[SessionNote] | None = None,
    discharges: Sequence[Discharge] | None = None,
) -> dict[str, Any]:
    """Two queries; none with the patient's notes (newest session first) and discharges
    (newest first) passed in."""
    if sessions is None:
        sessions = list(SessionNote.objects.for_patient(patient).only("kind", "held_on"))
    if discharges is None:
        discharge = Discharge.objects.current_for(patient)
    else:  # the newest in force, as ``current_for`` picks it
        discharge = next((item for item in discharges if item.reopened_at is None), None)
    return {
        "patient": patient,
        "sessions": len(sessions),
        "latest": sessions[0] if sessions else None,
        "discharge": discharge,
    }
