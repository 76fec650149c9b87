from django.urls import path

from ruggensteun.search import views

app_name = "search"

urlpatterns = [
    path("mijn/zoeken/", views.search, name="search"),
]
