from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ruggensteun.audit.log import Action, record_request
from ruggensteun.base.redirects import back
from ruggensteun.intake import flow
from ruggensteun.intake.advice import advice_card, mark_message_read, record_patient_acted
from ruggensteun.intake.forms import IntakeScreenForm
from ruggensteun.intake.models import TriageAssessment
from ruggensteun.intake.status import SafetyState
from ruggensteun.patients.access import own_patient_view, safety_of
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.chain import first_of_moment


@own_patient_view
def start(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Resume the intake where the patient stopped, or show where it ended (while an
    emergency or urgent red flag is open, own_patient_view shows the advice instead)."""
    intake = flow.intake_for(patient)
    if intake.is_complete:
        return redirect("intake:done")
    screen = flow.next_screen(intake)
    if screen is None:
        flow.complete(intake)
        return redirect("intake:done")
    return redirect("intake:screen", screen_id=screen.id)


@own_patient_view
def screen(request: HttpRequest, patient: Patient, screen_id: str) -> HttpResponse:
    current = flow.screen_by_id(screen_id)
    if current is None:
        raise Http404
    intake = flow.intake_for(patient)
    if intake.is_complete:
        return redirect("intake:start")
    language = request.user.language
    earlier = flow.known_answers(intake)
    from_record = flow.from_record(intake)
    if request.method == "POST":
        form = IntakeScreenForm(
            request.POST,
            screen=current,
            language=language,
            earlier=earlier,
            from_record=from_record,
        )
        valid = form.is_valid()
        intake.save_answers(form.answers(), finished_screen=current.id if valid else None)
        _latest, unseen = flow.after_screen(intake)
        if intake.stopped_for_emergency_at or unseen:
            return redirect("intake:advice")
        if valid:
            return redirect("intake:start")
    else:
        form = IntakeScreenForm(
            initial=IntakeScreenForm.initial_from(intake.answers, current),
            screen=current,
            language=language,
            earlier=earlier,
            from_record=from_record,
        )
    step = flow.position(current)
    return render(
        request,
        "intake/screen.html",
        {
            "screen": current,
            "form": form,
            "step": step,
            "steps": len(flow.screens()),
            "previous": flow.previous_screen(current),
            "language": language,
            # The first screen is where the intake starts: it says what the whole takes.
            "estimate": flow.time_estimate(patient) if step == 1 else None,
        },
    )


def _reasons(patient: Patient, state: SafetyState) -> list[dict[str, Any]]:
    """Why: the patient's words for each open rule, from the newest triage (one query)."""
    latest = TriageAssessment.objects.latest_for(patient)
    if latest is None:
        return []
    return [rule for rule in latest.details.get("rules", []) if rule["id"] in state.rule_ids]


@own_patient_view
def advice(request: HttpRequest, patient: Patient) -> HttpResponse:
    """What to do now, in large clear words, while a red flag that calls for the GP is open."""
    state = safety_of(request, patient)
    if not state.alerts:
        return redirect("intake:start")
    intake = flow.intake_for(patient)
    flow.mark_advice_shown(intake, list(state.rule_ids))
    context = {
        "card": advice_card(patient, state),
        "practice": patient.practice,
        "rules": _reasons(patient, state),
        "language": request.user.language,
        # Only with "soon" open (no lockdown) may the patient finish the intake's questions.
        "can_continue": not state.lockdown and not intake.is_complete,
    }
    return render(request, "intake/advice.html", context)


@require_POST
@own_patient_view
def acted(request: HttpRequest, patient: Patient) -> HttpResponse:
    """ "Ik heb gebeld": the therapist sees that the patient has called."""
    marked = record_patient_acted(patient)
    if marked:
        record_request(request, Action.UPDATE, patient=patient, detail={"patient_acted": marked})
    return back(request, reverse("intake:advice"))


@require_POST
@own_patient_view
def message_read(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The patient has read the therapist's message after a red flag: Today stops showing it."""
    if mark_message_read(patient):
        record_request(request, Action.UPDATE, patient=patient, detail={"message_read": True})
    return back(request, reverse("web:patient_home"))


@own_patient_view
def done(request: HttpRequest, patient: Patient) -> HttpResponse:
    intake = flow.intake_for(patient)
    if not intake.is_complete:
        return redirect("intake:start")
    latest = TriageAssessment.objects.latest_for(patient)
    state = safety_of(request, patient)
    return render(
        request,
        "intake/done.html",
        {
            "assessment": latest,
            "card": advice_card(patient, state),
            "practice": patient.practice,
            "language": request.user.language,
            # The intake set follows at once, one questionnaire after another.
            "questionnaires": first_of_moment(patient, 0),
        },
    )
