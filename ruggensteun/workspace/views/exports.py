"""The practice's outcome exports for quality registration (CSV and FHIR), pseudonymised
and logged as exports."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ruggensteun.accounts.reauth import recent_auth_required
from ruggensteun.accounts.roles import staff_practice, staff_required
from ruggensteun.audit.log import Action, record_for_each_patient
from ruggensteun.patients.models import Patient
from ruggensteun.workspace import exports
from ruggensteun.workspace.episodes import episodes_for, in_period
from ruggensteun.workspace.forms import ExportForm
from ruggensteun.workspace.models import PracticeExportKey

FHIR_JSON = "application/fhir+json"


@staff_required
def export_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "workspace/exports.html", {"form": ExportForm(), "columns": exports.COLUMNS}
    )


@staff_required
@recent_auth_required()
def download(request: HttpRequest) -> HttpResponse:
    """The export itself (POST): a CSV or a FHIR Bundle of the chosen period."""
    form = ExportForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        context = {"form": form, "columns": exports.COLUMNS}
        return render(
            request, "workspace/exports.html", context, status=400 if form.is_bound else 200
        )
    practice = staff_practice(request.user)
    data = form.cleaned_data
    first, last = data["first"], data["last"]
    chosen = in_period(
        episodes_for(Patient.objects.filter(practice=practice), timezone.localdate()),
        first=first,
        last=last,
        ended=data["scope"] == "ended",
    )
    key = PracticeExportKey.for_practice(practice)
    as_fhir = request.POST.get("format") == "fhir"
    # One entry for the export and one per patient in it (issue #11, finding 11).
    record_for_each_patient(
        request,
        Action.EXPORT,
        [episode.patient for episode in chosen],
        practice=practice,
        what="workspace: outcome export",
        detail={
            "format": "fhir" if as_fhir else f"csv-{data['csv_format']}",
            "first": first.isoformat(),
            "last": last.isoformat(),
            "scope": data["scope"],
        },
    )
    if as_fhir:
        bundle = exports.outcome_bundle(chosen, key, request.LANGUAGE_CODE)
        response = HttpResponse(json.dumps(bundle, ensure_ascii=False, indent=2), FHIR_JSON)
        filename = exports.export_filename(first, last, "json")
    else:
        fmt = exports.EXCEL_NL if data["csv_format"] == "excel_nl" else exports.STANDARD
        response = HttpResponse(
            exports.outcome_csv(chosen, key, fmt), content_type="text/csv; charset=utf-8"
        )
        filename = exports.export_filename(first, last, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
