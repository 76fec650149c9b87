"""The one place that fetches patient data for a request.

Views never query patients directly: they call these helpers, which only find
patients the user may see (``Patient.objects.visible_to``), answer 404 to anyone
else (an outsider cannot even learn that the patient exists), and write the read
to the audit log.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from ruggensteun.accounts.roles import is_practice_staff
from ruggensteun.audit.log import Action, record_request
from ruggensteun.patients.models import Patient, PatientQuerySet


def patients_for(request: HttpRequest) -> PatientQuerySet:
    return Patient.objects.visible_to(request.user).select_related("user", "practice", "therapist")


def get_patient_or_404(
    request: HttpRequest, patient_id: int, *, action: str = Action.VIEW
) -> Patient:
    patient = get_object_or_404(patients_for(request), pk=patient_id)
    record_request(request, action, patient=patient)
    return patient


def get_own_patient_or_404(request: HttpRequest, *, action: str = Action.VIEW) -> Patient:
    """The patient record of the logged-in patient; 404 for staff and everyone else."""
    patient = patients_for(request).filter(user_id=request.user.pk).first()
    if patient is None:
        raise Http404
    record_request(request, action, patient=patient)
    return patient


ViewFunc = Callable[..., HttpResponse]


def patient_view(view: ViewFunc) -> ViewFunc:
    """For staff views of one patient: turn the URL's ``patient_id`` into ``patient``.

    Patients get 404 here even for their own record: their pages are elsewhere.

    GET reads are logged as views; other methods as updates (the view may log more
    detail of what changed).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, patient_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_practice_staff(request.user):
            raise Http404
        action = Action.VIEW if request.method in ("GET", "HEAD") else Action.UPDATE
        patient = get_patient_or_404(request, patient_id, action=action)
        return view(request, patient, *args, **kwargs)

    return wrapper


def own_patient_view(view: ViewFunc) -> ViewFunc:
    """For a patient's own pages: pass their ``patient`` record (404 for anyone else)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = Action.VIEW if request.method in ("GET", "HEAD") else Action.UPDATE
        patient = get_own_patient_or_404(request, action=action)
        return view(request, patient, *args, **kwargs)

    return wrapper
