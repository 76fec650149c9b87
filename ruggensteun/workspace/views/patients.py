"""The therapist's caseload and patient page: everything known about the patients, from every
app, in one view each (the workspace sits on top of the feature apps)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from ruggensteun.accounts.roles import staff_practice, staff_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.intake.models import RedFlagAlert
from ruggensteun.patients.access import patient_view, patients_for
from ruggensteun.patients.models import Patient
from ruggensteun.workspace.attention import RULES
from ruggensteun.workspace.caseload import CaseloadForm, caseload_rows, complete_rows
from ruggensteun.workspace.story import patient_story

CASELOAD_PAGE_SIZE = 50


@staff_required
def caseload(request: HttpRequest) -> HttpResponse:
    form = CaseloadForm(request.GET or None, user=request.user)
    in_scope = form.scoped(patients_for(request), request.user)
    alerts = list(
        RedFlagAlert.objects.open()
        .filter(patient__in=in_scope.values("pk"))
        .by_urgency()
        .select_related("assessment", "patient__user")
    )
    # The order and the filters need every row; the figures and trends only the page's.
    rows = form.keep(caseload_rows(in_scope, alerts=alerts, complete=False))
    page = Paginator(rows, CASELOAD_PAGE_SIZE).get_page(request.GET.get("pagina"))
    complete_rows(page.object_list)
    record_request(
        request,
        Action.LIST,
        practice=staff_practice(request.user),
        detail={
            "patient_ids": [row.patient.pk for row in page],
            "alert_patient_ids": sorted({alert.patient_id for alert in alerts}),
        },
    )
    return render(
        request,
        "workspace/caseload.html",
        {
            "page": page,
            "form": form,
            "scope": form.scope,
            "alerts": alerts,
            "rules": RULES,
            "filtered": bool(request.GET.keys() - {"pagina", "scope"}),
        },
    )


@patient_view
def detail(request: HttpRequest, patient: Patient) -> HttpResponse:
    context = {
        "patient": patient,
        "invitation": patient.user.invitations.first(),
        "story": patient_story(patient, get_language() or "nl"),
    }
    return render(request, "workspace/patient.html", context)
