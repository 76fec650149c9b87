from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ruggensteun.accounts"
    verbose_name = "Accounts"
