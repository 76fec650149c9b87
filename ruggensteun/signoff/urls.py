from django.urls import path

from ruggensteun.signoff import views

app_name = "signoff"

urlpatterns = [
    path("praktijk/klinische-teksten/", views.overview, name="overview"),
    path("praktijk/klinische-teksten/<slug:slug>/", views.review, name="review"),
    path("praktijk/klinische-teksten/<slug:slug>/goedkeuren/", views.sign, name="sign"),
    path(
        "praktijk/klinische-teksten/vragenlijst/<slug:code>/inlezen/",
        views.import_text,
        name="import",
    ),
]
