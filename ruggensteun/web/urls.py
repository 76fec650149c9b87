from django.urls import path

from ruggensteun.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("mijn/", views.patient_home, name="patient_home"),
    path("gezond/", views.health, name="health"),
    path("praktijk/beheer/", views.practice, name="practice"),
]
