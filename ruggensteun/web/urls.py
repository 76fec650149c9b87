from django.urls import path

from ruggensteun.web import pwa, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("mijn/", views.patient_home, name="patient_home"),
    path("gezond/", views.health, name="health"),
    path("praktijk/beheer/", views.practice, name="practice"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
]
