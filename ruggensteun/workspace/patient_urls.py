"""The therapist's patient pages under /praktijk/: the caseload, the patient page, inviting.
They keep the URL names they always had (``patients:caseload``, ``patients:detail``, ...);
the views are the workspace's (caseload and patient page, which read every app) and the
patients app's (invitations)."""

from django.urls import path

from ruggensteun.patients import views as invitations
from ruggensteun.workspace.views import patients as views

app_name = "patients"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("patienten/uitnodigen/", invitations.invite, name="invite"),
    path("patienten/<int:patient_id>/", views.detail, name="detail"),
    path("patienten/<int:patient_id>/tijdlijn/", views.older_events, name="timeline"),
    path(
        "patienten/<int:patient_id>/uitnodiging/",
        invitations.resend_invitation,
        name="resend_invitation",
    ),
]
