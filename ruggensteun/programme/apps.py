from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "ruggensteun.programme"
    verbose_name = "Self-management programme"
