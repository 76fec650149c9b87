"""Pages without a login: the stop link of the reminder e-mails, and the calendar feed.
Each is opened by the secret in its address, and by nothing else."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ruggensteun.audit.log import Action, record
from ruggensteun.mydata.calendar import feed
from ruggensteun.mydata.models import ReminderSettings
from ruggensteun.mydata.reminders import patient_for_stop_token


@login_not_required
@csrf_exempt  # the signed token is the credential; mail apps post here without a form
@require_http_methods(["GET", "HEAD", "POST"])
def stop_reminders(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links, and must not stop anything); POST stops, from
    the button on the page or from a mail app's one-click unsubscribe (RFC 8058)."""
    patient = patient_for_stop_token(token)
    if patient is None or not patient.user.is_active:
        return render(request, "mydata/stop_invalid.html", status=404)
    if request.method == "POST":
        ReminderSettings.objects.for_patient(patient).stop()
        record(None, Action.UPDATE, "mydata: reminders stopped by e-mail link", patient=patient)
    # In the patient's language, like the e-mail the link came from (issue #12).
    language = patient.user.language
    with translation.override(language):
        template = "mydata/stop_done.html" if request.method == "POST" else "mydata/stop.html"
        response = render(request, template, {"patient": patient})
    response.headers["Content-Language"] = language
    return response


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    reminders = ReminderSettings.objects.with_calendar_token(token)
    if reminders is None or not reminders.patient.user.is_active:
        raise Http404
    patient = reminders.patient
    today = timezone.localdate()
    if reminders.note_calendar_fetch(today):
        # Calendar apps fetch many times a day: the first fetch of a day is logged.
        record(None, Action.VIEW, "mydata: calendar feed", patient=patient)
    response = HttpResponse(feed(patient, today), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ruggensteun.ics"'
    response["Cache-Control"] = "private, max-age=3600"
    return response
