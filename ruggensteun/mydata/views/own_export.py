"""The patient's own download when it is made by a task (issue #14): a page that says it
is being made, then offers the ZIP; only the patient can see it or fetch it, and every
download is logged as an export."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ruggensteun.accounts.reauth import ask_to_confirm, authenticated_within
from ruggensteun.audit.log import Action
from ruggensteun.mydata.export import own_file, own_order
from ruggensteun.patients.access import get_own_patient_or_404

RECENT_AUTH_MINUTES = 10


def made(request: HttpRequest, token: str) -> HttpResponse:
    patient = get_own_patient_or_404(request)
    order = own_order(token, patient)
    if order is None:
        raise Http404
    template = (
        "mydata/_own_export_status.html"
        if request.headers.get("HX-Request")
        else "mydata/own_export_made.html"
    )
    return render(request, template, {"order": order, "token": token})


def made_file(request: HttpRequest, token: str) -> HttpResponse:
    if not authenticated_within(request, RECENT_AUTH_MINUTES):
        return ask_to_confirm(request)
    patient = get_own_patient_or_404(request, action=Action.EXPORT)
    order = own_order(token, patient)
    if order is None:
        raise Http404
    content = own_file(token)
    if order.get("status") != "ready" or content is None:
        return redirect("mydata:own_export", token=token)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{order["filename"]}"'
    response["Cache-Control"] = "no-store"
    return response
