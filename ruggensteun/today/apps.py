from django.apps import AppConfig


class TodayConfig(AppConfig):
    name = "ruggensteun.today"
    verbose_name = "Today and exercising along"
