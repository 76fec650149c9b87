from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ruggensteun.audit"
    verbose_name = "Audit log"
