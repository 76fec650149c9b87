from django.urls import path

from ruggensteun.reports import views

app_name = "reports"

PATIENT = "praktijk/patienten/<int:patient_id>/documenten/"

urlpatterns = [
    path(PATIENT, views.documents, name="documents"),
    path(f"{PATIENT}<slug:name>.pdf", views.document, name="pdf"),
    path("mijn/oefenfolder.pdf", views.my_handout, name="my_handout"),
]
