import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ruggensteun.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parent.parent


def run_settings(**environment: str) -> subprocess.CompletedProcess[str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process; a server never has it.
    left_out = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "import ruggensteun.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_secret_key():
    result = run_settings(SECRET_KEY="development-only-not-secret")
    assert result.returncode != 0


STRONG_KEY = "k3Yq-9vT_x2Lr8Wm4Zp7Hd1Ns6Fb0Jc5Ga2Ue8Yi4Oq7Rt3Vw9Xs1Mn6Kp2Dh5"


@pytest.mark.parametrize(
    "key",
    [
        "tests-only-secret-key",  # shorter than 50 characters
        "ab" * 40,  # long, but only 2 different characters
        "abcd" * 20,  # 4 different characters
        "django-insecure-" + STRONG_KEY,  # a key Django made for development
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    result = run_settings(SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_production_accepts_a_strong_secret_key():
    result = run_settings(SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr


def test_the_deployment_check_reports_only_what_the_proxy_does(tmp_path):
    """The README's production settings: `check --deploy` reports only the HTTPS redirect
    and HSTS, which the proxy does (docs/deployment.md)."""
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process; a server never has it.
    left_out = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env.update(
        DJANGO_SETTINGS_MODULE="ruggensteun.settings",
        RUGGENSTEUN_VAR_DIR=str(tmp_path),
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="ruggensteun.example.org",
        CSRF_TRUSTED_ORIGINS="https://ruggensteun.example.org",
        SITE_URL="https://ruggensteun.example.org",
        BEHIND_HTTPS_PROXY="true",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    reported = set(re.findall(r"\((\w+\.\w+)\)", result.stdout + result.stderr))
    assert reported == {"security.W004", "security.W008"}, result.stdout + result.stderr


def test_debugging_works_without_a_secret_key():
    assert run_settings(DEBUG="true").returncode == 0


@pytest.mark.parametrize("value", ["maybe", "2", "ja"])
def test_a_nonsense_boolean_is_refused(monkeypatch, value):
    monkeypatch.setenv("FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("0", False), ("Yes", True)])
def test_booleans_are_read(monkeypatch, value, expected):
    monkeypatch.setenv("FLAG", value)
    assert env_bool("FLAG", not expected) is expected


def test_a_number_below_its_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("MINUTES", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("MINUTES", 30, minimum=1)


def test_a_list_with_an_empty_item_is_refused(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example,,b.example")
    with pytest.raises(ImproperlyConfigured):
        env_list("HOSTS", [])


def test_a_required_string_without_default_is_refused(monkeypatch):
    monkeypatch.delenv("NOT_THERE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="NOT_THERE"):
        env_str("NOT_THERE")


def test_time_and_language_defaults(settings):
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _name in settings.LANGUAGES] == ["nl", "en"]
