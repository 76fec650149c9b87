"""The handout and the reports as PDFs: for the practice (``@patient_view``) and the
patient's own handout (``@own_patient_view``).

Every download is logged as an export (``Action.EXPORT``) with the document, the reader
and the language. The progress report and the discharge summary carry clinical data that
leaves the practice, so they ask for a recent authentication first (the accounts app's
rule for exports); the handout is a printout of the plan for the patient and does not.

A PDF is never drawn in the request (issue #15: at most 300 ms). The download builds the
document's HTML and serves the PDF kept for it; when there is none it queues a task that
draws it (``reports.tasks``) and answers a page that says the document is being made: it
looks again every few seconds (htmx, the same address) and has a "Kijk opnieuw" link
that works without JavaScript. The download is logged when the file is served, not when
it is ordered. Opening the documents page has the missing PDFs drawn ahead.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation

from ruggensteun.accounts.reauth import ask_to_confirm, authenticated_within
from ruggensteun.audit.log import Action, record_request
from ruggensteun.patients.access import own_patient_view, patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.pdf import pdf_response
from ruggensteun.reports import tasks
from ruggensteun.reports.documents import DOCUMENTS, Document
from ruggensteun.reports.pdf import document_html

# As the FHIR export asks (questionnaires.views.staff.export_fhir).
RECENT_AUTH_MINUTES = 10
FOR_GP = "huisarts"


@patient_view
def documents(request: HttpRequest, patient: Patient) -> HttpResponse:
    # The click that follows usually finds its PDF drawn (one task per patient at most).
    tasks.order_ahead(patient, translation.get_language() or "nl")
    return render(
        request, "reports/documents.html", {"patient": patient, "documents": DOCUMENTS.values()}
    )


@patient_view
def document(request: HttpRequest, patient: Patient, name: str) -> HttpResponse:
    found = DOCUMENTS.get(name)
    if found is None:
        raise Http404
    # htmx looking whether the file is there gets the status only, never the file: the
    # link it then shows asks for the recent authentication.
    polled = bool(request.headers.get("HX-Request"))
    if found.is_export and not polled and not authenticated_within(request, RECENT_AUTH_MINUTES):
        return ask_to_confirm(request)
    back = reverse("reports:documents", args=[patient.pk])
    return _download(request, patient, found, for_gp=request.GET.get("voor") == FOR_GP, back=back)


@own_patient_view
def my_handout(request: HttpRequest, patient: Patient) -> HttpResponse:
    back = reverse("web:patient_home")
    return _download(request, patient, DOCUMENTS["oefenfolder"], for_gp=False, back=back)


def _download(
    request: HttpRequest, patient: Patient, found: Document, *, for_gp: bool, back: str
) -> HttpResponse:
    today = timezone.localdate()
    language, html = document_html(found, patient, today, for_gp=for_gp)
    polled = bool(request.headers.get("HX-Request"))
    pdf = tasks.kept_file(html)
    status = "ready"
    if pdf is None:
        status = tasks.order_status(html)
        # A failed drawing is ordered again when asked by hand, not by the page's polling.
        if not (polled and status == "failed"):
            tasks.order_pdf(html)
            status = "waiting"
            # An immediate task backend (development, the browser tests) has drawn it.
            pdf = tasks.kept_file(html)
            if pdf is not None:
                status = "ready"
    if pdf is None or polled:
        context = {"title": found.title, "url": request.get_full_path(), "status": status}
        template = "reports/_pdf_status.html" if polled else "reports/pdf_made.html"
        response = render(request, template, {**context, "back": back})
        response["Cache-Control"] = "no-store"
        return response
    record_request(
        request,
        Action.EXPORT,
        patient=patient,
        detail={
            "document": found.slug,
            "reader": "gp" if for_gp else "patient",
            "language": language,
        },
    )
    return pdf_response(pdf, f"ruggensteun-{found.slug}-{patient.pk}-{today.isoformat()}.pdf")
