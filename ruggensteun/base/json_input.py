"""Reading the JSON input of the database-free commands (`score`, `triage`, `plan`)."""

import json
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError


def reject_constant(name: str) -> Any:
    """For json.loads: NaN and Infinity are not JSON numbers, so refuse them."""
    raise ValueError(f"{name} is not a number JSON allows")


def read_text(path: str, stdin: Any) -> str:
    """The text of ``path``, or of standard input for "-"; a short CommandError otherwise."""
    try:
        if path == "-":
            return str(stdin.read())
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"cannot read {path}: not UTF-8 text") from None


def load_json(
    path: str, stdin: Any, *, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any]
) -> Any:
    """Parse the input, refusing what is not JSON with a one-line CommandError."""
    try:
        return json.loads(
            read_text(path, stdin),
            object_pairs_hook=object_pairs_hook,
            parse_constant=reject_constant,
        )
    except ValueError as error:
        raise CommandError(f"input is not valid JSON: {error}") from None
