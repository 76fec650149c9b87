"""The search benchmark (issue #16): how often the page that should answer a lay question
comes first, and within the top 3, per language, on the database in DATABASE_URL.

    DEBUG=true DATABASE_URL=sqlite:///var/search-bench.sqlite3 .venv/bin/python benchmarks/search.py
    createdb -h 127.0.0.1 -U postgres rs_search_bench
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/rs_search_bench \
        .venv/bin/python benchmarks/search.py

It migrates that database first (use a database of its own) and brings the search index up
to date. ``--no-synonyms`` measures without the lay-word synonyms; ``--missed`` lists the
questions whose page was not in the top 3. See benchmarks/README.md, section "Search".
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruggensteun.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-synonyms", action="store_true")
    parser.add_argument("--missed", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ruggensteun.search import text
    from ruggensteun.search.benchmark import load_questions, measure
    from ruggensteun.search.index import refresh

    call_command("migrate", verbosity=0, skip_checks=True)
    refresh()
    if args.no_synonyms:
        text.synonyms = lambda: ()  # type: ignore[assignment]
    results = measure(load_questions())
    print(f"database: {connection.vendor}; synonyms: {'off' if args.no_synonyms else 'on'}")
    for language, row in sorted(results.items(), key=lambda item: item[0] != "nl"):
        print(
            f"{language}: {row['count']} questions, first {row['first_share']:.0%} "
            f"({row['first']}), top 3 {row['top3_share']:.0%} ({row['top3']})"
        )
        if args.missed:
            for miss in row["missed"]:
                print(f"   missed: {miss['q']!r} expected {miss['expect']}, got {miss['got']}")


if __name__ == "__main__":
    main()
