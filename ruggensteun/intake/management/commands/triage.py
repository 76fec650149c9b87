"""``manage.py triage FILE``: triage intake cases from JSON, without the database.

A case is an object of intake fields (triage.md §1) by name, optionally with "startback"
(9 items), "tsk17" (17 raw answers) and "fabq" (16 answers). The input is one case or an
array of cases; the output is one result or an array in the same order. A case that does
not fit gives {"error": "..."} naming the field, and the other cases still run.

Besides the questions (among them "pregnant", revision 2), a case may carry the records
NO_RECOVERY reads: "nprs_weekly", the weekly pain scores since the programme started
(oldest first; none given means none yet), and "gpe_improved", true when a GPE since the
programme started said "much improved" or better (none given means no such GPE).

A case with a "checkin" object is a weekly check-in: "checkin" holds the short red-flag set
(among them "new_trauma", a fall or accident since the last check-in, and
"both_legs_symptoms"), and may hold "nprs_weekly" and "gpe_improved"; the other keys are
the stored intake. "new_trauma" and "both_legs_symptoms" belong only in "checkin".

Lists in each result keep stable orders: rules in the order of the rule table (triage.md
§2), unanswered fields in the order of the field table (§1), yellow flags in the order of
§4.
"""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ruggensteun.base.json_input import load_json
from ruggensteun.clinical.triage import TriageInputError, triage, triage_checkin

QUESTIONNAIRES = ("startback", "tsk17", "fabq")
CHECKIN = "checkin"


class _Case(dict[str, Any]):
    """A JSON object that remembers keys given twice (json keeps only the last one)."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Case:
    case = _Case(pairs)
    seen: set[str] = set()
    duplicates = []
    for key, _ in pairs:
        if key in seen:
            duplicates.append(key)
        seen.add(key)
    case.duplicates = tuple(duplicates)
    return case


def _not_an_object() -> dict[str, object]:
    raise TriageInputError(CHECKIN, "must be a JSON object of check-in answers")


def triage_case(case: object) -> dict[str, object]:
    """The result summary of one case, or {"error": ...} naming the field."""
    if not isinstance(case, dict):
        return {"error": "a case must be a JSON object of intake fields"}
    duplicates = getattr(case, "duplicates", ())
    if duplicates:
        # Two answers to one question: we cannot tell which holds, so refuse the case.
        return {"error": f"{duplicates[0]}: given more than once"}
    answers = {key: value for key, value in case.items() if key not in (*QUESTIONNAIRES, CHECKIN)}
    checkin = case.get(CHECKIN)
    duplicates = getattr(checkin, "duplicates", ())
    if duplicates:
        return {"error": f"{CHECKIN}.{duplicates[0]}: given more than once"}
    try:
        if CHECKIN in case:
            result = triage_checkin(
                checkin if isinstance(checkin, dict) else _not_an_object(),
                answers,
                startback=case.get("startback"),
                tsk17=case.get("tsk17"),
                fabq=case.get("fabq"),
            )
        else:
            result = triage(
                answers,
                startback=case.get("startback"),
                tsk17=case.get("tsk17"),
                fabq=case.get("fabq"),
            )
    except TriageInputError as error:
        return {"error": str(error)}
    return result.to_dict()


class Command(BaseCommand):
    help = "Triage intake cases from a JSON file (or - for standard input); no database is used."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="a JSON file with one case or an array of cases; - reads stdin"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = load_json(
            options["file"], options.get("stdin") or sys.stdin, object_pairs_hook=_object
        )
        if isinstance(data, list):
            output: object = [triage_case(case) for case in data]
        elif isinstance(data, dict):
            output = triage_case(data)
        else:
            raise CommandError("input must be one case (a JSON object) or an array of cases")
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
