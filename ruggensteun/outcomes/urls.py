from django.urls import path

from ruggensteun.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("praktijk/patienten/<int:patient_id>/zoals/", views.similar, name="similar"),
    path("praktijk/beheer/herstel/", views.recovery, name="recovery"),
    path("praktijk/beheer/vergelijken/", views.sharing, name="sharing"),
]
