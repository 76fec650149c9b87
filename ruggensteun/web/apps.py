from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ruggensteun.web"
    verbose_name = "Web"
