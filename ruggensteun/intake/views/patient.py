from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ruggensteun.clinical.triage.texts import load_texts
from ruggensteun.intake import flow
from ruggensteun.intake.forms import IntakeScreenForm
from ruggensteun.intake.models import TriageAssessment
from ruggensteun.patients.access import own_patient_view
from ruggensteun.patients.models import Patient


@own_patient_view
def start(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Resume the intake where the patient stopped, or show where it ended."""
    intake = flow.intake_for(patient)
    if flow.has_open_emergency(patient):
        return redirect("intake:advice")
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
    if intake.is_complete or flow.has_open_emergency(patient):
        return redirect("intake:start")
    language = request.user.language
    earlier = dict(intake.answers)
    if request.method == "POST":
        form = IntakeScreenForm(request.POST, screen=current, language=language, earlier=earlier)
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
        )
    return render(
        request,
        "intake/screen.html",
        {
            "screen": current,
            "form": form,
            "step": flow.position(current),
            "steps": len(flow.screens()),
            "previous": flow.previous_screen(current),
            "language": language,
        },
    )


@own_patient_view
def advice(request: HttpRequest, patient: Patient) -> HttpResponse:
    """What to do now, in large clear words, when a red flag fired during the intake."""
    intake = flow.intake_for(patient)
    latest = TriageAssessment.objects.latest_for(patient)
    if latest is None or not latest.rule_ids:
        return redirect("intake:start")
    rules = [rule for rule in latest.details["rules"] if rule["urgency"] in flow.ADVICE_URGENCIES]
    flow.mark_advice_shown(intake, [rule["id"] for rule in rules])
    return render(
        request,
        "intake/advice.html",
        {
            "assessment": latest,
            "advice": load_texts().advice[latest.urgency].patient,
            "rules": rules,
            "emergency": latest.urgency == "emergency",
            "can_continue": not intake.is_complete and not flow.has_open_emergency(patient),
            "language": request.user.language,
        },
    )


@own_patient_view
def done(request: HttpRequest, patient: Patient) -> HttpResponse:
    intake = flow.intake_for(patient)
    if not intake.is_complete:
        return redirect("intake:start")
    latest = TriageAssessment.objects.latest_for(patient)
    return render(
        request,
        "intake/done.html",
        {
            "assessment": latest,
            "advice": load_texts().advice[latest.urgency].patient if latest else None,
            "language": request.user.language,
        },
    )
