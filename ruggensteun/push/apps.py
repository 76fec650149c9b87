from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "ruggensteun.push"
    verbose_name = "Push notifications (Web Push) and their settings"
