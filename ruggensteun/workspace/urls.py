from django.urls import path

from ruggensteun.workspace.views import dashboard, exports, sessions, videos

app_name = "workspace"

PATIENT = "praktijk/patienten/<int:patient_id>"

urlpatterns = [
    # The therapist's record of the episode.
    path(f"{PATIENT}/sessies/", sessions.overview, name="sessions"),
    path(f"{PATIENT}/sessies/nieuw/", sessions.new_note, name="note_new"),
    path(f"{PATIENT}/sessies/<int:note_id>/", sessions.edit_note, name="note_edit"),
    path(f"{PATIENT}/afsluiten/", sessions.discharge, name="discharge"),
    path(f"{PATIENT}/afsluiten/heropenen/", sessions.reopen, name="reopen"),
    # Exercise videos.
    path(f"{PATIENT}/videos/nieuw/", videos.upload, name="video_upload"),
    path(f"{PATIENT}/videos/<int:video_id>/", videos.staff_video, name="video"),
    path(f"{PATIENT}/videos/<int:video_id>/verwijderen/", videos.delete, name="video_delete"),
    path("mijn/videos/<int:video_id>/", videos.own_video, name="my_video"),
    # The practice.
    path("praktijk/uitkomsten/", exports.export_page, name="exports"),
    path("praktijk/uitkomsten/download/", exports.download, name="export_download"),
    path("praktijk/uitkomsten/export/<str:token>/", exports.made, name="export_made"),
    path("praktijk/uitkomsten/export/<str:token>/bestand/", exports.made_file, name="export_file"),
    path("praktijk/beheer/cijfers/", dashboard.dashboard, name="dashboard"),
]
