from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "ruggensteun.messaging"
    verbose_name = "Secure messages between a patient and the practice"
