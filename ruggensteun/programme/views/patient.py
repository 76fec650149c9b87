"""The patient's own programme pages: the fear ratings for graded exposure (programme.md
§6) and the kinds of exercise they like (§4 preference)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ruggensteun.audit.log import Action, record_request
from ruggensteun.clinical.programme.exercises import CATEGORIES, exercises_in_category
from ruggensteun.intake.status import current_classification
from ruggensteun.patients.access import own_patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.programme.forms import FearRatingsForm, PreferencesForm
from ruggensteun.programme.inputs import asks_fear_ratings, extension_question_applies
from ruggensteun.programme.labels import CATEGORY_NAMES_FOR_PATIENTS
from ruggensteun.programme.models import (
    DirectionalPreference,
    ExercisePreference,
    FearRating,
    FearRatingRequest,
)


def _language() -> str:
    return "en" if get_language() == "en" else "nl"


@own_patient_view
def fear_ratings(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Saved as the patient goes (htmx posts on every change); "Klaar" or rating every
    activity closes the open request, so Today stops asking."""
    request_open = FearRatingRequest.objects.open_for(patient)
    asked = request_open is not None or asks_fear_ratings(current_classification(patient))
    current = FearRating.objects.latest_for(patient)
    form = FearRatingsForm(
        request.POST if asked and request.method == "POST" else None,
        language=_language(),
        current=current,
    )
    htmx = bool(request.headers.get("HX-Request"))
    nothing_rated = form.is_bound and form.is_valid() and not current and not form.ratings()
    if nothing_rated and "done" in request.POST:
        form.add_error(None, _("Geef bij minstens één beweging een cijfer. Dan bent u klaar."))
    if form.is_bound and form.is_valid():
        saved = FearRating.objects.record(patient, form.ratings())
        rated = {**current, **form.ratings()}
        done = "done" in request.POST or len(rated) == len(form.activities)
        closed = request_open is not None and done and FearRatingRequest.objects.answer(patient)
        if saved or closed:
            record_request(
                request,
                Action.UPDATE,
                patient=patient,
                what="fear ratings",
                detail={"activities": saved, "request_answered": bool(closed)},
            )
        if htmx:
            return render(
                request,
                "programme/_fear_saved.html",
                {"left": len(form.activities) - len(rated), "total": len(form.activities)},
            )
        messages.success(request, _("Dank u wel. Uw antwoorden zijn bewaard."))
        return redirect("web:patient_home" if "done" in request.POST else "programme:fear_ratings")
    if form.is_bound and htmx:
        return render(request, "programme/_fear_saved.html", {"invalid": True})
    rows = [(activity, form[activity.id]) for activity in form.activities]
    return render(
        request,
        "programme/fear_ratings.html",
        {
            "asked": asked,
            "form": form,
            "rows": rows,
            "rated": len(current),
            "left": len(form.activities) - len(current),
            "total": len(form.activities),
            "language": _language(),
        },
    )


@own_patient_view
def preferences(request: HttpRequest, patient: Patient) -> HttpResponse:
    classification = current_classification(patient)
    pain_type = classification.pain_type if classification else None
    # Only kinds of exercise the programme may offer this patient (the core's allowed_for).
    offered = [
        (category, CATEGORY_NAMES_FOR_PATIENTS[category])
        for category in CATEGORIES
        if any(e.allowed_for(pain_type) for e in exercises_in_category(category))
    ]
    chosen = ExercisePreference.objects.categories_for(patient)
    ask_extension = extension_question_applies(patient)
    eases = DirectionalPreference.extension_eases_pain_for(patient)
    answer = {True: "yes", False: "no", None: "unknown"}[eases]
    form = PreferencesForm(
        request.POST or None,
        categories=offered,
        ask_extension=ask_extension,
        initial={"categories": list(chosen), "extension": answer},
    )
    if request.method == "POST" and form.is_valid():
        picked = [c for c, _label in offered if c in form.cleaned_data["categories"]]
        ExercisePreference.objects.replace(patient, picked)
        detail: dict[str, object] = {"categories": picked}
        if ask_extension:
            # programme.md §2 revision 2: extension exercises only when they ease the pain.
            DirectionalPreference.record(patient, form.extension_eases_pain())
            detail["extension_eases_pain"] = form.extension_eases_pain()
        record_request(
            request,
            Action.UPDATE,
            patient=patient,
            what="exercise preferences",
            detail=detail,
        )
        messages.success(request, _("Dank u wel. Uw keuze is bewaard."))
        return redirect("programme:preferences")
    return render(request, "programme/preferences.html", {"form": form})
