from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ruggensteun.reports"
    verbose_name = "Handouts and reports (PDF)"
