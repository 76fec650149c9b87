"""The therapist asks the patient (again) for the fear ratings (programme.md §6)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.audit.log import Action, record_request
from ruggensteun.patients.access import patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import FearRatingRequest


@patient_view
@require_POST
def ask_fear_ratings(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Open a request; asking while one is open adds nothing."""
    asked, created = FearRatingRequest.objects.ask(
        patient, FearRatingRequest.Reason.THERAPIST, by=request.user
    )
    if created:
        record_request(
            request,
            Action.CREATE,
            patient=patient,
            what="fear ratings asked",
            detail={"request": asked.pk},
        )
        messages.success(request, _("De patiënt ziet de vraag nu op Vandaag."))
    else:
        messages.info(request, _("De vraag staat al open. De patiënt heeft nog niet geantwoord."))
    return redirect("patients:detail", patient_id=patient.pk)
