from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "ruggensteun.intake"
    verbose_name = "Intake and triage"
