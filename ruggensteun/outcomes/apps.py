"""Patients like this one: outcomes of similar closed episodes."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "ruggensteun.outcomes"
    verbose_name = "Patients like this one: outcomes of similar closed episodes"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from ruggensteun.outcomes.receivers import discharge_saved, patient_deleted
        from ruggensteun.patients.models import Patient
        from ruggensteun.workspace.models import Discharge

        post_save.connect(discharge_saved, sender=Discharge, dispatch_uid="outcomes-discharge")
        post_delete.connect(patient_deleted, sender=Patient, dispatch_uid="outcomes-patient")
