"""The one place that fetches patient data for a request.

Views never query patients directly: they call these helpers, which only find
patients the user may see (``Patient.objects.visible_to``), answer 404 to anyone
else (an outsider cannot even learn that the patient exists), and write the read
to the audit log.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from ruggensteun.accounts.models import Practice
from ruggensteun.accounts.roles import is_practice_staff
from ruggensteun.audit.log import Action, record_request
from ruggensteun.patients.models import Patient, PatientQuerySet


def patients_for(request: HttpRequest) -> PatientQuerySet:
    return Patient.objects.visible_to(request.user).select_related("user", "practice", "therapist")


def get_patient_or_404(
    request: HttpRequest, patient_id: int, *, action: str = Action.VIEW
) -> Patient:
    patient = patients_for(request).filter(pk=patient_id).first()
    if patient is None:
        deny(request, patient_id)
    record_request(request, action, patient=patient)
    return patient


def deny(request: HttpRequest, patient_id: object) -> NoReturn:
    """Answer 404 to someone who asked for a patient they may not see, and log who tried
    which id (issue #11, finding 11). The event names no patient (the id may not even
    exist, and nobody saw anything): the id is in the detail. It goes to the practice of
    the one who tried, where their admin reads the log."""
    practice_id = None
    if request.user.is_authenticated:
        memberships = request.user.memberships.order_by("created_at", "id")
        practice_id = memberships.values_list("practice_id", flat=True).first()
    record_request(
        request,
        Action.DENIED,
        practice=Practice(pk=practice_id) if practice_id is not None else None,
        detail={"patient_id": patient_id, "method": request.method},
    )
    raise Http404


def staff_or_404(request: HttpRequest) -> None:
    """404 for anyone who is not practice staff, before a staff view looks up the object
    its URL names (a response, an assignment), so an outsider cannot learn that it exists."""
    if not is_practice_staff(request.user):
        raise Http404


def visible_patient_or_404(request: HttpRequest, patient_id: int) -> Patient:
    """For staff views: the patient if the user may see them, else 404. Not logged: the
    caller logs what it does (``staff_patient_or_404``) or does nothing with the record."""
    staff_or_404(request)
    patient = patients_for(request).filter(pk=patient_id).first()
    if patient is None:
        raise Http404
    return patient


def staff_patient_or_404(
    request: HttpRequest, patient_id: int, action: str, **detail: object
) -> Patient:
    """The patient behind an object a staff URL names (a questionnaire response, an
    assignment), for staff of their practice only; 404 for everyone else, and the access
    is logged with ``detail`` (which object)."""
    patient = visible_patient_or_404(request, patient_id)
    record_request(request, action, patient=patient, detail=detail or None)
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
            deny(request, patient_id)
        action = Action.VIEW if request.method in ("GET", "HEAD") else Action.UPDATE
        patient = get_patient_or_404(request, patient_id, action=action)
        return view(request, patient, *args, **kwargs)

    return wrapper


# The patient's pages that stay open while an emergency or urgent red flag waits for the
# therapist: the advice itself, "Ik heb gebeld", the check-in's result (it says the
# check-in was saved, under the advice), and the patient's own data (download, deletion).
# Account, language and logout pages are not patient pages (no own_patient_view).
OPEN_IN_LOCKDOWN = frozenset(
    {
        "intake:advice",
        "intake:acted",
        "diary:checkin_done",
        "mydata:own_data",
        "mydata:download",
        "mydata:own_export",  # the same download, when a task makes it (issue #14)
        "mydata:own_export_file",
        "mydata:request_deletion",
        # The device's push subscription (issue #16): a setting, no care content.
        "push:subscribe",
        "push:unsubscribe",
    }
)
# A check-in filled in before (it may wait in the browser's outbox) is still saved and
# triaged: nothing a patient entered is lost, and its red-flag answers count.
SAVED_IN_LOCKDOWN = frozenset({"diary:checkin"})


# Whether a patient is in a red-flag lockdown is the intake's to say, and intake sits above
# patients: IntakeConfig.ready hands in its reader (intake.status.safety_state).
_safety_state: Callable[[Patient], Any] | None = None


def set_safety_state(reader: Callable[[Patient], Any]) -> None:
    global _safety_state
    _safety_state = reader


def safety_of(request: HttpRequest, patient: Patient) -> Any:
    """The patient's ``intake.status.SafetyState``, read once a request. Never guessed: without
    the intake's reader (an app setup fault) every patient page fails loudly."""
    if _safety_state is None:
        raise RuntimeError("No red-flag safety reader: is ruggensteun.intake installed?")
    cached = getattr(request, "_safety_state", None)
    if cached is None:
        cached = _safety_state(patient)
        request._safety_state = cached  # type: ignore[attr-defined]
    return cached


def _open_in_lockdown(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return False
    if request.method == "POST" and match.view_name in SAVED_IN_LOCKDOWN:
        return True
    return match.view_name in OPEN_IN_LOCKDOWN


def own_patient_view(view: ViewFunc) -> ViewFunc:
    """For a patient's own pages: pass their ``patient`` record (404 for anyone else).

    While an emergency or urgent red flag is open (``SafetyState.lockdown``) every page but
    those in OPEN_IN_LOCKDOWN sends the patient to the advice page, which shows only the
    advice and the practice's contact card (triage.md §2: self-management stops or waits;
    nothing may suggest it goes on).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = Action.VIEW if request.method in ("GET", "HEAD") else Action.UPDATE
        patient = get_own_patient_or_404(request, action=action)
        if not _open_in_lockdown(request) and safety_of(request, patient).lockdown:
            response = redirect("intake:advice")
            response.status_code = 303  # fetch the advice with GET, whatever was sent
            return response
        return view(request, patient, *args, **kwargs)

    return wrapper
