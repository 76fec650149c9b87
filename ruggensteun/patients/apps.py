from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "ruggensteun.patients"
    verbose_name = "Patients"
