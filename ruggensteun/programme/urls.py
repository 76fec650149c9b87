from django.urls import path

from ruggensteun.programme.views import admin, fear, library, patient, plans

app_name = "programme"

PATIENT = "praktijk/patienten/<int:patient_id>/programma/"

urlpatterns = [
    path("praktijk/oefeningen/", library.library, name="library"),
    path("praktijk/oefeningen/<slug:exercise_id>/", library.exercise_detail, name="exercise"),
    path("praktijk/programma/instellingen/", admin.programme_settings, name="settings"),
    path(PATIENT, plans.overview, name="overview"),
    path(f"{PATIENT}starten/", plans.start, name="start"),
    path(f"{PATIENT}goedkeuren-per-week/", plans.approve_each_week, name="approve_each_week"),
    path(f"{PATIENT}status/", plans.change_status, name="status"),
    path(f"{PATIENT}weken/<int:plan_id>/goedkeuren/", plans.approve, name="approve"),
    path(f"{PATIENT}doelen/", plans.adopt_goal, name="adopt_goal"),
    path(f"{PATIENT}doelen/verwijderen/", plans.remove_goal, name="remove_goal"),
    path(f"{PATIENT}weken/<int:plan_id>/wandelen/", plans.change_walking, name="change_walking"),
    path(
        f"{PATIENT}weken/<int:plan_id>/oefeningen/<slug:exercise_id>/",
        plans.change_exercise,
        name="change_exercise",
    ),
    path(f"{PATIENT}angstscores/vragen/", fear.ask_fear_ratings, name="ask_fear_ratings"),
    path("mijn/programma/angst-voor-bewegen/", patient.fear_ratings, name="fear_ratings"),
    path("mijn/programma/voorkeuren/", patient.preferences, name="preferences"),
]
