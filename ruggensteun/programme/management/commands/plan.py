"""``manage.py plan FILE``: propose next week's self-management plan, without the database.

Input (a file, or - for standard input)::

    {"profile": {"duration_class": "acute", "pain_type": "nonspecific",
                 "pathway": "exercise", "nprs": 6, "preferences": ["strength"],
                 "fear_ratings": {"lifting_crate": 70}, "disliked_exercises": [],
                 "tags": ["sick_leave"], "pregnancy_week": null,
                 "extension_eases_pain": null},
     "history": [{"plan": <a plan this command printed>,
                  "checkins": [{"day": 1, "walking_minutes": 20, "exercise_sessions": 1,
                                "pain": 5, "flare": false, "exposure_done": true}]}],
     "settings": {"first_week_minutes": 20}}

``tags`` may hold ``pregnant`` (then ``pregnancy_week``, the week of pregnancy in the
week planned, may be given; unknown counts as after week 16) and ``stenosis`` (the triage
rule STENOSIS fired); ``extension_eases_pain: true`` lets the engine offer the extension
exercises (programme.md §2 revision 2). ``history`` is oldest first and may be empty;
``settings`` (optional) overrides the practice's design numbers. The output is the plan
as JSON (``plan_to_dict``); it can be given back as the ``plan`` of the next history week.
Invalid input exits non-zero with a message naming the field.

Many patients in one process (the start-up, about 0.6 s, is paid once; issue #15):

- a JSON array of such objects gives a JSON array of plans, in the same order;
- JSON lines (one object a line; ``--lines`` reads them as they come, so the command can
  be fed from a pipe) give one plan a line, in the same order.

In both, an input that is refused gives ``{"error": "<field>: <message>", "index": n}``
in its place (n counts from 0) and the others are still planned; the command then exits
non-zero, naming how many were refused.
"""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ruggensteun.base.json_input import load_json, read_text, reject_constant
from ruggensteun.clinical.programme.engine import PlanInputError, propose_week
from ruggensteun.clinical.programme.plan_io import (
    history_from_list,
    plan_to_dict,
    profile_from_dict,
)
from ruggensteun.clinical.programme.settings import DEFAULTS, settings_from_dict

TOP_LEVEL = ("profile", "history", "settings")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            # Two values for one field: we cannot tell which holds, so refuse.
            raise ValueError(f"the key {key!r} is given twice in one object")
        result[key] = value
    return result


def plan_from_request(data: object, language: str = "nl") -> dict[str, Any]:
    """The next week's plan (JSON form) for one request; PlanInputError names the field."""
    if not isinstance(data, dict):
        raise PlanInputError("", "the input must be a JSON object with profile and history")
    unknown = [key for key in data if key not in TOP_LEVEL]
    if unknown:
        raise PlanInputError(unknown[0], "unknown field (expected profile, history, settings)")
    if "profile" not in data:
        raise PlanInputError("profile", "missing")
    profile = profile_from_dict(data["profile"])
    history = history_from_list(data.get("history", []))
    settings = settings_from_dict(data["settings"]) if "settings" in data else DEFAULTS
    plan = propose_week(profile, history, settings, "en" if language == "en" else "nl")
    return plan_to_dict(plan)


class Command(BaseCommand):
    help = (
        "Propose next week's self-management plan from a profile and the history (JSON). "
        "Use - to read from standard input. No database is used."
    )
    # Planning is pure computation: no system checks, no migrations, no queries.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON file with profile and history; - reads stdin")
        parser.add_argument(
            "--language",
            choices=("nl", "en"),
            default="nl",
            help="language of the reasons in the plan (default nl)",
        )

        parser.add_argument(
            "--lines",
            action="store_true",
            help="read JSON lines as they come and write one plan a line",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = options.get("stdin") or sys.stdin
        language = options["language"]
        if options["lines"]:
            if options["file"] == "-":
                self._lines(stdin, language)
            else:
                self._lines(read_text(options["file"], stdin).splitlines(), language)
            return
        text = read_text(options["file"], stdin)
        try:
            data = load_json("-", _Text(text), object_pairs_hook=_no_duplicates)
        except CommandError:
            if len([line for line in text.splitlines() if line.strip()]) < 2:
                raise
            self._lines(text.splitlines(), language)
            return
        if data == []:
            raise CommandError(
                "the input must be a JSON object with profile and history, "
                "or an array of them (this array is empty)"
            )
        if isinstance(data, list):
            results = [_one(item, index, language) for index, item in enumerate(data)]
            self.stdout.write(json.dumps(results, ensure_ascii=False))
            _refused(sum(1 for result in results if "error" in result), len(results))
            return
        try:
            plan = plan_from_request(data, language)
        except PlanInputError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(plan, ensure_ascii=False, indent=2))

    def _lines(self, lines: Any, language: str) -> None:
        index = refused = 0
        for line in lines:
            if not line.strip():
                continue
            try:
                data = json.loads(
                    line, object_pairs_hook=_no_duplicates, parse_constant=reject_constant
                )
            except ValueError as error:
                result: dict[str, Any] = {
                    "error": f"input is not valid JSON: {error}",
                    "index": index,
                }
            else:
                result = _one(data, index, language)
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            self.stdout.flush()
            refused += "error" in result
            index += 1
        _refused(refused, index)


class _Text:
    """Text already read, for load_json's reader."""

    def __init__(self, text: str) -> None:
        self.text = text

    def read(self) -> str:
        return self.text


def _one(data: object, index: int, language: str) -> dict[str, Any]:
    """The plan for one input of many, or its error in its place."""
    try:
        return plan_from_request(data, language)
    except PlanInputError as error:
        return {"error": str(error), "index": index}


def _refused(refused: int, total: int) -> None:
    if refused:
        raise CommandError(f"{refused} of {total} inputs were refused (see their errors)")
