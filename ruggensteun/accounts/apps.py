from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ruggensteun.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ruggensteun.accounts.reauth import on_login

        user_logged_in.connect(on_login, dispatch_uid="accounts.reauth.on_login")
