from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "ruggensteun.intake"
    verbose_name = "Intake and triage"

    def ready(self) -> None:
        from ruggensteun.audit.words import register_phrase
        from ruggensteun.intake.receivers import retriage_after_questionnaire
        from ruggensteun.intake.wording import AUDIT_RED_FLAG_HANDLED, audit_red_flag_handled
        from ruggensteun.questionnaires.signals import response_submitted

        response_submitted.connect(retriage_after_questionnaire, dispatch_uid="intake-retriage")
        # The audit log names the rule of a handled alert in intake's words.
        register_phrase(AUDIT_RED_FLAG_HANDLED, audit_red_flag_handled)
