from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "ruggensteun.push"
    verbose_name = "Push notifications (Web Push) and their settings"

    def ready(self) -> None:
        from django.utils.translation import gettext as _

        from ruggensteun.audit.words import register_phrase

        # The audit log describes a push subscription in words, not as its code.
        register_phrase(r"^push:subscribe$", lambda m: _("Pushberichten aangezet op een toestel"))
        register_phrase(r"^push:unsubscribe$", lambda m: _("Pushberichten uitgezet op een toestel"))
