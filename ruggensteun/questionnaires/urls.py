from django.urls import path

from ruggensteun.questionnaires.views import admin, patient, staff

app_name = "questionnaires"

urlpatterns = [
    # The patient's own questionnaires.
    path("mijn/vragenlijsten/", patient.my_questionnaires, name="mine"),
    path("mijn/vragenlijsten/<int:assignment_id>/", patient.start, name="start"),
    path("mijn/vragenlijsten/<int:assignment_id>/uitleg/", patient.intro, name="intro"),
    path("mijn/vragenlijsten/<int:assignment_id>/vraag/<int:number>/", patient.step, name="step"),
    path("mijn/vragenlijsten/<int:assignment_id>/overzicht/", patient.review, name="review"),
    path("mijn/vragenlijsten/<int:assignment_id>/klaar/", patient.done, name="done"),
    # Practice staff.
    path("praktijk/vragenlijsten/", staff.overview, name="overview"),
    path("praktijk/vragenlijsten/instrumenten/", staff.instruments, name="instruments"),
    path(
        "praktijk/vragenlijsten/instrumenten/<slug:code>/fhir/",
        staff.questionnaire,
        name="questionnaire_fhir",
    ),
    path(
        "praktijk/vragenlijsten/antwoorden/<int:response_id>/",
        staff.response_detail,
        name="response",
    ),
    path(
        "praktijk/vragenlijsten/toewijzingen/<int:assignment_id>/intrekken/",
        staff.withdraw,
        name="withdraw",
    ),
    path("praktijk/vragenlijsten/instellingen/", admin.practice_settings, name="practice_settings"),
    path("praktijk/patienten/<int:patient_id>/vragenlijsten/", staff.scores, name="scores"),
    path(
        "praktijk/patienten/<int:patient_id>/vragenlijsten/toewijzen/",
        staff.assign,
        name="assign",
    ),
    path(
        "praktijk/patienten/<int:patient_id>/vragenlijsten/fhir/",
        staff.export_fhir,
        name="export_fhir",
    ),
]
