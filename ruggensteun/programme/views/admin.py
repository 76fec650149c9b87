"""The practice admin's page for the programme's design numbers [D] (programme.md §4-§6)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggensteun.accounts.roles import admin_practice, admin_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.clinical.programme.settings import DEFAULTS
from ruggensteun.programme.forms import ProgrammeSettingsForm
from ruggensteun.programme.labels import CATEGORY_NAMES
from ruggensteun.programme.models import PracticeProgrammeSettings


@admin_required
def programme_settings(request: HttpRequest) -> HttpResponse:
    practice = admin_practice(request.user)
    current = PracticeProgrammeSettings.values_for(practice)
    form = ProgrammeSettingsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        PracticeProgrammeSettings.objects.update_or_create(
            practice=practice,
            defaults={
                "values": form.values,
                "updated_by": request.user,
                "updated_at": timezone.now(),
            },
        )
        record_request(
            request,
            Action.UPDATE,
            practice=practice,
            what="programme settings",
            detail={"values": form.values},
        )
        messages.success(request, _("De instellingen van het programma zijn opgeslagen."))
        return redirect("programme:settings")
    fill_orders = [
        (_("Acuut"), DEFAULTS.fill_order_acute),
        (_("Subacuut"), DEFAULTS.fill_order_subacute),
        (_("Chronisch"), DEFAULTS.fill_order_chronic),
        (_("Acuut met veel pijn"), DEFAULTS.fill_order_high_pain),
    ]
    return render(
        request,
        "programme/settings.html",
        {
            "form": form,
            "practice": practice,
            "changed": current,
            "fill_orders": [
                (label, [CATEGORY_NAMES[c] for c in order]) for label, order in fill_orders
            ],
        },
    )
