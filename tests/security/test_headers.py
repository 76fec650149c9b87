"""Browser-side hardening (issue #11, finding 9): the Content-Security-Policy and pages that
live within it (no inline script or style anywhere), Permissions-Policy, Cache-Control on
pages with patient data, and the absolute session lifetime beside the idle one."""

import json
from datetime import timedelta
from html.parser import HTMLParser
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from ruggensteun.accounts.models import Membership
from ruggensteun.charts import Point, pain_chart
from ruggensteun.diary import bodymap
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.charts import Series, line_chart
from tests.clock import NOW
from tests.urls_walk import patient_routes, plain_routes

# Pages that are not HTML pages (downloads, feeds, actions that only take POST).
NOT_PAGES = {"web:health"}


class InlineCode(HTMLParser):
    """Collects everything a CSP without 'unsafe-inline' blocks: <script> without src,
    <style>, style="" and on...="" attributes, javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:...>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_inline_code_finder_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><script src="/static/a.js"></script><style>p{}</style>'
        '<p style="color: red">x</p><button onclick="x()">y</button><a href="javascript:x()">'
        '<svg><rect fill="#fff"/></svg>'
    )
    assert inline_code(html) == [
        "<script> without src",
        "<style>",
        '<p style="color: red">',
        "<button onclick=...>",
        "<a href=javascript:...>",
    ]


def test_every_response_carries_the_content_security_policy(client, patient):
    client.force_login(patient.user)
    response = client.get(reverse("web:patient_home"))
    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_login_page_carries_the_policy_too(client):
    response = client.get(reverse("accounts:login"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_htmx_is_set_to_need_no_inline_styles_and_no_eval(client, patient):
    client.force_login(patient.user)
    html = client.get(reverse("web:patient_home")).content.decode()

    class Meta(HTMLParser):
        config: dict | None = None

        def handle_starttag(self, tag, attrs):
            values = dict(attrs)
            if tag == "meta" and values.get("name") == "htmx-config":
                Meta.config = json.loads(values["content"])

    Meta().feed(html)
    assert Meta.config == {"includeIndicatorStyles": False, "allowEval": False}


def test_charts_and_the_body_map_draw_without_inline_styles():
    chart = pain_chart(
        [Point(NOW.date(), "week 1", 7), Point(NOW.date() + timedelta(days=7), "week 2", 5)],
        title="Pijn",
        value_label="pijn",
        chart_id="pain",
    )
    assert ' style="' not in chart.svg
    # The drawing keeps its colours and fonts, as attributes.
    assert 'fill="#ffffff"' in chart.svg
    assert "font-size=" in chart.svg
    scores = line_chart(
        [NOW.date(), NOW.date() + timedelta(days=14)],
        [Series("ODI", [40, 30])],
        chart_id="odi",
        title="ODI",
    )
    assert ' style="' not in scores
    assert "stroke=" in scores
    heat = bodymap.figure("back", label="Pijnplekken", counts={"neck": 2, "calf_left": 1})
    assert " style=" not in heat
    assert 'fill-opacity="0.90"' in heat


@pytest.fixture
def demo(db):
    """The demo practice: patients with weeks of data, so every chart, body map, list and
    card on the pages is drawn."""
    call_command("demo", stdout=StringIO())
    patient = (
        Patient.objects.filter(user__isnull=False)
        .exclude(diary_entries=None)
        .order_by("id")
        .first()
    )
    therapist = patient.therapist
    admin = Membership.objects.get(practice=patient.practice, role="admin").user
    return patient, therapist, admin


def test_no_page_has_inline_script_or_style(client, demo):
    patient, therapist, admin = demo
    pages = 0
    problems = []
    for user in (None, patient.user, therapist, admin):
        client.logout()
        if user is not None:
            client.force_login(user)
        for route in plain_routes():
            if route.name in NOT_PAGES:
                continue
            response = client.get(reverse(route.name), follow=True)
            if "text/html" in response.get("Content-Type", ""):
                pages += 1
                problems += [f"{route.name}: {found}" for found in inline_code(response.text)]
    client.force_login(therapist)
    for route in patient_routes():
        if route.parameters != {"patient_id"}:
            continue
        response = client.get(reverse(route.name, kwargs=route.kwargs(patient.pk)))
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages += 1
            problems += [f"{route.name}: {found}" for found in inline_code(response.text)]
    assert pages > 40
    assert problems == []


def test_permissions_policy_turns_off_camera_microphone_and_location(client, patient):
    client.force_login(patient.user)
    policy = client.get(reverse("web:patient_home"))["Permissions-Policy"]
    features = dict(item.strip().split("=") for item in policy.split(","))
    assert features["camera"] == "()"
    assert features["microphone"] == "()"
    assert features["geolocation"] == "()"


def test_pages_of_a_logged_in_user_are_never_stored(client, patient, therapist):
    client.force_login(patient.user)
    assert client.get(reverse("web:patient_home"))["Cache-Control"] == "no-store"
    client.force_login(therapist)
    page = client.get(reverse("patients:detail", kwargs={"patient_id": patient.pk}))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"


def test_the_login_page_is_not_stored_either(client):
    directives = client.get(reverse("accounts:login"))["Cache-Control"].split(", ")
    assert "no-store" in directives


def test_static_files_keep_their_own_cache_lifetime(client):
    response = client.get("/static/css/ruggensteun.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def log_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "Wachtwoord-123"}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_session_ends_at_its_absolute_lifetime_however_active(client, patient, settings):
    settings.SESSION_ABSOLUTE_HOURS = 1
    patient.user.set_password("Wachtwoord-123")
    patient.user.save()
    today = reverse("web:patient_home")
    with time_machine.travel(NOW, tick=False) as clock:
        log_in(client, patient.user)
        # Active every 20 minutes: the idle limit (30 minutes) never ends it.
        for _step in range(2):
            clock.shift(timedelta(minutes=20))
            assert client.get(today).status_code == 200
        clock.shift(timedelta(minutes=19))  # 59 minutes after logging in
        assert client.get(today).status_code == 200
        clock.shift(timedelta(minutes=2))  # 61 minutes: over
        response = client.get(today)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    # Ended for good: the session is gone, not only this request.
    assert client.get(today).status_code == 302


def test_logging_in_again_starts_a_new_absolute_lifetime(client, patient, settings):
    settings.SESSION_ABSOLUTE_HOURS = 1
    patient.user.set_password("Wachtwoord-123")
    patient.user.save()
    today = reverse("web:patient_home")
    with time_machine.travel(NOW, tick=False) as clock:
        log_in(client, patient.user)
        clock.shift(timedelta(minutes=25))
        assert client.get(today).status_code == 200
        clock.shift(timedelta(minutes=25))
        assert client.get(today).status_code == 200
        clock.shift(timedelta(minutes=25))  # 75 minutes: ended
        assert client.get(today).status_code == 302
        log_in(client, patient.user)
        clock.shift(timedelta(minutes=25))
        assert client.get(today).status_code == 200
