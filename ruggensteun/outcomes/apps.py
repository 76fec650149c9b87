from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "ruggensteun.outcomes"
    verbose_name = "Patients like this one: outcomes of similar closed episodes"
