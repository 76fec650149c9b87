"""The therapist's caseload and patient page: everything known about the patients, from every
app, in one view each (the workspace sits on top of the feature apps)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from ruggensteun.accounts.roles import staff_practice, staff_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.intake.models import RedFlagAlert
from ruggensteun.patients.access import patient_view, patients_for
from ruggensteun.patients.models import Patient
from ruggensteun.workspace.attention import RULES
from ruggensteun.workspace.caseload import CaseloadForm, caseload_rows, complete_rows
from ruggensteun.workspace.story import TIMELINE_FIRST, TIMELINE_PAGE, patient_story, timeline

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
        # Read only when the page shows it (an account not yet activated).
        "invitation": SimpleLazyObject(patient.user.invitations.first),
        "story": patient_story(patient, get_language() or "nl", timeline_first=TIMELINE_FIRST),
        "more_from": TIMELINE_FIRST,
    }
    return render(request, "workspace/patient.html", context)


@patient_view
def older_events(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The timeline from the ``vanaf``-th event on, a page at a time: the list alone for
    htmx (it takes the place of the patient page's "show earlier" link), else a page."""
    start = request.GET.get("vanaf", "")
    start = int(start) if start.isdigit() and len(start) < 7 else TIMELINE_FIRST
    events, more = timeline(patient, get_language() or "nl", start, TIMELINE_PAGE)
    context = {
        "patient": patient,
        "events": events,
        "start": start,
        "more_from": start + TIMELINE_PAGE if more else None,
    }
    fragment = bool(request.headers.get("HX-Request"))
    response = render(
        request, "workspace/_older_events.html" if fragment else "workspace/timeline.html", context
    )
    patch_vary_headers(response, ["HX-Request"])
    return response
