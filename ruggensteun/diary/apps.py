from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "ruggensteun.diary"
    verbose_name = "Check-ins and pain diary"
