from django.apps import AppConfig


class MydataConfig(AppConfig):
    name = "ruggensteun.mydata"
    verbose_name = "Progress, reminders and own data"
