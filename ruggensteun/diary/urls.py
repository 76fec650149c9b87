from django.urls import path

from ruggensteun.diary.views import checkin, diary, therapist

app_name = "diary"

PATIENT = "praktijk/patienten/<int:patient_id>/"

urlpatterns = [
    path("mijn/check-in/", checkin.checkin, name="checkin"),
    path("mijn/check-in/<int:checkin_id>/", checkin.checkin_done, name="checkin_done"),
    path("mijn/pijndagboek/", diary.diary, name="diary"),
    path("mijn/pijndagboek/nieuw/", diary.entry_new, name="entry_new"),
    path("mijn/pijndagboek/<int:entry_id>/", diary.entry_edit, name="entry_edit"),
    path("mijn/pijndagboek/<int:entry_id>/verwijderen/", diary.entry_delete, name="entry_delete"),
    path(f"{PATIENT}check-ins/", therapist.patient_checkins, name="patient_checkins"),
    path(f"{PATIENT}pijndagboek/", therapist.patient_diary, name="patient_diary"),
    path(f"{PATIENT}pijndagboek/instellen/", therapist.diary_switch, name="diary_switch"),
]
