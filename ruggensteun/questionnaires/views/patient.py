"""The patient's side: what is due, filling screen by screen, review, submit, thanks."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggensteun.clinical.datafiles import text
from ruggensteun.patients.access import own_patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires import flow
from ruggensteun.questionnaires.chain import chain_for
from ruggensteun.questionnaires.forms import StepForm
from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse
from ruggensteun.signoff.texts import patient_definition

BACK = "terug"
TO_REVIEW = "overzicht"


def _assignment(patient: Patient, assignment_id: int) -> Assignment:
    """One of the patient's own questionnaires that they may open now; 404 otherwise
    (another patient's, withdrawn, not yet due, or licence-restricted without a licence)."""
    return get_object_or_404(
        Assignment.objects.for_patient(patient)
        .visible_to_patient()
        .with_response()
        .filter(withdrawn_at__isnull=True, due_on__lte=timezone.localdate()),
        pk=assignment_id,
    )


def _response(patient: Patient, assignment: Assignment) -> QuestionnaireResponse | None:
    """The response, shown in the practice's official wording when it imported one."""
    if not assignment.started:
        return None
    response = assignment.response
    response.shown_definition = patient_definition(patient.practice_id, response.instrument)
    return response


def _resume_url(assignment: Assignment, response: QuestionnaireResponse) -> str:
    if response.is_submitted:
        return reverse("questionnaires:done", args=[assignment.pk])
    step = flow.first_open_step(response)
    if step is None:
        return reverse("questionnaires:review", args=[assignment.pk])
    return reverse("questionnaires:step", args=[assignment.pk, step.number])


@own_patient_view
def my_questionnaires(request: HttpRequest, patient: Patient) -> HttpResponse:
    due = list(Assignment.objects.for_patient(patient).visible_to_patient().due().with_response())
    return render(request, "questionnaires/patient/list.html", {"patient": patient, "due": due})


@own_patient_view
def start(request: HttpRequest, patient: Patient, assignment_id: int) -> HttpResponse:
    """The first screen: what this questionnaire is about. Someone who already began is
    taken straight to the first question without an answer."""
    assignment = _assignment(patient, assignment_id)
    response = _response(patient, assignment)
    if request.method == "POST":
        response = response or QuestionnaireResponse.start(assignment, request.LANGUAGE_CODE)
        return redirect(_resume_url(assignment, response))
    if response is not None and (response.answers or response.activities or response.is_submitted):
        return redirect(_resume_url(assignment, response))
    return render(
        request,
        "questionnaires/patient/start.html",
        {
            "assignment": assignment,
            "definition": patient_definition(patient.practice_id, assignment.instrument),
            "chain": chain_for(patient, assignment),
        },
    )


@own_patient_view
def step(request: HttpRequest, patient: Patient, assignment_id: int, number: int) -> HttpResponse:
    assignment = _assignment(patient, assignment_id)
    response = _response(patient, assignment)
    if response is None:
        return redirect("questionnaires:start", assignment.pk)
    if response.is_submitted:
        return redirect("questionnaires:done", assignment.pk)
    steps = flow.steps_for(response)
    if not 1 <= number <= len(steps):
        raise Http404
    current = steps[number - 1]
    language = request.LANGUAGE_CODE
    form = StepForm(request.POST or None, step=current, response=response, language=language)
    to_review = request.POST.get("na", request.GET.get("na")) == TO_REVIEW
    if request.method == "POST":
        if request.POST.get("richting") == BACK:
            form.is_valid()  # keep whatever was validly answered before going back
            flow.save_step(response, current, form.answers(valid_only=True), language)
            previous = flow.previous_step_number(number)
            if previous is None:
                return redirect("questionnaires:intro", assignment.pk)
            return redirect("questionnaires:step", assignment.pk, previous)
        if form.is_valid():
            flow.save_step(response, current, form.answers(), language, form.activities())
            following = flow.next_step_number(response, number)
            if to_review or following is None:
                return redirect("questionnaires:review", assignment.pk)
            return redirect("questionnaires:step", assignment.pk, following)
    total = flow.expected_step_count(response, steps)
    chain = chain_for(patient, assignment)
    return render(
        request,
        "questionnaires/patient/step.html",
        {
            "assignment": assignment,
            "definition": response.definition,
            "response": response,
            "step": current,
            "total": total,
            "chain": chain,
            "minutes_left": chain.minutes_left((total - current.number + 1) / total),
            # One single-choice question on the screen: choosing an answer moves on.
            "auto_advance": current.kind == "item" and len(current.items) == 1,
            "form": form,
            "to_review": to_review,
            "questions": [
                {
                    "item": item,
                    "field": field,
                    "text": text(item.text, language),
                    "activity": flow.activity_for(response, item, language),
                    "anchors": [
                        (anchor.value, text(anchor.label, language))
                        for anchor in item.scale_anchors
                    ],
                    "instruction": flow.section_instruction(response.definition, item, language),
                }
                for item, field in form.item_fields()
            ],
        },
    )


@own_patient_view
def intro(request: HttpRequest, patient: Patient, assignment_id: int) -> HttpResponse:
    """The introduction, reached with "back" from the first question."""
    assignment = _assignment(patient, assignment_id)
    response = _response(patient, assignment)
    if response is not None and response.is_submitted:
        return redirect("questionnaires:done", assignment.pk)
    return render(
        request,
        "questionnaires/patient/start.html",
        {
            "assignment": assignment,
            "definition": patient_definition(patient.practice_id, assignment.instrument),
            "resumed": True,
            "chain": chain_for(patient, assignment),
        },
    )


@own_patient_view
def review(request: HttpRequest, patient: Patient, assignment_id: int) -> HttpResponse:
    assignment = _assignment(patient, assignment_id)
    response = _response(patient, assignment)
    if response is None:
        return redirect("questionnaires:start", assignment.pk)
    if response.is_submitted:
        return redirect("questionnaires:done", assignment.pk)
    if request.method == "POST":
        try:
            flow.submit(response, request.POST.get("submission_key", ""))
        except flow.IncompleteResponse:
            messages.warning(request, _("Er staat nog een vraag open. Wilt u die nog invullen?"))
            return redirect(_resume_url(assignment, response))
        if response.is_submitted:
            return _after_submission(request, patient, assignment)
        messages.error(
            request, _("Het insturen lukte niet. Uw antwoorden zijn bewaard. Probeer het opnieuw.")
        )
        return redirect("questionnaires:review", assignment.pk)
    if not flow.is_complete(response):
        return redirect(_resume_url(assignment, response))
    lines = flow.review_lines(
        response,
        request.LANGUAGE_CODE,
        unanswered=_("nog niet beantwoord"),
        skipped=_("overgeslagen"),
    )
    return render(
        request,
        "questionnaires/patient/review.html",
        {
            "assignment": assignment,
            "definition": response.definition,
            "response": response,
            "lines": lines,
            "chain": chain_for(patient, assignment),
        },
    )


def _after_submission(
    request: HttpRequest, patient: Patient, assignment: Assignment
) -> HttpResponse:
    """The next questionnaire of the same moment follows at once; after the last one, the
    thanks. A resubmitted form lands here too and changes nothing."""
    chain = chain_for(patient, assignment)
    following = chain.following
    if following is None:
        return redirect("questionnaires:done", assignment.pk)
    messages.success(
        request,
        _("Uw antwoorden zijn bewaard en verstuurd. Nu de volgende vragenlijst."),
    )
    return redirect("questionnaires:start", following.pk)


@own_patient_view
def done(request: HttpRequest, patient: Patient, assignment_id: int) -> HttpResponse:
    assignment = _assignment(patient, assignment_id)
    response = _response(patient, assignment)
    if response is None or not response.is_submitted:
        return redirect("questionnaires:start", assignment.pk)
    following = (
        Assignment.objects.for_patient(patient)
        .visible_to_patient()
        .due()
        .exclude(pk=assignment.pk)
        .first()
    )
    return render(
        request,
        "questionnaires/patient/done.html",
        {"assignment": assignment, "following": following, "chain": chain_for(patient, assignment)},
    )
