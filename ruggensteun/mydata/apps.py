from django.apps import AppConfig


class MydataConfig(AppConfig):
    name = "ruggensteun.mydata"
    verbose_name = "Progress, reminders and own data"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ruggensteun.mydata.middleware import on_login

        user_logged_in.connect(on_login, dispatch_uid="mydata.privacy_consent")
