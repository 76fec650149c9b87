from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "ruggensteun.questionnaires"
    verbose_name = "Questionnaires"
