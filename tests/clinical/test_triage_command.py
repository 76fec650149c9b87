"""``manage.py triage``: a thin, database-free wrapper around the triage engine."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
KEYS = [
    "urgency",
    "rules",
    "unanswered",
    "duration_class",
    "pain_type",
    "startback_risk",
    "yellow_flags",
    "pathway",
]


def run(data: object) -> object:
    out = io.StringIO()
    call_command("triage", "-", stdin=io.StringIO(json.dumps(data)), stdout=out)
    return json.loads(out.getvalue())


def run_process(text: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "triage", *(args or ("-",))],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=60,
    )


def test_one_case_gives_one_result_with_exactly_the_documented_keys():
    result = run({"age": 45, "bladder_problems": True})
    assert isinstance(result, dict)
    assert list(result) == KEYS
    assert result["urgency"] == "emergency"
    assert result["rules"] == ["CES"]


def test_an_array_gives_the_results_in_the_same_order():
    results = run([{"fever": True}, {"weight_loss": True}, {"bowel_incontinence": True}])
    assert [result["urgency"] for result in results] == ["urgent", "soon", "emergency"]


def test_a_file_is_read_like_stdin(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"major_trauma": True}), encoding="utf-8")
    out = io.StringIO()
    call_command("triage", str(case), stdout=out)
    assert json.loads(out.getvalue())["rules"] == ["FRACTURE_MAJOR"]


def test_questionnaires_in_a_case_are_scored():
    result = run(
        {
            "duration_weeks": 3,
            "recurrent": False,
            "startback": [0, 0, 0, 0, 1, 0, 0, 0, 0],
            "tsk17": [2] * 17,
            "fabq": [0] * 16,
        }
    )
    assert result["startback_risk"] == "low"
    assert result["yellow_flags"] == ["fear"]
    assert result["duration_class"] == "acute"


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ({"age": -3}, "age"),
        ({"leg_pain": "sometimes"}, "leg_pain"),
        ({"startback": [0] * 8}, "startback"),
        ({"tsk17": [2] * 16}, "tsk17"),
        ({"fabq": "none"}, "fabq"),
        ({"agee": 40}, "agee"),
    ],
)
def test_an_invalid_case_gives_an_error_naming_the_field_and_the_others_still_run(case, field):
    before, error, after = run([{"fever": True}, case, {"weight_loss": True}])
    assert list(error) == ["error"]
    assert error["error"].startswith(field)
    assert before["rules"] == ["INFECTION"]
    assert after["rules"] == ["MALIGNANCY"]


def test_a_case_that_is_not_an_object_gives_an_error_and_the_others_still_run():
    results = run([["fever"], {"fever": True}])
    assert "error" in results[0]
    assert results[1]["urgency"] == "urgent"


def test_an_answer_given_twice_in_one_case_is_an_error_naming_it():
    out = io.StringIO()
    text = '[{"fever": true, "fever": false}, {"fever": true}]'
    call_command("triage", "-", stdin=io.StringIO(text), stdout=out)
    twice, fine = json.loads(out.getvalue())
    assert twice["error"].startswith("fever")
    assert fine["urgency"] == "urgent"


@pytest.mark.parametrize("text", ["not json", '{"fever": tru', "3", '"fever"', '{"age": NaN}'])
def test_input_that_is_not_a_case_or_array_stops_the_command(text):
    with pytest.raises(CommandError):
        call_command("triage", "-", stdin=io.StringIO(text), stdout=io.StringIO())


def test_stdin_is_read_by_the_real_command():
    done = run_process(json.dumps([{"saddle_numbness": True}, {"age": 19, "recurrent": True}]))
    assert done.returncode == 0, done.stderr
    first, second = json.loads(done.stdout)
    assert first["urgency"] == "emergency"
    assert second["rules"] == ["AGE"]


def test_input_that_is_not_json_fails_with_a_short_message_and_no_traceback():
    done = run_process("this is not json")
    assert done.returncode != 0
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "JSON" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_missing_file_fails_with_a_short_message_and_no_traceback(tmp_path):
    done = run_process("", str(tmp_path / "missing.json"))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "missing.json" in done.stderr


def test_the_command_never_touches_the_database(tmp_path):
    # A database URL that cannot be opened: any query or check would fail.
    unreachable = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'db.sqlite3'}"
    done = run_process(json.dumps({"fever": True}), DATABASE_URL=unreachable)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["urgency"] == "urgent"
    assert not (tmp_path / "no").exists()


# --- revision 2 --------------------------------------------------------------------------------


def test_pregnant_and_gpe_improved_are_accepted_in_an_intake_case():
    result = run({"age": 30, "pregnant": True, "gpe_improved": False})
    assert result["rules"] == ["PREGNANCY"]
    assert result["urgency"] == "routine"
    assert list(result) == KEYS


def test_a_case_with_a_checkin_is_triaged_as_a_weekly_check_in():
    case = {"age": 50, "major_trauma": False, "checkin": {"new_trauma": True}}
    result = run(case)
    assert result["rules"] == ["FRACTURE_MAJOR"]
    assert result["urgency"] == "urgent"
    assert "both_legs_symptoms" in result["unanswered"]
    assert list(result) == KEYS


def test_weekly_scores_and_gpe_in_a_checkin_feed_no_recovery():
    intake = {"age": 35, "duration_weeks": 3, "nprs": 6}
    scores = {"nprs_weekly": [6, 6, 6]}
    fired = run({**intake, "checkin": scores})
    improved = run({**intake, "checkin": {**scores, "gpe_improved": True}})
    assert fired["rules"] == ["NO_RECOVERY"]
    assert improved["rules"] == []


def test_new_trauma_outside_a_checkin_is_an_error_naming_it():
    results = run([{"new_trauma": True}, {"fever": True}])
    assert results[0] == {"error": "new_trauma: is asked only in the weekly check-in"}
    assert results[1]["rules"] == ["INFECTION"]


@pytest.mark.parametrize(
    ("checkin", "starts"),
    [([1], "checkin:"), ({"age": 40}, "age:"), ({"fever": "yes"}, "fever:")],
)
def test_a_checkin_that_does_not_fit_is_an_error_naming_the_field(checkin, starts):
    result = run({"checkin": checkin})
    assert result["error"].startswith(starts)
