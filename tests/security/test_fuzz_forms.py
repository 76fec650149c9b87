"""A fuzz of every form: each URL that takes a POST gets hostile values (huge strings,
unicode digits such as "²", NUL bytes, negative and huge numbers, the dates 0001-01-01 and
9999-12-31, fields left out or sent twice) from the person it belongs to. No answer may be a
500: the test client raises the view's exception, so a failure shows its traceback.

Bounded for a 2-core machine: a few examples per URL, derandomised (the same values every
run, so a failure is repeatable), no deadline.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ruggensteun.intake.models import RedFlagAlert
from tests.security.test_matrix import ROUTES, kwargs_for

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "1e309",
    "NaN",
    "²",
    "٣",
    "\uff11\uff12",  # fullwidth digits
    "\x00",
    "a\x00b",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "00:00",
    "25:61",
    "x" * 100_000,
    "é" * 5000,
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x.test","k")',
    "abc",
    "//evil.test",
    "https://evil.test/",
    "true",
    "nee",
    "ja",
    "on",
    "\u202e\ufeff",
]
# Names the forms of the project use, besides the ones a page shows (a field left out of the
# page can still be posted).
COMMON = {"next", "key", "submission_key", "day", "time", "pain", "action", "reason", "item"}
# Logging out ends the session the fuzz runs in.
NOT_FUZZED = {"accounts:logout"}
ANONYMOUS = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "accounts:accept_invitation",
    "mydata:stop_reminders",
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# (hostile value, which of the page's values it replaces): unicode digits where numbers go,
# the first and the last day a date field can hold where dates go.
TARGETED = [
    ("²", str.isdigit),
    ("0001-01-01", DATE.match),
    ("9999-12-31", DATE.match),
]


class FormReader(HTMLParser):
    """The fields of a page's forms with the values the page offers: a valid starting point
    that the fuzz then spoils one field at a time (so it reaches past the first check)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs or name not in self.values:
                    self.values[name] = [attrs.get("value") or "on"]
            elif kind not in ("submit", "button", "file", "image"):
                self.values[name] = [attrs.get("value") or ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in self.values:
                self.values[self._select] = [attrs.get("value") or ""]
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] = [data]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def offered(html: str) -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(html)
    reader.values.pop("csrfmiddlewaretoken", None)
    return reader.values


value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers().map(str))
field_value = st.one_of(value, st.lists(value, min_size=2, max_size=3))  # sent twice or more


@st.composite
def spoiled(draw, base):
    """The page's own values with some fields spoiled (a hostile value, or several) and
    some left out."""
    names = sorted(base.keys() | COMMON)
    data = {name: list(values) for name, values in base.items()}
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)):
        data[name] = draw(field_value)
    for name in draw(st.lists(st.sampled_from(names), max_size=2, unique=True)):
        data.pop(name, None)
    return data


def person(route, world):
    if route.name in ANONYMOUS:
        return None
    if "/mijn/" in f"/{route_path(route, world)}":
        return world.patient.user
    return world.admin if route.name != "signoff:import" else world.therapist


def route_path(route, world):
    return reverse(route.name, kwargs=kwargs_for(route, world))


FUZZED = [route for route in ROUTES if route.name not in NOT_FUZZED]


@pytest.fixture
def fuzz_world(world, monkeypatch):
    """Practice A's world, its red flag handled (so the patient's forms are reachable), and
    the own-data PDF stood in for (drawn in its own tests: it takes seconds)."""
    from ruggensteun.mydata import export

    RedFlagAlert.objects.filter(pk=world.ids["alert_id"]).update(
        handled_at=timezone.now(), handled_by=world.therapist, action="not_relevant"
    )
    monkeypatch.setattr(export, "summary_pdf", lambda patient, language: b"%PDF-1.7 stand-in")
    return world


@pytest.mark.parametrize("route", FUZZED, ids=lambda route: route.name)
def test_no_form_answers_500_to_hostile_values(client, route, fuzz_world):
    url = route_path(route, fuzz_world)
    user = person(route, fuzz_world)
    if user is not None:
        client.force_login(user)
    page = client.get(url)
    html = "" if page.streaming else page.content.decode("utf-8", errors="replace")
    base = offered(html) if "html" in page.get("Content-Type", "") else {}
    posted = []

    @settings(
        max_examples=4,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=spoiled(base))
    def post(data):
        response = client.post(url, data)
        posted.append(response.status_code)
        assert response.status_code < 500, f"POST {url} {data!r}"

    post()
    # And the audit's known troublemakers, put into every field they fit at once.
    for spoil, fits in TARGETED:
        data = {
            name: [spoil if fits(value) else value for value in values]
            for name, values in base.items()
        }
        if data != base:
            response = client.post(url, data)
            posted.append(response.status_code)
            assert response.status_code < 500, f"POST {url} {data!r}"
    assert posted, "nothing was posted"
