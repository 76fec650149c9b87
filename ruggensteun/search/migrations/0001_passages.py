"""The passage index, with each database's own full-text machinery beside it:
PostgreSQL: GIN indexes on to_tsvector('dutch'/'english', ...) per language (partial);
SQLite: an FTS5 virtual table holding the passages' stemmed words (search.index fills it).
On the other database each step is a no-op."""

from django.db import migrations, models

TEXT = "coalesce(title, '') || ' ' || coalesce(heading, '') || ' ' || coalesce(body, '')"
CONFIGS = {"nl": "dutch", "en": "english"}


def create_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for language, config in CONFIGS.items():
            schema_editor.execute(
                f"CREATE INDEX search_passage_fts_{language} ON search_passage "
                f"USING GIN (to_tsvector('{config}'::regconfig, {TEXT})) "
                f"WHERE language = '{language}'"
            )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_passage_fts USING fts5("
            "title, heading, body, language UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
        )


def drop_fulltext(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for language in CONFIGS:
            schema_editor.execute(f"DROP INDEX IF EXISTS search_passage_fts_{language}")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_passage_fts")


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Passage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=2)),
                ("kind", models.CharField(choices=[("module", "Uitleg"), ("exercise", "Oefening"), ("flareup", "Opstootplan")], max_length=10)),
                ("page", models.CharField(max_length=80)),
                ("anchor", models.CharField(blank=True, max_length=80)),
                ("title", models.CharField(max_length=200)),
                ("heading", models.CharField(blank=True, max_length=200)),
                ("body", models.TextField()),
            ],
            options={"indexes": [models.Index(fields=["language", "page"], name="search_passage_lang_page")]},
        ),
        migrations.CreateModel(
            name="IndexState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("fingerprint", models.CharField(max_length=64)),
                ("built_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(create_fulltext, drop_fulltext, elidable=False),
    ]
