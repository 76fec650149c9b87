from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _refresh_index(sender, using: str = "default", **kwargs) -> None:
    from ruggensteun.search.index import refresh

    refresh(using=using)


class SearchConfig(AppConfig):
    name = "ruggensteun.search"
    verbose_name = "Answers in the patient's own words (full-text search)"

    def ready(self) -> None:
        # The content is data in the repository: every migrate brings the index up to date.
        post_migrate.connect(_refresh_index, sender=self, dispatch_uid="search-index")
