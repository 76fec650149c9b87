"""The outcomes sections: "Patiënten zoals [naam]" on the patient page, the practice's
recovery curve on the dashboard (both loaded by URL as htmx fragments, a full page
without htmx) and the admin's page for k and the pooled case base."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggensteun.accounts.roles import admin_practice, admin_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.outcomes.forms import CONSENT_TEXT, SharingForm
from ruggensteun.outcomes.models import OutcomeSharing
from ruggensteun.outcomes.recovery import recovery_figures
from ruggensteun.outcomes.similar import similar_patients
from ruggensteun.patients.access import patient_view
from ruggensteun.patients.models import Patient


def _fragment_or_page(request: HttpRequest, name: str, context: dict) -> HttpResponse:
    """The section alone for htmx (``_name.html``); wrapped in a page (``name.html``) for
    the plain link, without JavaScript."""
    fragment = request.headers.get("HX-Request") == "true"
    template = f"outcomes/_{name}.html" if fragment else f"outcomes/{name}.html"
    return render(request, template, context)


@patient_view
def similar(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Patients like this one (the access is checked and logged by ``patient_view``)."""
    context = similar_patients(patient, request.LANGUAGE_CODE)
    return _fragment_or_page(request, "similar", {"patient": patient, **context})


@admin_required
def recovery(request: HttpRequest) -> HttpResponse:
    practice = admin_practice(request.user)
    figures = recovery_figures(practice, request.LANGUAGE_CODE)
    record_request(request, Action.VIEW, practice=practice, detail={"cases": figures.cases})
    return _fragment_or_page(request, "recovery", {"practice": practice, "figures": figures})


@admin_required
def sharing(request: HttpRequest) -> HttpResponse:
    practice = admin_practice(request.user)
    current = OutcomeSharing.of(practice)
    before = {"pooled": current.pooled, "neighbours": current.neighbours}
    form = SharingForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        setting = form.save(commit=False)
        after = {"pooled": setting.pooled, "neighbours": setting.neighbours}
        if after != before:
            setting.changed_by = request.user
            setting.changed_at = timezone.now()
            if setting.pooled and not before["pooled"]:
                setting.consent_text = str(CONSENT_TEXT)
            setting.save()
            detail = {"before": before, "after": after}
            if setting.pooled and not before["pooled"]:
                detail["consent"] = setting.consent_text
            record_request(request, Action.UPDATE, practice=practice, detail=detail)
            messages.success(request, _("De instellingen zijn opgeslagen."))
        return redirect("outcomes:sharing")
    sharing_practices = OutcomeSharing.objects.filter(Q(pooled=True)).count()
    return render(
        request,
        "outcomes/sharing.html",
        {
            "practice": practice,
            "form": form,
            "setting": current,
            "sharing_practices": sharing_practices,
        },
    )
