"""The cross-practice matrix: every URL pattern, with real objects of practice A for every id
in its path, asked for by the therapist, the admin and a patient of practice B (GET and
POST) and by an anonymous visitor.

An id that names something of practice A (a patient or one of their records) must answer
403 or 404 to practice B and send the anonymous visitor to the login. A URL whose path names
nothing of A (a list, the exercise library, a token that opens nothing) may answer, but
never with A's data and never with a 500. A path parameter this file does not know fails the
test: a new URL must be added here before it is covered.
"""

import pytest
from django.urls import reverse

from ruggensteun.intake import flow
from tests.security.conftest import leaked_markers
from tests.urls_walk import all_routes

# Path parameters that name a record of one patient: {parameter: key in World.ids}.
OWNED = {
    "patient_id": "patient_id",
    "checkin_id": "checkin_id",
    "entry_id": "entry_id",
    "alert_id": "alert_id",
    "note_id": "note_id",
    "video_id": "video_id",
    "response_id": "response_id",
    "assignment_id": "assignment_id",
    "plan_id": "plan_id",
    "feedback_id": "feedback_id",
}
# Path parameters that name something shared by every practice (content, not a record):
# a real value, so the view gets past its own lookup. ``None``: taken from practice A's plan.
SHARED = {
    "exercise_id": None,
    "module_id": None,
    "number": 1,
    "code": "nprs",
    "slug": "instrument-nprs",
    "name": "oefenfolder",
    "screen_id": "screen-id-of-the-first-intake-screen",
}
# The address itself is the key (invitation, reminder stop, calendar feed, password reset):
# practice B cannot know A's key, so they try keys that open nothing.
KEYS = {"token": "sleutel-die-niets-opent", "uidb64": "MTIzNDU2Nzg"}

ROUTES = all_routes()
PEOPLE = ("therapist", "admin", "patient")
DENIED = {403, 404}


def kwargs_for(route, world) -> dict[str, object]:
    values: dict[str, object] = {}
    for name in route.parameters:
        if name in OWNED:
            values[name] = world.ids[OWNED[name]]
        elif name in SHARED:
            value = SHARED[name]
            if name == "screen_id":
                value = flow.screens()[0].id
            values[name] = world.ids[name] if value is None else value
        else:
            values[name] = KEYS[name]
    return values


def names_a_record(route) -> bool:
    return bool(route.parameters & OWNED.keys())


def test_every_path_parameter_is_known():
    """A URL with an id of a new kind fails here until the matrix knows how to build it."""
    known = OWNED.keys() | SHARED.keys() | KEYS.keys()
    unknown = {
        route.name: sorted(route.parameters - known) for route in ROUTES if route.parameters - known
    }
    assert unknown == {}


def test_the_matrix_covers_the_records_of_every_app():
    named = {name for route in ROUTES for name in route.parameters}
    assert set(OWNED) <= named, "an id kind no URL uses any more: remove it from OWNED"
    assert len(ROUTES) > 90


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_practice_b_never_reaches_practice_a(client, route, world, outsiders):
    url = reverse(route.name, kwargs=kwargs_for(route, world))
    answers = []
    for who in PEOPLE:
        client.logout()
        client.force_login(outsiders[who])
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            answers.append((who, method, response.status_code))
            assert response.status_code != 500, f"{method.upper()} {url} as B's {who}"
            if names_a_record(route):
                # A view that takes only POST refuses a GET before it looks anything up:
                # 405 whatever the id, so it tells nothing about A's records.
                allowed = DENIED | {405} if method == "get" else DENIED
                assert response.status_code in allowed, (
                    f"{method.upper()} {url} as B's {who}: {response.status_code}"
                )
            elif response.status_code == 200 and not response.streaming:
                assert leaked_markers(response.content) == [], (
                    f"{method.upper()} {url} as B's {who} shows A's data"
                )
    assert len(answers) == 6


@pytest.mark.parametrize(
    "route", [route for route in ROUTES if names_a_record(route)], ids=lambda route: route.name
)
def test_the_ids_are_real_ones_practice_a_can_open(client, route, world):
    """The other side of the matrix: the same address opens for someone of practice A, so
    a 404 above is the guard at work, not an id that names nothing."""
    url = reverse(route.name, kwargs=kwargs_for(route, world))
    answers = {}
    for who in (world.therapist, world.admin, world.patient.user):
        client.logout()
        client.force_login(who)
        answers[who.email] = client.get(url).status_code
    assert set(answers.values()) - DENIED, f"{url}: nobody of practice A gets in: {answers}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_goes_to_the_login_or_sees_nothing_of_a(client, route, method, world):
    url = reverse(route.name, kwargs=kwargs_for(route, world))
    response = getattr(client, method)(url)
    assert response.status_code != 500
    if names_a_record(route):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    elif response.status_code == 200 and not response.streaming:
        assert leaked_markers(response.content) == []
