"""The practice admin's audit log page and its CSV export.

The log itself (``AuditEvent``, ``record``, the words) is the audit app, which imports no
other app; this page needs the admin's role and a recent authentication, so it lives here,
one layer up (issue #13). The URL names stay ``audit:log`` and ``audit:export``.
"""

import csv
import io

from django import forms
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ruggensteun.accounts.models import Membership, patient_model
from ruggensteun.accounts.reauth import recent_auth_required
from ruggensteun.accounts.roles import admin_practice, admin_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.audit.models import AuditEvent, AuditEventQuerySet
from ruggensteun.audit.words import describe

PAGE_SIZE = 100
# "description" is the entry in words (as on the page); "what" keeps the code it stores.
CSV_COLUMNS = ("at", "actor_email", "action", "patient", "description", "what")
# A cell a spreadsheet would read as a formula starts with one of these: quoted with '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class AuditFilterForm(forms.Form):
    patient = forms.CharField(label=_("Patiënt (naam)"), required=False)
    actor = forms.CharField(label=_("Door (e-mail)"), required=False)
    who = forms.ChoiceField(
        label=_("Door wie"),
        choices=[("", _("Iedereen")), ("staff", _("Medewerkers")), ("patients", _("Patiënten"))],
        required=False,
    )
    action = forms.ChoiceField(
        label=_("Handeling"),
        choices=[("", _("Alle")), *AuditEvent.Action.choices],
        required=False,
    )
    since = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filter(self, events: AuditEventQuerySet) -> AuditEventQuerySet:
        data = self.cleaned_data
        if data.get("patient"):
            events = events.filter(patient__user__full_name__icontains=data["patient"])
        if data.get("actor"):
            events = events.filter(actor_email__icontains=data["actor"])
        if data.get("who") == "staff":
            # Staff: the actor works in a practice (a membership, also once deactivated).
            events = events.filter(Exists(Membership.objects.filter(user_id=OuterRef("actor_id"))))
        elif data.get("who") == "patients":
            events = events.filter(
                Exists(patient_model().objects.filter(user_id=OuterRef("actor_id")))
            )
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("since"):
            events = events.filter(at__date__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__date__lte=data["until"])
        return events


@admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The practice admin's view of who did what with their practice's patient data."""
    practice_ids = request.user.practice_ids(role="admin")
    events = AuditEvent.objects.for_practices(practice_ids).select_related("patient__user")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    for event in page:
        event.description = describe(event.what, event.action)
    # Reading the log shows patients' names, so it is itself a read worth logging.
    record_request(
        request,
        Action.LIST,
        practice=admin_practice(request.user),
        detail={"patient_ids": sorted({e.patient_id for e in page if e.patient_id})},
    )
    export_form = form if form.is_bound and form.is_valid() else AuditFilterForm()
    return render(
        request, "audit/log.html", {"page": page, "form": form, "export_form": export_form}
    )


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@admin_required
@require_POST
@recent_auth_required(minutes=10)
def export_csv(request: HttpRequest) -> HttpResponse:
    """The log as CSV, with the filters of the page (POST, after a recent authentication);
    the export is itself logged as an export, with the ids of the patients it names."""
    form = AuditFilterForm(request.POST)
    if not form.is_valid():
        practice_ids = request.user.practice_ids(role="admin")
        events = AuditEvent.objects.for_practices(practice_ids)
        page = Paginator(events.none(), PAGE_SIZE).get_page(1)
        return render(
            request,
            "audit/log.html",
            {"page": page, "form": form, "export_form": form},
            status=400,
        )
    practice_ids = request.user.practice_ids(role="admin")
    events = form.filter(
        AuditEvent.objects.for_practices(practice_ids).select_related("patient__user")
    )
    rows = list(events)
    record_request(
        request,
        Action.EXPORT,
        practice=admin_practice(request.user),
        what="audit: log export (CSV)",
        detail={
            "filters": {
                key: str(value)
                for key, value in form.cleaned_data.items()
                if value not in ("", None)
            },
            "rows": len(rows),
            "patient_ids": sorted({event.patient_id for event in rows if event.patient_id}),
        },
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for event in rows:
        writer.writerow(
            [
                event.at.isoformat(),
                _cell(event.actor_email),
                event.action,
                _cell(event.patient.user.full_name) if event.patient else "",
                _cell(describe(event.what, event.action)),
                _cell(event.what),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"auditlog-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
