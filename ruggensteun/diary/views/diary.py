"""The patient's pain diary: only when the therapist turned it on (404 otherwise).

Every change is in the audit log with what changed, so the therapist can follow it.
"""

import uuid
from itertools import groupby

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggensteun.audit.log import Action, record_request
from ruggensteun.audit.models import AuditEvent
from ruggensteun.diary import bodymap
from ruggensteun.diary.checkins import parse_key
from ruggensteun.diary.forms import DiaryEntryForm
from ruggensteun.diary.models import DiaryEntry, PainDiary
from ruggensteun.patients.access import own_patient_view
from ruggensteun.patients.models import Patient

PAGE_SIZE = 30
DELETE_VIEW = "diary:entry_delete"


def _require_diary(patient: Patient) -> None:
    if not PainDiary.objects.is_on_for(patient):
        raise Http404


def _entry(patient: Patient, entry_id: int) -> DiaryEntry | None:
    return DiaryEntry.objects.of(patient).filter(pk=entry_id).first()


def _was_deleted(patient: Patient, entry_id: int) -> bool:
    """Whether the patient deleted this entry before (a resent delete is no error)."""
    return AuditEvent.objects.filter(
        patient=patient, action=Action.DELETE, what=DELETE_VIEW, detail__diary_entry=entry_id
    ).exists()


@own_patient_view
def diary(request: HttpRequest, patient: Patient) -> HttpResponse:
    _require_diary(patient)
    page = Paginator(DiaryEntry.objects.of(patient).newest_first(), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    days = [
        (day, list(entries))
        for day, entries in groupby(page, key=lambda entry: timezone.localdate(entry.felt_at))
    ]
    return render(request, "diary/diary.html", {"page": page, "days": days})


def _form_page(
    request: HttpRequest, form: DiaryEntryForm, key: uuid.UUID, entry: DiaryEntry | None
) -> HttpResponse:
    return render(
        request,
        "diary/entry_form.html",
        {
            "form": form,
            "key": key,
            "entry": entry,
            "figures": [(name, bodymap.figure(side)) for side, name in bodymap.SIDES],
        },
    )


@own_patient_view
def entry_new(request: HttpRequest, patient: Patient) -> HttpResponse:
    _require_diary(patient)
    if request.method != "POST":
        return _form_page(
            request, DiaryEntryForm(instance=DiaryEntry(patient=patient)), uuid.uuid4(), None
        )
    key = parse_key(request.POST.get("submission_key")) or uuid.uuid4()
    if DiaryEntry.objects.of(patient).filter(submission_key=key).exists():
        messages.success(request, _("Uw meting is bewaard."))
        return redirect("diary:diary")
    form = DiaryEntryForm(request.POST, instance=DiaryEntry(patient=patient))
    if not form.is_valid():
        return _form_page(request, form, key, None)
    entry = DiaryEntry(patient=patient, submission_key=key, **form.changes())
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # the same form, sent twice at the same moment
        messages.success(request, _("Uw meting is bewaard."))
        return redirect("diary:diary")
    record_request(request, Action.CREATE, patient=patient, detail={"diary_entry": entry.pk})
    messages.success(request, _("Uw meting is bewaard."))
    return redirect("diary:diary")


@own_patient_view
def entry_edit(request: HttpRequest, patient: Patient, entry_id: int) -> HttpResponse:
    _require_diary(patient)
    entry = _entry(patient, entry_id)
    if entry is None:
        raise Http404
    key = parse_key(request.POST.get("submission_key")) or uuid.uuid4()
    if request.method != "POST":
        return _form_page(request, DiaryEntryForm(instance=entry), key, entry)
    # Checked on a copy: ``revise`` compares the entry as stored with the new values.
    form = DiaryEntryForm(request.POST, instance=DiaryEntry(patient=patient))
    if not form.is_valid():
        return _form_page(request, form, key, entry)
    changed = entry.revise(form.changes())
    if changed:
        record_request(
            request,
            Action.UPDATE,
            patient=patient,
            detail={"diary_entry": entry.pk, "changed": changed},
        )
    messages.success(request, _("Uw meting is bijgewerkt."))
    return redirect("diary:diary")


@own_patient_view
def entry_delete(request: HttpRequest, patient: Patient, entry_id: int) -> HttpResponse:
    _require_diary(patient)
    entry = _entry(patient, entry_id)
    if entry is None:
        if request.method == "POST" and _was_deleted(patient, entry_id):
            messages.success(request, _("De meting is verwijderd."))
            return redirect("diary:diary")
        raise Http404
    if request.method == "POST":
        content = entry.content()
        entry.delete()
        record_request(
            request,
            Action.DELETE,
            patient=patient,
            detail={"diary_entry": entry_id, "deleted": content},
        )
        messages.success(request, _("De meting is verwijderd."))
        return redirect("diary:diary")
    return render(
        request,
        "diary/entry_delete.html",
        {"entry": entry, "regions": bodymap.labels(entry.regions), "key": uuid.uuid4()},
    )
