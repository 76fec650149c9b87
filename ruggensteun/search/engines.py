"""The two full-text engines behind ``search.find``: PostgreSQL's own text search with the
'dutch' and 'english' configurations, and SQLite's FTS5 over passages stemmed by
``search.text``. Each answers the same question: the passages matching any of the
question's words (after synonyms), with a score where higher is better."""

from django.db import connections

from ruggensteun.search.text import query_stems, query_words

CONFIGS = {"nl": "dutch", "en": "english"}
# Must be the very expression of the GIN indexes in migration 0001, so they are used.
TEXT = "coalesce(title, '') || ' ' || coalesce(heading, '') || ' ' || coalesce(body, '')"
# ts_rank weights for D, C, B, A: body (D) counts, headings (B) more, the page title (A) most.
PG_WEIGHTS = "{0.2, 0.2, 0.5, 1.0}"
# bm25 column weights for title, heading, body.
FTS_WEIGHTS = (6.0, 3.0, 1.0)


def matches(question: str, language: str, *, using: str = "default") -> list[tuple[int, float]]:
    """(passage id, score) of every passage that matches, best first."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        return _postgresql(connection, question, language)
    return _sqlite(connection, question, language)


def _postgresql(connection, question: str, language: str) -> list[tuple[int, float]]:
    terms = query_words(question, language)
    if not terms:
        return []
    config = f"'{CONFIGS[language]}'::regconfig"  # from the fixed table above, not input
    sql = f"""
        SELECT id, ts_rank(%s::float4[],
                   setweight(to_tsvector({config}, coalesce(title, '')), 'A') ||
                   setweight(to_tsvector({config}, coalesce(heading, '')), 'B') ||
                   setweight(to_tsvector({config}, coalesce(body, '')), 'D'), q) AS score
        FROM search_passage, to_tsquery({config}, %s) AS q
        WHERE language = %s AND to_tsvector({config}, {TEXT}) @@ q
        ORDER BY score DESC, id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [PG_WEIGHTS, " | ".join(terms), language])
        return [(pk, float(score)) for pk, score in cursor.fetchall()]


def _sqlite(connection, question: str, language: str) -> list[tuple[int, float]]:
    terms = query_stems(question, language)
    if not terms:
        return []
    expression = " OR ".join(f'"{term}"' for term in terms)  # stems are \w only
    title, heading, body = FTS_WEIGHTS
    sql = f"""
        SELECT rowid, -bm25(search_passage_fts, {title}, {heading}, {body}, 0.0) AS score
        FROM search_passage_fts
        WHERE search_passage_fts MATCH %s AND language = %s
        ORDER BY score DESC, rowid
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, language])
        return [(pk, float(score)) for pk, score in cursor.fetchall()]
