"""``manage.py score``: a thin, database-free wrapper over score_fhir.

These tests carry no django_db mark, so pytest-django fails any of them that touches the
database.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ruggensteun.clinical.instruments.fhir import questionnaire_response_resource

REPO = Path(__file__).resolve().parents[2]


def nprs_response(value: int) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "https://example.org/fhir/Questionnaire/nprs",
        "status": "completed",
        "item": [{"linkId": "1", "answer": [{"valueInteger": value}]}],
    }


def run_score(text: str, name: str = "-") -> Any:
    out = io.StringIO()
    call_command("score", name, stdin=io.StringIO(text), stdout=out)
    return json.loads(out.getvalue())


def test_single_response_prints_one_json_object() -> None:
    assert run_score(json.dumps(nprs_response(6))) == {"instrument": "nprs", "scores": {"score": 6}}


def test_bundle_prints_a_json_array_in_entry_order() -> None:
    startback = questionnaire_response_resource(
        "startback", {str(n): v for n, v in enumerate([1, 1, 1, 1, 0, 0, 0, 0, 0], 1)}, "nl"
    )
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": nprs_response(2)},
            {"resource": startback},
            {"resource": nprs_response(12)},
        ],
    }
    results = run_score(json.dumps(bundle))
    assert [result["instrument"] for result in results] == ["nprs", "startback", "nprs"]
    assert results[1]["scores"] == {"total": 4, "psychosocial": 0, "risk": "medium"}
    assert "outside 0-10" in results[2]["error"]


def test_reads_a_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "response.json"
    path.write_text(json.dumps(nprs_response(3)), encoding="utf-8")
    assert run_score("", name=str(path)) == {"instrument": "nprs", "scores": {"score": 3}}


def test_response_that_cannot_be_scored_is_still_printed() -> None:
    response = nprs_response(3)
    response["questionnaire"] = "https://example.org/fhir/Questionnaire/unknown"
    assert run_score(json.dumps(response)) == {
        "instrument": "unknown",
        "error": "unknown instrument 'unknown'",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("this is not json", "standard input is not JSON"),
        ('{"resourceType": "Patient"}', "got 'Patient'"),
        ("[1, 2]", "not a FHIR QuestionnaireResponse or Bundle"),
        ('{"item": []}', "resourceType is missing"),
    ],
)
def test_input_that_is_not_fhir_json_raises_command_error(text: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run_score(text)


def test_missing_file_raises_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run_score("", name=str(tmp_path / "absent.json"))


def manage_score(stdin: str) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()  # with the test key that tests/settings.py set
    return subprocess.run(
        [sys.executable, "manage.py", "score", "-"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
        check=False,
    )


def test_manage_py_score_exits_0_and_prints_json() -> None:
    result = manage_score(json.dumps(nprs_response(9)))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"instrument": "nprs", "scores": {"score": 9}}


def test_manage_py_score_exits_non_zero_with_a_short_message_and_no_traceback() -> None:
    result = manage_score("<QuestionnaireResponse/>")
    assert result.returncode != 0
    assert result.stdout == ""
    assert "not JSON" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
