from django.urls import path

from ruggensteun.today.views import exercise, flareup, home, learn

app_name = "today"

urlpatterns = [
    path("mijn/vandaag/afvinken/", home.tick, name="tick"),
    path("mijn/vandaag/wandeling/", home.own_walk, name="own_walk"),
    path("mijn/vandaag/gestart-gelezen/", home.start_notice_read, name="start_notice_read"),
    path("mijn/oefeningen/<slug:exercise_id>/", exercise.exercise, name="exercise"),
    path("mijn/oefeningen/<slug:exercise_id>/hoe-ging-het/", exercise.feedback, name="feedback"),
    path("mijn/oefeningen/nog-last/<int:feedback_id>/", exercise.next_day, name="next_day"),
    path("mijn/opstootplan/", flareup.flare_up_plan, name="flare_up_plan"),
    path("mijn/leren/", learn.learn, name="learn"),
    path("mijn/leren/<slug:module_id>/", learn.module, name="module"),
    path("mijn/leren/<slug:module_id>/gelezen/", learn.module_read, name="module_read"),
]
