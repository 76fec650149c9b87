from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "ruggensteun.programme"
    verbose_name = "Self-management programme"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from ruggensteun.intake.models import TriageAssessment
        from ruggensteun.programme.fear_requests import ask_when_fear_is_raised

        # programme.md §6: a newly raised fear flag asks the patient for the fear ratings.
        post_save.connect(
            ask_when_fear_is_raised, sender=TriageAssessment, dispatch_uid="programme-fear-ask"
        )
