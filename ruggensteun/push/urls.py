from django.urls import path

from ruggensteun.push import views

app_name = "push"

urlpatterns = [
    path("mijn/push/aanmelden/", views.subscribe, name="subscribe"),
    path("mijn/push/afmelden/", views.unsubscribe, name="unsubscribe"),
]
