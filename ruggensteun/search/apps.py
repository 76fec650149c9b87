from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ruggensteun.search"
    verbose_name = "Answers in the patient's own words (full-text search)"
