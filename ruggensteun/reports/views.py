"""The handout and the reports as PDFs: for the practice (``@patient_view``) and the
patient's own handout (``@own_patient_view``).

Every download is logged as an export (``Action.EXPORT``) with the document, the reader
and the language. The progress report and the discharge summary carry clinical data that
leaves the practice, so they ask for a recent authentication first (the accounts app's
rule for exports); the handout is a printout of the plan for the patient and does not.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from ruggensteun.accounts.reauth import ask_to_confirm, authenticated_within
from ruggensteun.audit.log import Action, record_request
from ruggensteun.patients.access import own_patient_view, patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.pdf import pdf_response
from ruggensteun.reports.documents import DOCUMENTS, Document
from ruggensteun.reports.pdf import render_pdf

# As the FHIR export asks (questionnaires.views.staff.export_fhir).
RECENT_AUTH_MINUTES = 10
FOR_GP = "huisarts"


@patient_view
def documents(request: HttpRequest, patient: Patient) -> HttpResponse:
    return render(
        request, "reports/documents.html", {"patient": patient, "documents": DOCUMENTS.values()}
    )


@patient_view
def document(request: HttpRequest, patient: Patient, name: str) -> HttpResponse:
    found = DOCUMENTS.get(name)
    if found is None:
        raise Http404
    if found.is_export and not authenticated_within(request, RECENT_AUTH_MINUTES):
        return ask_to_confirm(request)
    return _download(request, patient, found, for_gp=request.GET.get("voor") == FOR_GP)


@own_patient_view
def my_handout(request: HttpRequest, patient: Patient) -> HttpResponse:
    return _download(request, patient, DOCUMENTS["oefenfolder"], for_gp=False)


def _download(
    request: HttpRequest, patient: Patient, found: Document, *, for_gp: bool
) -> HttpResponse:
    today = timezone.localdate()
    language = found.language(patient, for_gp=for_gp)
    with translation.override(language):
        pdf = render_pdf(found.template, found.context(patient, today, for_gp=for_gp))
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
