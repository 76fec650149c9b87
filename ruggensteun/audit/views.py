from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ruggensteun.accounts.roles import admin_practice, admin_required
from ruggensteun.audit.forms import AuditFilterForm
from ruggensteun.audit.log import Action, record_request
from ruggensteun.audit.models import AuditEvent

PAGE_SIZE = 100


@admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The practice admin's view of who did what with their practice's patient data."""
    practice_ids = request.user.practice_ids(role="admin")
    events = AuditEvent.objects.for_practices(practice_ids).select_related("patient__user")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    # Reading the log shows patients' names, so it is itself a read worth logging.
    record_request(
        request,
        Action.LIST,
        practice=admin_practice(request.user),
        detail={"patient_ids": sorted({e.patient_id for e in page if e.patient_id})},
    )
    return render(request, "audit/log.html", {"page": page, "form": form})
