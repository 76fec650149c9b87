"""``manage.py plan`` with many patients in one process (issue #15): a JSON array or
JSON lines in, the plans in the same order out, a refused input named in its place."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ruggensteun.programme.management.commands.plan import plan_from_request
from tests.clinical.test_plan_command import PROFILE, run_process

PROFILES = [
    {"profile": PROFILE, "history": []},
    {"profile": {**PROFILE, "pathway": "advice", "nprs": 3, "fear_ratings": {}}},
    {"profile": {**PROFILE, "preferences": [], "tags": ["sick_leave"]}},
]


def test_an_array_gives_an_array_of_the_same_plans_in_order():
    out = io.StringIO()
    call_command("plan", "-", stdin=io.StringIO(json.dumps(PROFILES)), stdout=out)
    assert json.loads(out.getvalue()) == [plan_from_request(item) for item in PROFILES]


def test_json_lines_give_one_plan_a_line_in_order():
    text = "\n".join(json.dumps(item) for item in PROFILES) + "\n"
    for args in ((), ("--lines",)):
        out = io.StringIO()
        call_command("plan", "-", *args, stdin=io.StringIO(text), stdout=out)
        lines = out.getvalue().splitlines()
        assert [json.loads(line) for line in lines] == [
            plan_from_request(item) for item in PROFILES
        ]


def test_english_reasons_for_every_patient_of_many():
    out = io.StringIO()
    call_command(
        "plan", "-", "--language", "en", stdin=io.StringIO(json.dumps(PROFILES)), stdout=out
    )
    assert json.loads(out.getvalue()) == [plan_from_request(item, "en") for item in PROFILES]


def test_a_refused_input_is_named_in_its_place_and_the_others_are_planned():
    bad = {"profile": {**PROFILE, "nprs": 11}}
    text = "\n".join(
        [json.dumps(PROFILES[0]), json.dumps(bad), "{not json", json.dumps(PROFILES[1])]
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 of 4 inputs were refused"):
        call_command("plan", "-", "--lines", stdin=io.StringIO(text), stdout=out)
    first, refused, broken, last = (json.loads(line) for line in out.getvalue().splitlines())
    assert first == plan_from_request(PROFILES[0])
    assert refused == {"error": "profile.nprs: must be 0 to 10, got 11", "index": 1}
    assert broken["index"] == 2 and broken["error"].startswith("input is not valid JSON")
    assert last == plan_from_request(PROFILES[1])


def test_many_patients_in_one_process():
    many = [PROFILES[n % len(PROFILES)] for n in range(200)]
    result = run_process("\n".join(json.dumps(item) for item in many))
    assert result.returncode == 0, result.stderr
    plans = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(plans) == 200
    assert plans[5] == plan_from_request(many[5])
