from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "ruggensteun.intake"
    verbose_name = "Intake and triage"

    def ready(self) -> None:
        from ruggensteun.intake.receivers import retriage_after_questionnaire
        from ruggensteun.questionnaires.signals import response_submitted

        response_submitted.connect(retriage_after_questionnaire, dispatch_uid="intake-retriage")
