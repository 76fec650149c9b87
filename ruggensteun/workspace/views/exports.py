"""The practice's outcome exports for quality registration (CSV and FHIR), pseudonymised
and logged as exports.

A practice of up to EXPORT_TASK_FROM_PATIENTS patients (100) gets its export in the
answer to the form, as before. A larger one is made by a task (issue #14): the form leads
to a page that says the export is being made (it looks again every few seconds, and has
a link to look again by hand) and then offers the file. Only staff of the same practice
can see that page or fetch the file, after a recent login; the file is audited when it
is fetched, for the export and for each patient in it, as the direct answer is.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ruggensteun.accounts.reauth import recent_auth_required
from ruggensteun.accounts.roles import staff_practice, staff_required
from ruggensteun.audit.log import Action, record_for_each_patient
from ruggensteun.patients.models import Patient
from ruggensteun.workspace import exports
from ruggensteun.workspace.forms import ExportForm

WHAT = "workspace: outcome export"


@staff_required
def export_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "workspace/exports.html", {"form": ExportForm(), "columns": exports.COLUMNS}
    )


def _detail(choice: dict[str, str]) -> dict[str, str]:
    return {
        "format": "fhir" if choice["format"] == "fhir" else f"csv-{choice['csv_format']}",
        "first": choice["first"],
        "last": choice["last"],
        "scope": choice["scope"],
    }


def _file(made: exports.MadeExport) -> HttpResponse:
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


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
    choice = {
        "first": data["first"].isoformat(),
        "last": data["last"].isoformat(),
        "scope": data["scope"],
        "csv_format": data["csv_format"],
        "format": "fhir" if request.POST.get("format") == "fhir" else "csv",
    }
    if exports.in_task(practice):
        token = exports.order_export(practice, request.user.pk, choice, request.LANGUAGE_CODE)
        return redirect("workspace:export_made", token=token)
    made = exports.make_export(practice, choice, request.LANGUAGE_CODE, timezone.localdate())
    # One entry for the export and one per patient in it (issue #11, finding 11).
    record_for_each_patient(
        request,
        Action.EXPORT,
        Patient.objects.filter(pk__in=made.patient_ids).only("pk", "practice_id"),
        practice=practice,
        what=WHAT,
        detail=_detail(choice),
    )
    return _file(made)


def _order(request: HttpRequest, token: str) -> dict:
    order = exports.order_of(token, staff_practice(request.user))
    if order is None:
        raise Http404
    return order


@staff_required
def made(request: HttpRequest, token: str) -> HttpResponse:
    """Is the export there yet? The whole page, or only its status part for htmx."""
    order = _order(request, token)
    template = (
        "workspace/_export_status.html"
        if request.headers.get("HX-Request")
        else "workspace/export_made.html"
    )
    return render(request, template, {"order": order, "token": token})


@staff_required
@recent_auth_required()
def made_file(request: HttpRequest, token: str) -> HttpResponse:
    order = _order(request, token)
    content = exports.made_file(token)
    if order.get("status") != "ready" or content is None:
        return redirect("workspace:export_made", token=token)
    record_for_each_patient(
        request,
        Action.EXPORT,
        Patient.objects.filter(pk__in=order["patient_ids"]).only("pk", "practice_id"),
        practice=staff_practice(request.user),
        what=WHAT,
        detail={**_detail(order["choice"]), "made_by_task": token[:8]},
    )
    return _file(
        exports.MadeExport(content, order["content_type"], order["filename"], order["patient_ids"])
    )
