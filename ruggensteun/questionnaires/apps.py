from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "ruggensteun.questionnaires"
    verbose_name = "Questionnaires"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from ruggensteun.patients.models import Patient
        from ruggensteun.questionnaires.schedule import schedule_new_patient

        # A new patient gets the intake questionnaires (and the planned follow-ups) at once.
        post_save.connect(
            schedule_new_patient, sender=Patient, dispatch_uid="questionnaires-schedule"
        )
