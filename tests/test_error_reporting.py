"""Errors reach the operator without personal data (issue #14): Sentry/GlitchTip events are
scrubbed, ADMINS e-mails show no input, and JSON log lines parse and carry no query string."""

import gzip
import http.server
import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from ruggensteun.base.logging import (
    JsonFormatter,
    PrivateExceptionReporter,
    parse_admins,
    scrub_event,
)

ROOT = Path(__file__).resolve().parent.parent
FREE_TEXT = "Mijn man slaat mij als de pijn erger wordt"  # what a patient might write
NAME = "Petra Patiënt"


def realistic_event() -> dict:
    """The shape of an event sentry-sdk's Django integration sends for an error in a view
    that received a diary note (trimmed to the parts that matter)."""
    return {
        "level": "error",
        "platform": "python",
        "release": "0.1.0",
        "server_name": "praktijk-server",
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "module": None,
                    "value": f"cannot store note {FREE_TEXT!r}",
                    "mechanism": {"type": "django", "handled": False},
                    "stacktrace": {
                        "frames": [
                            {
                                "filename": "ruggensteun/diary/views.py",
                                "function": "diary_entry",
                                "module": "ruggensteun.diary.views",
                                "lineno": 88,
                                "context_line": "    save_entry(patient, form.cleaned_data)",
                                "in_app": True,
                                "vars": {
                                    "note": FREE_TEXT,
                                    "patient": f"<Patient: {NAME}>",
                                },
                            }
                        ]
                    },
                }
            ]
        },
        "request": {
            "url": "https://ruggensteun.example.org/mijn/dagboek/?note=" + FREE_TEXT,
            "method": "POST",
            "query_string": "note=" + FREE_TEXT,
            "data": {"note": FREE_TEXT, "pain": "7"},
            "cookies": {"sessionid": "abc123"},
            "headers": {
                "Host": "ruggensteun.example.org",
                "Cookie": "sessionid=abc123",
                "Referer": "https://ruggensteun.example.org/mijn/?q=" + NAME,
                "User-Agent": "Mozilla/5.0",
                "X-Real-Ip": "203.0.113.9",
            },
            "env": {"REMOTE_ADDR": "203.0.113.9", "SERVER_NAME": "web"},
        },
        "user": {"id": "42", "email": "petra@example.org", "ip_address": "203.0.113.9"},
        "extra": {"sys.argv": ["gunicorn"], "note": FREE_TEXT},
        "logentry": {
            "message": "Internal Server Error: %s",
            "params": ["/mijn/dagboek/"],
            "formatted": "Internal Server Error: /mijn/dagboek/?note=" + FREE_TEXT,
        },
        "breadcrumbs": {
            "values": [
                {
                    "timestamp": "2026-06-10T08:00:00Z",
                    "type": "default",
                    "category": "query",
                    "message": "INSERT INTO diary_entry (note) VALUES (%s)",
                    "data": {"params": [FREE_TEXT]},
                },
                {
                    "timestamp": "2026-06-10T08:00:01Z",
                    "category": "ruggensteun.diary",
                    "level": "info",
                    "message": f"entry by {NAME}",
                },
            ]
        },
    }


def test_the_scrubber_removes_a_patients_free_text_and_keeps_the_stack():
    scrubbed = scrub_event(realistic_event(), hint={})
    text = json.dumps(scrubbed, ensure_ascii=False)

    for secret in (FREE_TEXT, NAME, "abc123", "203.0.113.9", "petra@example.org"):
        assert secret not in text, secret
    (exception,) = scrubbed["exception"]["values"]
    assert exception["type"] == "ValueError"
    (frame,) = exception["stacktrace"]["frames"]
    assert (frame["filename"], frame["function"], frame["lineno"]) == (
        "ruggensteun/diary/views.py",
        "diary_entry",
        88,
    )
    assert "vars" not in frame
    assert scrubbed["request"]["url"] == "https://ruggensteun.example.org/mijn/dagboek/"
    assert scrubbed["request"]["method"] == "POST"
    assert scrubbed["request"]["headers"] == {"Host": "ruggensteun.example.org"}
    assert scrubbed["logentry"] == {"message": "Internal Server Error: %s"}
    assert [crumb["category"] for crumb in scrubbed["breadcrumbs"]["values"]] == [
        "query",
        "ruggensteun.diary",
    ]
    assert scrubbed["release"] == "0.1.0"


