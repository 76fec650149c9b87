from django.urls import path

from ruggensteun.intake.views import patient, therapist

app_name = "intake"

urlpatterns = [
    path("mijn/intake/", patient.start, name="start"),
    path("mijn/intake/advies/", patient.advice, name="advice"),
    path("mijn/intake/advies/gebeld/", patient.acted, name="acted"),
    path("mijn/intake/bericht-gelezen/", patient.message_read, name="message_read"),
    path("mijn/intake/klaar/", patient.done, name="done"),
    path("mijn/intake/<slug:screen_id>/", patient.screen, name="screen"),
    path("praktijk/patienten/<int:patient_id>/triage/", therapist.triage_summary, name="triage"),
    path(
        "praktijk/patienten/<int:patient_id>/rode-vlaggen/<int:alert_id>/",
        therapist.handle_alert,
        name="handle_alert",
    ),
]
