"""Building the passage index from the content data (education modules, exercise pages,
the flare-up plan). The content is data in the repository, so the index is rebuilt whenever
its fingerprint changes: after every ``migrate`` (post_migrate, see apps.py) and by
``manage.py search_index`` (which the demo and CI may call; it is cheap when nothing changed).
"""

import hashlib
import json
from collections.abc import Iterator

from django.db import connections, transaction

from ruggensteun.clinical.programme.education import load_flareup_plan, load_modules
from ruggensteun.clinical.programme.exercises import load_exercises
from ruggensteun.search.models import IndexState, Passage
from ruggensteun.search.text import LANGUAGES, stems


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def passages() -> Iterator[Passage]:
    """Every passage of the content, unsaved, in a stable order."""
    for language in LANGUAGES:
        for module in load_modules():
            title = module.title.get(language)
            page = f"module:{module.id}"
            yield Passage(
                language=language,
                kind=Passage.Kind.MODULE,
                page=page,
                title=title,
                body=module.summary.get(language),
            )
            for section in module.sections:
                yield Passage(
                    language=language,
                    kind=Passage.Kind.MODULE,
                    page=page,
                    title=title,
                    heading=section.heading.get(language) if section.heading else "",
                    body=_join(
                        *(p.get(language) for p in section.paragraphs),
                        *(b.get(language) for b in section.bullets),
                    ),
                )
        for exercise in load_exercises():
            yield Passage(
                language=language,
                kind=Passage.Kind.EXERCISE,
                page=f"exercise:{exercise.id}",
                title=exercise.name.get(language),
                body=_join(
                    exercise.purpose.get(language),
                    exercise.feel.get(language),
                    exercise.starting_position.get(language),
                    *(s.get(language) for s in exercise.steps),
                    *(c.get(language) for c in exercise.cautions),
                ),
            )
        plan = load_flareup_plan()
        yield Passage(
            language=language,
            kind=Passage.Kind.FLAREUP,
            page="flareup",
            title=plan.title.get(language),
            body=plan.intro.get(language),
        )
        for step in plan.steps:
            yield Passage(
                language=language,
                kind=Passage.Kind.FLAREUP,
                page="flareup",
                anchor=f"step-{step.id}",
                title=plan.title.get(language),
                heading=step.heading.get(language),
                body=_join(
                    *(p.get(language) for p in step.paragraphs),
                    *(b.get(language) for b in step.bullets),
                ),
            )


def _fingerprint(rows: list[Passage]) -> str:
    data = [(p.language, p.page, p.anchor, p.title, p.heading, p.body) for p in rows]
    # The stemmer's output is stored on SQLite: a change there must rebuild too.
    data.append(stems("rugpijn benen tillen sleeping", "nl"))
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def refresh(*, force: bool = False, using: str = "default") -> bool:
    """Rebuild the index when the content changed (or ``force``); True when rebuilt."""
    rows = list(passages())
    fingerprint = _fingerprint(rows)
    state = IndexState.objects.using(using).first()
    if not force and state is not None and state.fingerprint == fingerprint:
        return False
    with transaction.atomic(using=using):
        Passage.objects.using(using).all().delete()
        Passage.objects.using(using).bulk_create(rows)
        if connections[using].vendor == "sqlite":
            _fill_fts(using)
        IndexState.objects.using(using).all().delete()
        IndexState.objects.using(using).create(fingerprint=fingerprint)
    return True


def _fill_fts(using: str) -> None:
    saved = Passage.objects.using(using).values_list("id", "language", "title", "heading", "body")
    with connections[using].cursor() as cursor:
        cursor.execute("DELETE FROM search_passage_fts")
        cursor.executemany(
            "INSERT INTO search_passage_fts (rowid, title, heading, body, language) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (
                    pk,
                    " ".join(stems(title, language)),
                    " ".join(stems(heading, language)),
                    " ".join(stems(body, language)),
                    language,
                )
                for pk, language, title, heading, body in saved
            ],
        )