class _Collector(http.server.BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # the stdlib calls it by this name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":  # sentry-sdk uses Brotli when it is installed
            import brotli

            body = brotli.decompress(body)
        elif encoding:
            raise AssertionError(f"unexpected encoding {encoding}")
        type(self).received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


URLS = """
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from ruggensteun.urls import *  # noqa: F403 (the site's own pages and error handlers)
from ruggensteun.urls import urlpatterns as site

@login_not_required
def broken(request):
    note = request.POST["note"]
    raise ValueError(f"cannot store note {note!r}")

urlpatterns = [path("kapot/", broken), *site]
"""

CLIENT = """
import django, sentry_sdk
django.setup()
from django.conf import settings
from django.test import Client
settings.ROOT_URLCONF = "broken_urls"
response = Client(raise_request_exception=False).post(
    "/kapot/?who=" + NAME, {"note": FREE_TEXT}
)
assert response.status_code == 500, response.status_code
sentry_sdk.flush(timeout=10)
"""


def test_an_error_reaches_a_sentry_server_without_the_patients_text(tmp_path):
    """The real thing: the settings with SENTRY_DSN set start sentry-sdk, a view fails on a
    POST with free text, and the event a local Sentry-compatible server receives holds the
    exception's type and the view's frame, but not the text, the name or the local values.
    In a process of its own, so the suite itself runs without Sentry."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    _Collector.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    (tmp_path / "broken_urls.py").write_text(URLS)
    script = f"NAME = {NAME!r}\nFREE_TEXT = {FREE_TEXT!r}\n" + textwrap.dedent(CLIENT)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "SENTRY_DSN": f"http://public@127.0.0.1:{server.server_port}/1",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
    }
    try:
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, timeout=60
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr.decode()[-2000:]

    received = b"".join(_Collector.received).decode()
    assert '"type":"ValueError"' in received.replace(" ", "")
    assert '"function":"broken"' in received.replace(" ", "")
    payload = received.encode().decode("unicode_escape", errors="ignore")
    for secret in (FREE_TEXT, NAME, "Patiënt", "who="):
        assert secret not in received and secret not in payload, secret


def _exception_in_a_view_with(note: str):
    try:
        raise ValueError(f"cannot store note {note!r}")
    except ValueError:
        return sys.exc_info()


def test_the_admins_email_shows_no_input(settings, mailoutbox):
    """Without Sentry, Django e-mails ADMINS the error: the request's form fields, query,
    local variables and the exception message are cleansed (DEBUG off)."""
    settings.DEBUG = False
    settings.ADMINS = [("Beheer", "beheer@example.org")]
    request = RequestFactory().post(f"/mijn/dagboek/?who={NAME}", {"note": FREE_TEXT})
    exc_info = _exception_in_a_view_with(FREE_TEXT)

    logging.getLogger("django.request").error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc_info,
        extra={"status_code": 500, "request": request},
    )

    (mail,) = mailoutbox
    assert mail.to == ["beheer@example.org"]
    content = mail.subject + mail.body
    assert "ValueError" in content and "_exception_in_a_view_with" in content
    assert FREE_TEXT not in content and NAME not in content
    # The reporter itself, for the page text the e-mail is made of.
    text = PrivateExceptionReporter(request, *exc_info).get_traceback_text()
    assert "ValueError" in text and FREE_TEXT not in text and NAME not in text


def test_the_development_error_page_keeps_everything(settings):
    settings.DEBUG = True
    request = RequestFactory().post("/mijn/dagboek/", {"note": FREE_TEXT})
    text = PrivateExceptionReporter(request, *_exception_in_a_view_with(FREE_TEXT))
    assert FREE_TEXT in text.get_traceback_text()


def test_json_log_lines_parse_and_carry_no_query_or_exception_message():
    request = RequestFactory().get("/mijn/dagboek/", {"note": FREE_TEXT})
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        (request.get_full_path(),),
        _exception_in_a_view_with(FREE_TEXT),
    )
    record.request = request
    record.status_code = 500

    line = JsonFormatter().format(record)

    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["level"] == "ERROR" and parsed["logger"] == "django.request"
    assert parsed["message"] == "Internal Server Error: /mijn/dagboek/"
    assert parsed["path"] == "/mijn/dagboek/" and parsed["status"] == 500
    assert parsed["exc_type"] == "ValueError" and "_exception_in_a_view_with" in parsed["stack"]
    assert parsed["timestamp"].startswith("2026-06-10T08:00")  # the suite's clock, in UTC
    assert FREE_TEXT not in line and FREE_TEXT.replace(" ", "+") not in line


def test_admins_from_the_environment():
    assert parse_admins("") == []
    assert parse_admins("Anna Beheer <anna@example.org>, ops@example.org") == [
        ("Anna Beheer", "anna@example.org"),
        ("", "ops@example.org"),
    ]
    with pytest.raises(ImproperlyConfigured):
        parse_admins("Anna Beheer")
