from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "ruggensteun.intake"
    verbose_name = "Intake and triage"

    def ready(self) -> None:
        from ruggensteun.audit.words import register_phrase
        from ruggensteun.intake.receivers import intake_completed, retriage_after_questionnaire
        from ruggensteun.intake.status import patients_in_lockdown, safety_state
        from ruggensteun.intake.wording import AUDIT_RED_FLAG_HANDLED, audit_red_flag_handled
        from ruggensteun.patients.access import set_safety_state
        from ruggensteun.questionnaires.reminders import pause_reminders_for
        from ruggensteun.questionnaires.schedule import set_intake_completed
        from ruggensteun.questionnaires.signals import response_submitted

        response_submitted.connect(retriage_after_questionnaire, dispatch_uid="intake-retriage")
        # The audit log names the rule of a handled alert in intake's words.
        register_phrase(AUDIT_RED_FLAG_HANDLED, audit_red_flag_handled)
        # Questionnaires sit below intake: they learn week 0 of the schedule and who is in
        # a red-flag lockdown (no reminders, triage.md §2) from here.
        set_intake_completed(intake_completed)
        pause_reminders_for(patients_in_lockdown)
        # Patients sit below intake too: their pages close in a red-flag lockdown by it.
        set_safety_state(safety_state)
