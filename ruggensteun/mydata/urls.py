from django.urls import path

from ruggensteun.mydata.views import own_export, patient, privacy, public, staff

app_name = "mydata"

urlpatterns = [
    # The patient's own pages.
    path("mijn/voortgang/", patient.progress, name="progress"),
    path("mijn/herinneringen/", patient.reminders, name="reminders"),
    path("mijn/gegevens/", patient.own_data, name="own_data"),
    path("mijn/gegevens/downloaden/", patient.download, name="download"),
    path("mijn/gegevens/download/<str:token>/", own_export.made, name="own_export"),
    path(
        "mijn/gegevens/download/<str:token>/bestand/", own_export.made_file, name="own_export_file"
    ),
    path("mijn/gegevens/verwijderen/", patient.request_deletion, name="request_deletion"),
    # The privacy statement: for everyone to read; a patient agrees to it.
    path("privacy/", privacy.statement, name="privacy"),
    path("mijn/privacy/akkoord/", privacy.agree_to_statement, name="privacy_agree"),
    path("mijn/privacy/niet-akkoord/", privacy.decline, name="privacy_decline"),
    # Without a login: the address itself is the key.
    path("herinneringen/stoppen/<str:token>/", public.stop_reminders, name="stop_reminders"),
    path("agenda/<str:token>/ruggensteun.ics", public.calendar_feed, name="calendar_feed"),
    # Practice staff.
    path("praktijk/verwijderverzoeken/", staff.deletion_requests, name="deletion_requests"),
    path(
        "praktijk/patienten/<int:patient_id>/verwijderverzoek/",
        staff.handle_deletion,
        name="handle_deletion",
    ),
]
