"""The admin's audit log pages. They live in accounts (the practice's admin pages); their
URL names keep the ``audit`` namespace they have always had (``audit:log``, ``audit:export``)."""

from django.urls import path

from ruggensteun.accounts import audit_log as views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export/", views.export_csv, name="export"),
]
