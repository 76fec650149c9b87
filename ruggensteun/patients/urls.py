from django.urls import path

from ruggensteun.patients import views

app_name = "patients"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("patienten/uitnodigen/", views.invite, name="invite"),
    path("patienten/<int:patient_id>/", views.detail, name="detail"),
    path(
        "patienten/<int:patient_id>/uitnodiging/",
        views.resend_invitation,
        name="resend_invitation",
    ),
]
