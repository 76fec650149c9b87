from django.urls import path

from ruggensteun.accounts import audit_log as views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export/", views.export_csv, name="export"),
]
