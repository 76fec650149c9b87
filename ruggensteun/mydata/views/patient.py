"""The patient's own pages: progress, reminders and calendar, own data and deletion."""

from django.conf import settings as django_settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggensteun.accounts.reauth import ask_to_confirm, authenticated_within
from ruggensteun.audit.log import Action
from ruggensteun.mydata.deletion import KEPT, REMOVED
from ruggensteun.mydata.export import (
    download_name,
    export_zip,
    order_own_export,
    own_export_in_task,
)
from ruggensteun.mydata.forms import DeletionRequestForm, ReminderForm
from ruggensteun.mydata.models import DeletionRequest, ReminderSettings
from ruggensteun.mydata.progress import patient_progress
from ruggensteun.patients.access import get_own_patient_or_404, own_patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.push.forms import PushPreferencesForm
from ruggensteun.push.notify import is_configured as push_is_configured

# An export or a deletion request asks for the password again after this long.
RECENT_AUTH_MINUTES = 10


@own_patient_view
def progress(request: HttpRequest, patient: Patient) -> HttpResponse:
    context = {"progress": patient_progress(patient, request.LANGUAGE_CODE)}
    return render(request, "mydata/progress.html", context)


REMINDER_ACTIONS = (
    "opslaan",
    "pauzeren",
    "hervatten",
    "stoppen",
    "agenda-nieuw",
    "agenda-uit",
    "push-opslaan",
)


@own_patient_view
def reminders(request: HttpRequest, patient: Patient) -> HttpResponse:
    """E-mail reminders (choose, pause, stop) and the calendar address, one form each."""
    settings = ReminderSettings.objects.for_patient(patient)
    today = timezone.localdate()
    form = ReminderForm(instance=settings)
    push_form = PushPreferencesForm.for_user(request.user)
    if request.method == "POST":
        action = request.POST.get("actie", "")
        if action == "push-opslaan":
            push_form = PushPreferencesForm.for_user(request.user, request.POST)
            if push_form.is_valid():
                push_form.save()
                messages.success(request, _("Uw keuze is bewaard."))
                return redirect(reverse("mydata:reminders") + "#push")
        elif action == "opslaan":
            form = ReminderForm(
                request.POST, instance=ReminderSettings.objects.for_patient(patient)
            )
            if form.is_valid():
                data = form.cleaned_data
                settings.choose(
                    programme_email=data["programme_email"],
                    questionnaire_email=data["questionnaire_email"],
                    send_at=data["send_at"],
                )
                messages.success(request, _("Uw keuze is bewaard."))
                return redirect("mydata:reminders")
        elif action == "pauzeren":
            settings.pause(today)
            messages.success(request, _("De e-mails zijn een week gepauzeerd."))
            return redirect("mydata:reminders")
        elif action == "hervatten":
            settings.resume()
            messages.success(request, _("U krijgt de e-mails weer."))
            return redirect("mydata:reminders")
        elif action == "stoppen":
            settings.stop()
            messages.success(request, _("U krijgt geen herinneringen meer per e-mail."))
            return redirect("mydata:reminders")
        elif action == "agenda-nieuw":
            settings.new_calendar_address()
            messages.success(request, _("Uw agenda-adres is klaar. Voeg het toe aan uw agenda."))
            return redirect(reverse("mydata:reminders") + "#agenda")
        elif action == "agenda-uit":
            settings.revoke_calendar()
            messages.success(request, _("Het agenda-adres werkt niet meer."))
            return redirect(reverse("mydata:reminders") + "#agenda")
        else:
            messages.error(request, _("Dat ging niet goed. Probeer het nog een keer."))
            return redirect("mydata:reminders")
    calendar_url = ""
    if settings.has_calendar:
        calendar_url = request.build_absolute_uri(
            reverse("mydata:calendar_feed", args=[settings.calendar_token])
        )
    context = {
        "form": form,
        "push_form": push_form,
        "push_configured": push_is_configured(),
        "vapid_public_key": django_settings.VAPID_PUBLIC_KEY,
        "settings": settings,
        "paused": settings.is_paused(today),
        "calendar_url": calendar_url,
        "webcal_url": calendar_url.replace("https://", "webcal://").replace("http://", "webcal://"),
    }
    return render(request, "mydata/reminders.html", context)


@own_patient_view
def own_data(request: HttpRequest, patient: Patient) -> HttpResponse:
    context = {
        "patient": patient,
        "requests": list(patient.deletion_requests.all()),
        "consents": list(patient.privacy_consents.all()),
    }
    return render(request, "mydata/own_data.html", context)


def download(request: HttpRequest) -> HttpResponse:
    """The ZIP with everything (POST only: it is logged as an export)."""
    if request.method != "POST":
        return redirect("mydata:own_data")
    if not authenticated_within(request, RECENT_AUTH_MINUTES):
        return ask_to_confirm(request)
    patient = get_own_patient_or_404(request, action=Action.EXPORT)
    if own_export_in_task(patient):  # years of data: made by a task (issue #14)
        return redirect("mydata:own_export", token=order_own_export(patient))
    response = HttpResponse(export_zip(patient), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{download_name(patient)}"'
    response["Cache-Control"] = "no-store"
    return response


def request_deletion(request: HttpRequest) -> HttpResponse:
    """What deleting means, and the request (logged as a deletion)."""
    if request.method == "POST":
        if not authenticated_within(request, RECENT_AUTH_MINUTES):
            return ask_to_confirm(request)
        patient = get_own_patient_or_404(request, action=Action.DELETE)
        form = DeletionRequestForm(request.POST)
        if form.is_valid():
            DeletionRequest.ask(patient, by=request.user, message=form.cleaned_data["message"])
            messages.success(
                request, _("Uw verzoek is verstuurd naar uw praktijk. U hoort wat er gebeurt.")
            )
            return redirect("mydata:own_data")
    else:
        patient = get_own_patient_or_404(request)
        form = DeletionRequestForm()
    context = {
        "patient": patient,
        "form": form,
        "open_request": patient.deletion_requests.open().first(),
        "removed": REMOVED,
        "kept": KEPT,
    }
    return render(request, "mydata/request_deletion.html", context)
