"""``manage.py score FILE``: score FHIR QuestionnaireResponses without touching the database.

Prints one JSON object for a single QuestionnaireResponse, or a JSON array (in entry order)
for a Bundle; a response that cannot be scored appears with an "error" instead of "scores".
Exits non-zero only when the input cannot be read or is not FHIR JSON at all.
"""

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ruggensteun.clinical.instruments.fhir import FhirInputError, score_fhir


class Command(BaseCommand):
    help = (
        "Score a FHIR R4 QuestionnaireResponse or a Bundle of them (JSON). "
        "Use - to read from standard input."
    )
    # Scoring is pure computation: no system checks, no migrations, no queries.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON file, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        resource = self._load(options["file"], options.get("stdin") or sys.stdin)
        try:
            result = score_fhir(resource)
        except FhirInputError as error:
            raise CommandError(f"not a FHIR QuestionnaireResponse or Bundle: {error}") from None
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _load(self, name: str, stdin: TextIO) -> object:
        try:
            raw = stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot read {name}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{name} is not JSON (not UTF-8 text)") from None
        try:
            return json.loads(raw)
        except json.JSONDecodeError as error:
            where = "standard input" if name == "-" else name
            raise CommandError(
                f"{where} is not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
            ) from None
