"""The therapist's side: a patient's scores and answers, assigning, the practice's open
questionnaires, and the FHIR downloads."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.accounts.reauth import recent_auth_required
from ruggensteun.accounts.roles import staff_practice, staff_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.clinical.instruments.fhir import questionnaire_resource
from ruggensteun.clinical.instruments.registry import (
    UnknownInstrumentError,
    all_instruments,
    get_instrument,
)
from ruggensteun.patients.access import (
    get_patient_or_404,
    patient_view,
    patients_for,
    staff_or_404,
    staff_patient_or_404,
    visible_patient_or_404,
)
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires import catalog, flow
from ruggensteun.questionnaires.fhir_export import patient_bundle
from ruggensteun.questionnaires.forms import AssignForm, ScopeForm
from ruggensteun.questionnaires.models import Assignment, InstrumentLicence, QuestionnaireResponse
from ruggensteun.questionnaires.results import instrument_results, patient_results
from ruggensteun.signoff.status import is_signed_off

OVERVIEW_PAGE_SIZE = 50
FHIR_JSON = "application/fhir+json"


@patient_view
def scores(request: HttpRequest, patient: Patient) -> HttpResponse:
    today = timezone.localdate()
    open_assignments = list(Assignment.objects.for_patient(patient).open().with_response())
    return render(
        request,
        "questionnaires/staff/scores.html",
        {
            "patient": patient,
            "results": patient_results(patient, request.LANGUAGE_CODE),
            "due": [a for a in open_assignments if a.due_on <= today],
            "planned": [a for a in open_assignments if a.due_on > today],
            "today": today,
        },
    )


@patient_view
def assign(request: HttpRequest, patient: Patient) -> HttpResponse:
    codes = catalog.codes_for_patients(InstrumentLicence.codes_for(patient.practice))
    form = AssignForm(request.POST or None, codes=codes, language=request.LANGUAGE_CODE)
    if request.method == "POST" and form.is_valid():
        assignment = Assignment.assign(
            patient=patient,
            instrument=form.cleaned_data["instrument"],
            due_on=form.cleaned_data["due_on"],
            assigned_by=request.user,
        )
        if assignment is None:
            messages.info(request, _("Deze vragenlijst stond al klaar voor die dag."))
        else:
            record_request(
                request,
                Action.CREATE,
                patient=patient,
                detail={"assignment_id": assignment.pk, "instrument": assignment.instrument},
            )
            messages.success(
                request,
                _("%(instrument)s staat klaar voor %(name)s.")
                % {"instrument": assignment.short_name, "name": patient.name},
            )
        return redirect("questionnaires:scores", patient_id=patient.pk)
    return render(request, "questionnaires/staff/assign.html", {"patient": patient, "form": form})


def response_detail(request: HttpRequest, response_id: int) -> HttpResponse:
    """Every item of one submitted response with the answer the patient chose."""
    staff_or_404(request)
    response = get_object_or_404(
        QuestionnaireResponse.objects.submitted().select_related("assignment"), pk=response_id
    )
    patient = staff_patient_or_404(
        request, response.patient_id, Action.VIEW, response_id=response.pk
    )
    language = request.LANGUAGE_CODE
    definition = response.definition
    rows = [
        {
            "number": item.link_id,
            "question": flow.question_text(response, item, language),
            "answer": flow.answer_label(
                response, item, language, unanswered=_("niet beantwoord"), skipped=_("overgeslagen")
            ),
            "value": response.answers.get(item.link_id),
        }
        for item in definition.items
        if not definition.activity_list or item.link_id in response.activities
    ]
    scored = instrument_results(
        response.instrument,
        [response],
        language,
        chart=False,
        provisional=not is_signed_off(patient.practice_id, response.instrument),
    )
    return render(
        request,
        "questionnaires/staff/response.html",
        {
            "patient": patient,
            "response": response,
            "definition": definition,
            "rows": rows,
            "scored": scored,
        },
    )


@require_POST
def withdraw(request: HttpRequest, assignment_id: int) -> HttpResponse:
    staff_or_404(request)
    assignment = get_object_or_404(Assignment, pk=assignment_id)
    patient = staff_patient_or_404(
        request, assignment.patient_id, Action.UPDATE, withdrawn_assignment_id=assignment.pk
    )
    if assignment.withdraw(by=request.user):
        messages.success(request, _("De vragenlijst is ingetrokken."))
    return redirect("questionnaires:scores", patient_id=patient.pk)


@recent_auth_required(minutes=10)
def export_fhir(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Download the patient's submitted questionnaires as a FHIR R4 Bundle (POST, logged
    as an export)."""
    staff_or_404(request)
    if request.method != "POST":
        visible_patient_or_404(request, patient_id)  # outsiders get 404 first
        return HttpResponseNotAllowed(["POST"])
    patient = get_patient_or_404(request, patient_id, action=Action.EXPORT)
    responses = QuestionnaireResponse.objects.for_patient(patient).submitted().chronological()
    bundle = patient_bundle(patient, responses, request.LANGUAGE_CODE)
    download = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=2), content_type=FHIR_JSON
    )
    filename = f"ruggensteun-patient-{patient.pk}-vragenlijsten-{timezone.localdate()}.json"
    download["Content-Disposition"] = f'attachment; filename="{filename}"'
    return download


@staff_required
def questionnaire(request: HttpRequest, code: str) -> HttpResponse:
    """An instrument as a FHIR R4 Questionnaire (no patient data)."""
    try:
        definition = get_instrument(code)
    except UnknownInstrumentError:
        raise Http404 from None
    language = request.GET.get("taal") or request.LANGUAGE_CODE
    if language not in ("nl", "en"):
        language = request.LANGUAGE_CODE
    resource = questionnaire_resource(definition, language)
    return HttpResponse(json.dumps(resource, ensure_ascii=False, indent=2), content_type=FHIR_JSON)


@staff_required
def instruments(request: HttpRequest) -> HttpResponse:
    practice = staff_practice(request.user)
    licensed = InstrumentLicence.codes_for(practice)
    rows = [
        {
            "definition": definition,
            "short_name": catalog.short_name(definition.code),
            "name": catalog.name(definition, request.LANGUAGE_CODE),
            "for_patients": definition.available_to_patients(definition.code in licensed),
        }
        for definition in all_instruments()
    ]
    return render(request, "questionnaires/staff/instruments.html", {"rows": rows})


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    """Every questionnaire that is due or overdue, for the therapist's own patients or the
    whole practice."""
    form = ScopeForm(request.GET or None)
    scope = (form.cleaned_data["scope"] if form.is_valid() else "") or "mine"
    patients = patients_for(request)
    if scope != "practice":
        patients = patients.treated_by(request.user)
    today = timezone.localdate()
    due = (
        Assignment.objects.filter(patient__in=patients)
        .due(today)
        .with_response()
        .select_related("patient__user", "patient__therapist")
        .order_by("due_on", "patient__user__full_name", "id")
    )
    page = Paginator(due, OVERVIEW_PAGE_SIZE).get_page(request.GET.get("pagina"))
    record_request(
        request,
        Action.LIST,
        practice=staff_practice(request.user),
        detail={"patient_ids": sorted({assignment.patient_id for assignment in page})},
    )
    return render(
        request,
        "questionnaires/staff/overview.html",
        {"page": page, "form": form, "scope": scope, "today": today},
    )
