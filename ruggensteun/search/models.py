"""The search index: one row per passage of the content (an education module's summary or
section, an exercise page, a part of the flare-up plan), per language. Built from the
content files by ``search.index.refresh`` (at migrate and by ``manage.py search_index``)."""

from django.db import models
from django.utils.translation import pgettext_lazy


class Passage(models.Model):
    class Kind(models.TextChoices):
        MODULE = "module", pgettext_lazy("search result kind", "Uitleg")
        EXERCISE = "exercise", pgettext_lazy("search result kind", "Oefening")
        FLAREUP = "flareup", pgettext_lazy("search result kind", "Opstootplan")

    language = models.CharField(max_length=2)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    page = models.CharField(max_length=80)  # "module:sleep", "exercise:bridge", "flareup"
    anchor = models.CharField(max_length=80, blank=True)  # the section's id on the page
    title = models.CharField(max_length=200)  # the page's title
    heading = models.CharField(max_length=200, blank=True)
    body = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["language", "page"], name="search_passage_lang_page")]

    def __str__(self) -> str:
        return f"{self.page} {self.language}: {self.heading or self.title}"


class IndexState(models.Model):
    """One row: the fingerprint of the content the index was built from."""

    fingerprint = models.CharField(max_length=64)
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.fingerprint
