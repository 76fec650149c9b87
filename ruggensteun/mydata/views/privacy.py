"""The privacy statement: open to everyone; a patient agrees to it (or reads what
declining means) after logging in (``mydata.middleware``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ruggensteun.base.redirects import safe_next_url
from ruggensteun.mydata.privacy import SESSION_KEY, agree, current, has_agreed
from ruggensteun.patients.access import patients_for, safety_of
from ruggensteun.patients.models import Patient


def _own_patient(request: HttpRequest) -> Patient | None:
    """The logged-in patient's record, read only to know whether to ask for agreement
    (no patient data is shown: not logged)."""
    if not request.user.is_authenticated:
        return None
    return patients_for(request).filter(user_id=request.user.pk).first()


def _to_the_advice() -> HttpResponse:
    """In a red-flag lockdown the advice comes first (patients.access.own_patient_view):
    the statement can be read, but agreeing and declining wait."""
    response = redirect("intake:advice")
    response.status_code = 303
    return response


@login_not_required
@require_GET
def statement(request: HttpRequest) -> HttpResponse:
    patient = _own_patient(request)
    asking = (
        patient is not None and not has_agreed(patient) and not safety_of(request, patient).lockdown
    )
    context = {
        "statement": current(),
        "asking": asking,
        "next": safe_next_url(request, ""),
    }
    return render(request, "mydata/privacy/statement.html", context)


@require_POST
def agree_to_statement(request: HttpRequest) -> HttpResponse:
    patient = _own_patient(request)
    if patient is None:
        raise Http404
    if safety_of(request, patient).lockdown:
        return _to_the_advice()
    version = current().version
    if request.POST.get("version") != version:
        # The statement changed while the page was open: show the new one.
        messages.error(request, _("De privacyverklaring is veranderd. Lees de nieuwe versie."))
        return redirect("mydata:privacy")
    if agree(patient, by=request.user, version=version) is not None:
        messages.success(request, _("Dank u. U kunt Ruggensteun nu gebruiken."))
    request.session[SESSION_KEY] = version
    return redirect(safe_next_url(request, "/"))


@require_GET
def decline(request: HttpRequest) -> HttpResponse:
    patient = _own_patient(request)
    if patient is None:
        return redirect("mydata:privacy")
    if safety_of(request, patient).lockdown:
        return _to_the_advice()
    context = {"practice": patient.practice, "statement": current()}
    return render(request, "mydata/privacy/decline.html", context)
