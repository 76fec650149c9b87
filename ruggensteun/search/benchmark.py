"""Scoring the search against benchmarks/search_questions.json: the share of questions whose
expected page comes first and within the top 3, per language (benchmarks/search.py, and a
test that keeps the Dutch top-3 share at 0.85 or more)."""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruggensteun.search.find import find

QUESTIONS_FILE = Path(__file__).resolve().parents[2] / "benchmarks" / "search_questions.json"


def load_questions(path: Path = QUESTIONS_FILE) -> list[dict[str, str]]:
    return json.loads(path.read_text(encoding="utf-8"))["questions"]


def measure(questions: Iterable[dict[str, str]], *, using: str = "default") -> dict[str, Any]:
    """Per language: count, first, top3 (shares) and the questions missed in the top 3."""
    results: dict[str, Any] = {}
    for question in questions:
        pages = [hit.page for hit in find(question["q"], question["language"], using=using)]
        row = results.setdefault(
            question["language"], {"count": 0, "first": 0, "top3": 0, "missed": []}
        )
        row["count"] += 1
        row["first"] += bool(pages) and pages[0] == question["expect"]
        if question["expect"] in pages[:3]:
            row["top3"] += 1
        else:
            row["missed"].append({**question, "got": pages[:3]})
    for row in results.values():
        row["first_share"] = row["first"] / row["count"]
        row["top3_share"] = row["top3"] / row["count"]
    return results
