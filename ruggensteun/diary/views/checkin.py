"""The patient's weekly check-in: one screen, then the advice or a thank-you."""

import uuid

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ruggensteun.audit.log import Action, record_request
from ruggensteun.diary import checkins, weekfill
from ruggensteun.diary.forms import CheckInForm
from ruggensteun.diary.models import CheckIn
from ruggensteun.intake.advice import advice_card
from ruggensteun.patients.access import own_patient_view, safety_of
from ruggensteun.patients.models import Patient

# Sent with the result page when it shows red-flag advice, so the browser's outbox opens
# it at once after sending a check-in that waited for the connection.
ADVICE_HEADER = "X-Ruggensteun-Advice"


@own_patient_view
def checkin(request: HttpRequest, patient: Patient) -> HttpResponse:
    today = timezone.localdate()
    language = request.user.language
    if request.method == "POST":
        key = checkins.parse_key(request.POST.get("submission_key"))
        # Read once for the period and for triage (issue #15).
        programme = checkins.running_programme(patient)
        period = checkins.period_shown(
            patient,
            request.POST.get("period_start"),
            request.POST.get("period_end"),
            today,
            programme=programme,
        )
        if period is None:
            stored = checkins.submitted_with_key(patient, key) if key is not None else None
            if stored is not None:  # sent before: show what was stored, store nothing
                return redirect("diary:checkin_done", stored.pk)
            return _not_yet(request, patient)
        key = key or uuid.uuid4()
        # The row and the week's days are read once, under the patient's lock, for the
        # form's checks and for writing (issue #15); triage follows the transaction.
        stored = None
        with transaction.atomic():
            days = weekfill.locked_slots(patient, period.start, period.end)
            row = checkins.row_for(patient, key, period)
            if row is not None and row.is_submitted:
                sent_before = row
            else:
                sent_before = None
                form = CheckInForm(request.POST, period=period, days=days, language=language)
                if form.is_valid():
                    stored = checkins.store(patient, row, key, period, form.values(), days)
        if sent_before is not None:  # sent before: show what was stored, store nothing
            return redirect("diary:checkin_done", sent_before.pk)
        if stored is not None:
            checkins.triage(stored, programme=programme)
            record_request(request, Action.CREATE, patient=patient, detail={"checkin": stored.pk})
            return redirect("diary:checkin_done", stored.pk)
        key = checkins.save_draft(patient, key, period, form.values(valid_only=True))
    else:
        period = checkins.period_for(patient, today)
        if period is None:
            return _not_yet(request, patient)
        days = weekfill.slots(patient, period.start, period.end)
        draft = checkins.draft_for(patient, period)
        key = draft.submission_key if draft is not None else uuid.uuid4()
        initial = CheckInForm.initial_from(draft) if draft is not None else None
        form = CheckInForm(initial=initial, period=period, days=days, language=language)
    earlier = (
        CheckIn.objects.submitted()
        .filter(patient=patient, period_start=period.start)
        .newest_first()
        .first()
    )
    return render(
        request,
        "diary/checkin.html",
        {
            "form": form,
            "period": period,
            "today": today,
            "key": key,
            "earlier": earlier,
            "due": checkins.is_due(patient, today),
        },
    )


def _not_yet(request: HttpRequest, patient: Patient) -> HttpResponse:
    """During the programme's first week no week has ended yet to ask about."""
    return render(
        request, "diary/checkin_not_yet.html", {"first_on": checkins.first_checkin_on(patient)}
    )


@own_patient_view
def checkin_done(request: HttpRequest, patient: Patient, checkin_id: int) -> HttpResponse:
    stored = get_object_or_404(
        CheckIn.objects.submitted().filter(patient=patient).select_related("assessment"),
        pk=checkin_id,
    )
    checkins.ensure_triaged(stored)
    advice = checkins.advice_for(stored)
    # The advice of the flags this check-in raised, as long as a therapist has not handled
    # them (then it no longer tells the patient to see the GP); in a lockdown always.
    state = safety_of(request, patient)
    card = advice_card(patient, state) if advice is not None or state.lockdown else None
    response = render(
        request,
        "diary/checkin_done.html",
        {
            "checkin": stored,
            "advice": advice,
            "card": card,
            "practice": patient.practice,
            "language": request.user.language,
        },
    )
    if card is not None and advice is not None:
        response[ADVICE_HEADER] = card.urgency
    return response
