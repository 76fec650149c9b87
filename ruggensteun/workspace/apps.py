from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "ruggensteun.workspace"
    verbose_name = "Therapist workspace"
