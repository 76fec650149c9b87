"""The therapist's side: the patient's check-ins, the pain diary (read-only) with its
changes, and turning the diary on or off."""

from collections import Counter
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggensteun.audit.log import Action, record_request
from ruggensteun.audit.models import AuditEvent
from ruggensteun.diary import bodymap, display
from ruggensteun.diary.forms import PainDiarySwitchForm
from ruggensteun.diary.models import CheckIn, DiaryEntry, PainDiary
from ruggensteun.patients.access import patient_view
from ruggensteun.patients.models import Patient

PAGE_SIZE = 50
OVERVIEW_DAYS = 28
CHANGE_VIEWS = ("diary:entry_edit", "diary:entry_delete")


@patient_view
def patient_checkins(request: HttpRequest, patient: Patient) -> HttpResponse:
    page = Paginator(
        CheckIn.objects.submitted().filter(patient=patient).newest_first(), PAGE_SIZE
    ).get_page(request.GET.get("pagina"))
    return render(
        request,
        "diary/therapist/checkins.html",
        {"patient": patient, "page": page},
    )


@patient_view
def patient_diary(request: HttpRequest, patient: Patient) -> HttpResponse:
    switch = PainDiary.objects.filter(patient=patient).select_related("changed_by").first()
    entries = DiaryEntry.objects.of(patient).newest_first()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    since = timezone.now() - timedelta(days=OVERVIEW_DAYS)
    recent = list(entries.filter(felt_at__gte=since).values_list("pain", "regions"))
    counts: Counter[str] = Counter(code for _pain, regions in recent for code in regions)
    # The views' own entries (with what changed); not the access log line of each POST.
    changes = AuditEvent.objects.filter(
        patient=patient,
        what__in=CHANGE_VIEWS,
        action__in=(Action.UPDATE, Action.DELETE),
        detail__has_key="diary_entry",
    ).order_by("-at", "-id")[:PAGE_SIZE]
    return render(
        request,
        "diary/therapist/diary.html",
        {
            "patient": patient,
            "switch": switch,
            "page": page,
            "recent_count": len(recent),
            "recent_pain": round(sum(pain for pain, _r in recent) / len(recent), 1)
            if recent
            else None,
            "overview_days": OVERVIEW_DAYS,
            "figures": [
                (
                    name,
                    bodymap.figure(
                        side,
                        label=_("%(side)s: hoe vaak elke plek is aangewezen") % {"side": name},
                        counts=counts,
                    ),
                )
                for side, name in bodymap.SIDES
            ],
            "top_regions": [
                (str(bodymap.REGIONS_BY_CODE[code].label), count)
                for code, count in counts.most_common(5)
                if code in bodymap.REGIONS_BY_CODE
            ],
            "changes": [
                {
                    "event": event,
                    "changed": display.change_lines(event.detail),
                    "deleted": display.deleted_lines(event.detail),
                }
                for event in changes
            ],
        },
    )


@patient_view
def diary_switch(request: HttpRequest, patient: Patient) -> HttpResponse:
    switch = PainDiary.objects.filter(patient=patient).first()
    initial = {"is_on": "1" if switch is not None and switch.is_on else "0"}
    data = request.POST if request.method == "POST" else None
    form = PainDiarySwitchForm(data, initial=initial)
    if form.is_bound and form.is_valid():
        is_on = form.cleaned_data["is_on"]
        PainDiary.objects.update_or_create(
            patient=patient,
            defaults={
                "is_on": is_on,
                "note": form.cleaned_data["note"],
                "changed_at": timezone.now(),
                "changed_by": request.user,
            },
        )
        record_request(
            request, Action.UPDATE, patient=patient, detail={"pain_diary": "on" if is_on else "off"}
        )
        if is_on:
            messages.success(request, _("Het pijndagboek staat aan voor deze patiënt."))
        else:
            messages.success(request, _("Het pijndagboek staat uit voor deze patiënt."))
        return redirect("diary:patient_diary", patient_id=patient.pk)
    return render(
        request, "diary/therapist/switch.html", {"patient": patient, "form": form, "switch": switch}
    )
