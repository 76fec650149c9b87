from django.urls import path

from ruggensteun.messaging import views

app_name = "messaging"

urlpatterns = [
    path("mijn/berichten/", views.patient_thread, name="thread"),
    path("mijn/veiligheidsvragen/", views.safety_check, name="safety_check"),
    path(
        "praktijk/patienten/<int:patient_id>/berichten/",
        views.staff_thread,
        name="staff_thread",
    ),
    path("praktijk/berichten/instellingen/", views.practice_settings, name="settings"),
]
