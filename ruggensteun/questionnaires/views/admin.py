"""The practice admin's settings: licences for restricted instruments and the schedule."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ruggensteun.accounts.models import Practice
from ruggensteun.accounts.roles import admin_practice, admin_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.clinical.instruments.registry import get_instrument
from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.forms import ScheduleForm
from ruggensteun.questionnaires.models import InstrumentLicence, PracticeSchedule
from ruggensteun.questionnaires.schedule import schedule_practice


@admin_required
def practice_settings(request: HttpRequest) -> HttpResponse:
    practice = admin_practice(request.user)
    schedule = PracticeSchedule.for_practice(practice)
    language = request.LANGUAGE_CODE
    form = ScheduleForm(
        request.POST if request.POST.get("action") == "schedule" else None,
        schedule=schedule,
        language=language,
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "schedule" and form.is_valid():
            schedule.moments = form.moments()
            schedule.fear_instrument = form.cleaned_data["fear_instrument"]
            schedule.updated_by = request.user
            schedule.save()
            record_request(
                request,
                Action.UPDATE,
                practice=practice,
                what="questionnaire schedule",
                detail={"moments": schedule.moments, "fear": schedule.fear_instrument},
            )
            schedule_practice(practice)
            messages.success(request, _("Het schema is opgeslagen."))
            return redirect("questionnaires:practice_settings")
        if action in ("confirm_licence", "withdraw_licence"):
            _licence(request, practice, action, request.POST.get("instrument", ""))
            return redirect("questionnaires:practice_settings")
    licences = {
        licence.instrument: licence
        for licence in InstrumentLicence.objects.filter(practice=practice).select_related(
            "confirmed_by"
        )
    }
    restricted = [
        {
            "definition": get_instrument(code),
            "name": catalog.name(get_instrument(code), language),
            "licence": licences.get(code),
        }
        for code in catalog.LICENCE_RESTRICTED
    ]
    return render(
        request,
        "questionnaires/admin/settings.html",
        {"practice": practice, "form": form, "restricted": restricted},
    )


def _licence(request: HttpRequest, practice: Practice, action: str, code: str) -> None:
    if code not in catalog.LICENCE_RESTRICTED:
        messages.error(request, _("Deze vragenlijst heeft geen licentie nodig."))
        return
    if action == "confirm_licence":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Vink aan dat uw praktijk de licentie heeft."))
            return
        try:
            with transaction.atomic():
                InstrumentLicence.objects.create(
                    practice=practice, instrument=code, confirmed_by=request.user
                )
        except IntegrityError:
            return  # confirmed already (e.g. the form was sent twice)
        messages.success(
            request,
            _("Licentie voor %(name)s bevestigd. Patiënten kunnen deze vragenlijst nu invullen.")
            % {"name": catalog.short_name(code)},
        )
    else:
        deleted, _rows = InstrumentLicence.objects.filter(
            practice=practice, instrument=code
        ).delete()
        if not deleted:
            return
        messages.success(
            request,
            _("%(name)s is niet meer zichtbaar voor patiënten.")
            % {"name": catalog.short_name(code)},
        )
    record_request(
        request,
        Action.UPDATE,
        practice=practice,
        what=f"licence {action}",
        detail={"instrument": code},
    )
    schedule_practice(practice)
