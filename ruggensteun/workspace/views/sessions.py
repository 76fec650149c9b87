"""Session notes and the discharge, on the therapist's sessions page of a patient."""

import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from ruggensteun.audit.log import Action, record_request
from ruggensteun.diary.checkins import parse_key
from ruggensteun.patients.access import patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.workspace.casefile import case_file
from ruggensteun.workspace.discharge import close_episode
from ruggensteun.workspace.episodes import episode_start
from ruggensteun.workspace.forms import DischargeForm, ReopenForm, SessionNoteForm
from ruggensteun.workspace.models import Discharge, SessionNote


@patient_view
def overview(request: HttpRequest, patient: Patient) -> HttpResponse:
    return render(request, "workspace/sessions.html", {"file": case_file(patient)})


@patient_view
def new_note(request: HttpRequest, patient: Patient) -> HttpResponse:
    """A new note. The form carries a one-time key: sent twice (a double click, two saves
    at once), it stores one note (issue #11, finding 12)."""
    note = SessionNote(patient=patient, written_by=request.user)
    key = parse_key(request.POST.get("submission_key")) or uuid.uuid4()
    if request.method == "POST":
        if SessionNote.objects.for_patient(patient).filter(submission_key=key).exists():
            return _note_saved(request, patient)  # sent before: the first one counted
        note.submission_key = key
    initial = {"kind": SessionNote.objects.next_kind_for(patient), "held_on": localdate()}
    form = SessionNoteForm(request.POST or None, instance=note, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:  # the same form, saved twice at the same moment
            return _note_saved(request, patient)
        record_request(request, Action.CREATE, patient=patient, detail={"session_note": note.pk})
        return _note_saved(request, patient)
    context = {"patient": patient, "form": form, "key": key}
    return render(request, "workspace/note_form.html", context)


def _note_saved(request: HttpRequest, patient: Patient) -> HttpResponse:
    messages.success(request, _("Het sessieverslag is opgeslagen."))
    return redirect("workspace:sessions", patient_id=patient.pk)


@patient_view
def edit_note(request: HttpRequest, patient: Patient, note_id: int) -> HttpResponse:
    note = get_object_or_404(SessionNote.objects.for_patient(patient), pk=note_id)
    if request.method != "POST":
        form = SessionNoteForm(instance=note)
    else:
        # Checked on a copy: ``revise`` compares the note as stored with the new values.
        form = SessionNoteForm(request.POST, instance=SessionNote(patient=patient))
    if form.is_bound and form.is_valid():
        changed = note.revise(form.changes(), by=request.user)
        if changed:
            record_request(
                request,
                Action.UPDATE,
                patient=patient,
                detail={"session_note": note.pk, "changed": changed},
            )
            messages.success(request, _("Het sessieverslag is bijgewerkt."))
        return redirect("workspace:sessions", patient_id=patient.pk)
    context = {"patient": patient, "form": form, "note": note}
    return render(request, "workspace/note_form.html", context)


@patient_view
def discharge(request: HttpRequest, patient: Patient) -> HttpResponse:
    current = Discharge.objects.current_for(patient)
    form = DischargeForm(request.POST or None, starts_on=episode_start(patient))
    if request.method == "POST" and current is None and form.is_valid():
        done = close_episode(patient, by=request.user, **form.cleaned_data)
        if done is not None:
            record_request(request, Action.UPDATE, patient=patient, detail={"discharge": done.pk})
            messages.success(request, _("De behandeling is afgesloten."))
        return redirect("workspace:sessions", patient_id=patient.pk)
    context = {"patient": patient, "form": form, "current": current}
    return render(request, "workspace/discharge.html", context)


@patient_view
def reopen(request: HttpRequest, patient: Patient) -> HttpResponse:
    current = Discharge.objects.current_for(patient)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and current is not None and form.is_valid():
        if current.reopen(by=request.user, reason=form.cleaned_data["reason"]):
            record_request(
                request, Action.UPDATE, patient=patient, detail={"reopened_discharge": current.pk}
            )
            messages.success(request, _("De behandeling is heropend."))
        return redirect("workspace:sessions", patient_id=patient.pk)
    return render(
        request, "workspace/reopen.html", {"patient": patient, "form": form, "current": current}
    )
