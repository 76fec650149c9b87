from django.apps import AppConfig


class SignoffConfig(AppConfig):
    name = "ruggensteun.signoff"
    verbose_name = "Clinical sign-off"
