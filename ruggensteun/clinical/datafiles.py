"""Loading content kept as data files (questionnaires, exercises, education).

Every data file is JSON checked against a JSON Schema when it is loaded, so a broken
file stops the program at start-up instead of showing a patient half a questionnaire.
Texts that a patient or therapist reads are objects with one key per language:
``{"nl": "...", "en": "..."}``.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

LANGUAGES = ("nl", "en")


class DataFileError(ValueError):
    """A content file is missing, is not JSON, or does not match its schema."""


@cache
def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise DataFileError(f"{path}: file not found") from None
    except json.JSONDecodeError as error:
        raise DataFileError(f"{path}: not valid JSON ({error})") from None


def load_validated(path: Path, schema_path: Path) -> Any:
    """Return the parsed content of ``path`` after checking it against ``schema_path``.

    Raises DataFileError naming the file and the first place where it breaks the schema.
    """
    data = _read_json(path)
    schema = _read_json(schema_path)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(part) for part in first.absolute_path) or "(top)"
        raise DataFileError(f"{path}: {where}: {first.message}")
    return data


def text(value: dict[str, str], language: str) -> str:
    """The text of a bilingual value in ``language``, falling back to Dutch."""
    return value.get(language) or value["nl"]
