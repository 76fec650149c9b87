from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.audit.log import Action, record_request
from ruggensteun.base.redirects import safe_next_url
from ruggensteun.clinical.triage.texts import load_texts
from ruggensteun.intake import notify
from ruggensteun.intake.forms import (
    DEFAULT_PATIENT_MESSAGES,
    ClassificationDecisionForm,
    HandleAlertForm,
)
from ruggensteun.intake.models import ClassificationDecision, RedFlagAlert, TriageAssessment
from ruggensteun.intake.status import BLOCKING_URGENCIES, changed_proposal, safety_state
from ruggensteun.patients.access import patient_view
from ruggensteun.patients.models import Patient


@patient_view
def triage_summary(request: HttpRequest, patient: Patient) -> HttpResponse:
    latest = TriageAssessment.objects.latest_for(patient)
    decisions = patient.classification_decisions.select_related("decided_by", "assessment")
    current = decisions.first()
    form = None
    if latest is not None:
        proposal = latest.summary
        initial = {
            name: (getattr(current, name) if current else None) or proposal.get(name)
            for name in ("duration_class", "pain_type", "pathway")
        }
        form = ClassificationDecisionForm(request.POST or None, proposal=proposal, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            ClassificationDecision.objects.create(
                patient=patient,
                assessment=latest,
                decided_by=request.user,
                duration_class=data["duration_class"],
                pain_type=data["pain_type"],
                pathway=data["pathway"],
                reason=data["reason"].strip(),
            )
            record_request(request, Action.UPDATE, patient=patient, what="classification decision")
            messages.success(request, _("De classificatie en het zorgpad zijn vastgelegd."))
            return redirect("intake:triage", patient_id=patient.pk)
    return render(
        request,
        "intake/triage_summary.html",
        {
            "patient": patient,
            "assessment": latest,
            "history": patient.triage_assessments.all()[:20],
            "open_alerts": patient.red_flag_alerts.open()
            .by_urgency()
            .select_related("assessment", "patient__user"),
            "handled_alerts": patient.red_flag_alerts.filter(handled_at__isnull=False)
            .select_related("handled_by")
            .order_by("-handled_at"),
            "decisions": decisions,
            "current": current,
            "form": form,
            "texts": load_texts(),
            "changed": changed_proposal(patient),
        },
    )


@patient_view
@require_POST
def handle_alert(request: HttpRequest, patient: Patient, alert_id: int) -> HttpResponse:
    """Record what was done about a red flag, and what the patient is told.

    When this was the last open flag that held the patient (safety_state clears), the
    patient gets the therapist's message, or the default for what was done; then an e-mail
    that there is a message (nothing more in it)."""
    back = safe_next_url(request, reverse("intake:triage", args=[patient.pk]))
    alert = get_object_or_404(RedFlagAlert.objects.all(), pk=alert_id, patient=patient)
    if alert.handled_at is not None:
        messages.info(request, _("Deze rode vlag was al afgehandeld."))
        return redirect(back)
    form = HandleAlertForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    message = data["patient_message"].strip()
    with transaction.atomic():
        # Only an open alert is handled: of two colleagues at once, the second finds it done.
        handled = (
            RedFlagAlert.objects.open()
            .filter(pk=alert.pk)
            .update(
                action=data["action"],
                reason=data["reason"].strip(),
                handled_at=timezone.now(),
                handled_by=request.user,
            )
        )
        if not handled:
            messages.info(request, _("Deze rode vlag was al afgehandeld."))
            return redirect(back)
        cleared = alert.urgency in BLOCKING_URGENCIES and not safety_state(patient).on_hold
        if not message and cleared:
            with translation.override(patient.user.language):
                message = str(DEFAULT_PATIENT_MESSAGES[data["action"]])
        if message:
            RedFlagAlert.objects.filter(pk=alert.pk).update(patient_message=message)
            notify.patient_message_left(patient)
        record_request(
            request,
            Action.UPDATE,
            patient=patient,
            what=f"red flag {alert.rule_id} handled",
            detail={"action": data["action"], "patient_message": bool(message)},
        )
    messages.success(request, _("Vastgelegd wat er met deze rode vlag is gedaan."))
    if message:
        messages.info(request, _("De patiënt krijgt uw bericht en een e-mail daarover."))
    return redirect(back)
