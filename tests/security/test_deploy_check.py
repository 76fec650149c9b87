"""`manage.py check --deploy` with the production example (.env.example) reports nothing.

The example turns the HTTPS redirect and HSTS on in the app as well as in the proxy, so the
check verifies them instead of our silencing it (docs/deployment.md). Only the preload
reminder (W021) is silenced, and only while SECURE_HSTS_PRELOAD is off: preloading is the
domain owner's decision.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
STRONG_KEY = "k3Yq-9vT_x2Lr8Wm4Zp7Hd1Ns6Fb0Jc5Ga2Ue8Yi4Oq7Rt3Vw9Xs1Mn6Kp2Dh5"


def example_environment() -> dict[str, str]:
    """The variables .env.example sets (its commented lines stay at their defaults)."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def check_deploy(tmp_path: Path, **changes: str | None) -> tuple[int, set[str], str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process; a server never has it.
    outer = {"DJANGO_ALLOW_ASYNC_UNSAFE", "TEST_SQLITE_NAME"} | set(example_environment())
    env = {key: value for key, value in os.environ.items() if key not in outer}
    env.update(example_environment())
    env.update(
        DJANGO_SETTINGS_MODULE="ruggensteun.settings",
        SECRET_KEY=STRONG_KEY,  # the example leaves it empty on purpose
        RUGGENSTEUN_VAR_DIR=str(tmp_path),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    return result.returncode, set(re.findall(r"\((\w+\.\w+)\)", output)), output


def test_the_production_example_passes_the_deployment_check(tmp_path):
    code, reported, output = check_deploy(tmp_path)
    assert reported == set(), output
    assert code == 0, output


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"SECURE_SSL_REDIRECT": None}, {"security.W008"}),
        ({"SECURE_HSTS_SECONDS": None}, {"security.W004"}),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "false"}, {"security.W005"}),
        ({"SECURE_COOKIES": "false"}, {"security.W012", "security.W016"}),
    ],
)
def test_the_check_still_sees_what_the_example_turns_on(tmp_path, changes, expected):
    """Nothing but the preload reminder is silenced: leave a setting of the example out and
    the check reports it."""
    code, reported, output = check_deploy(tmp_path, **changes)
    assert reported == expected, output
    assert code != 0


def test_the_example_leaves_the_secret_key_to_be_made(tmp_path):
    """An unedited copy of the example does not start: the key must be made per site."""
    assert example_environment()["SECRET_KEY"] == ""
    code, _reported, output = check_deploy(tmp_path, SECRET_KEY="")
    assert code != 0
    assert "SECRET_KEY must be set" in output


def test_with_preload_on_nothing_is_silenced_and_nothing_is_reported(tmp_path):
    code, reported, output = check_deploy(tmp_path, SECURE_HSTS_PRELOAD="true")
    assert reported == set(), output
    assert code == 0, output
