"""The fear-ratings request on Today (a card with a link) and on the patient page (the
ratings with their dates, and a button to ask again): programme.md §6."""

from typing import Any

from django import template
from django.utils.translation import get_language

from ruggensteun.patients.models import Patient
from ruggensteun.programme.fear_requests import minutes_needed, ratings_for_therapist
from ruggensteun.programme.models import FearRatingRequest

register = template.Library()


@register.inclusion_tag("programme/_fear_ratings_card_body.html")
def fear_ratings_card(patient: Patient) -> dict[str, Any]:
    """Today's card while a request is open; one query."""
    return {"request": FearRatingRequest.objects.open_for(patient), "minutes": minutes_needed()}


@register.inclusion_tag("programme/_fear_ratings_panel_body.html", takes_context=True)
def fear_ratings_panel(context: template.Context, patient: Patient) -> dict[str, Any]:
    """For the therapist: the newest rating of each activity and when it was given, the
    open or last request, and the button to ask again; two queries."""
    language = "en" if get_language() == "en" else "nl"
    # The panel shows when the last request was made and answered, not by whom.
    requests = list(FearRatingRequest.objects.filter(patient=patient)[:1])
    lines = ratings_for_therapist(patient, language)
    return {
        "patient": patient,
        "csrf_token": context.get("csrf_token"),
        "last_request": requests[0] if requests else None,
        "lines": lines,
        "rated": [line for line in lines if line["rating"] is not None],
        "not_rated": [line for line in lines if line["rating"] is None],
    }
