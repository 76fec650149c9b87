"""Who may open which programme page: the matrix, written out for every view."""

import pytest
from django.urls import reverse

from tests import personas

STAFF_OK = {"therapist": 200, "admin": 200}
OUTSIDERS = {"patient": 404, "outsider_therapist": 404, "outsider_admin": 404}


def staff_urls(programme, plan):
    patient_id = programme.patient_id
    exercise_id = plan.plan["exercises"][0]["id"]
    return {
        "overview": reverse("programme:overview", args=[patient_id]),
        "change_exercise": reverse(
            "programme:change_exercise", args=[patient_id, plan.pk, exercise_id]
        ),
        "change_walking": reverse("programme:change_walking", args=[patient_id, plan.pk]),
    }


def post_only_urls(programme, plan):
    patient_id = programme.patient_id
    return {
        "start": reverse("programme:start", args=[patient_id]),
        "approve": reverse("programme:approve", args=[patient_id, plan.pk]),
        "approve_each_week": reverse("programme:approve_each_week", args=[patient_id]),
        "status": reverse("programme:status", args=[patient_id]),
    }


def login(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))


@pytest.mark.parametrize("view", ["overview", "change_exercise", "change_walking"])
@pytest.mark.parametrize(("persona", "expected"), [*STAFF_OK.items(), *OUTSIDERS.items()])
def test_staff_page_matrix(client, request, programme, week_one, view, persona, expected):
    login(client, request, persona)
    assert client.get(staff_urls(programme, week_one)[view]).status_code == expected


@pytest.mark.parametrize("view", ["overview", "change_exercise", "change_walking"])
def test_staff_page_sends_an_anonymous_visitor_to_the_login(client, programme, week_one, view):
    response = client.get(staff_urls(programme, week_one)[view])
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("view", ["start", "approve", "approve_each_week", "status"])
@pytest.mark.parametrize("persona", list(OUTSIDERS))
def test_post_only_views_answer_404_to_outsiders_and_change_nothing(
    client, request, programme, week_one, view, persona
):
    login(client, request, persona)
    url = post_only_urls(programme, week_one)[view]
    assert client.post(url, {"status": "ended", "approve_each_week": "on"}).status_code == 404
    programme.refresh_from_db()
    assert (programme.status, programme.approve_each_week) == ("active", False)


@pytest.mark.parametrize("view", ["start", "approve", "approve_each_week", "status"])
@pytest.mark.parametrize("persona", list(STAFF_OK))
def test_post_only_views_refuse_get_for_staff(client, request, programme, week_one, view, persona):
    login(client, request, persona)
    assert client.get(post_only_urls(programme, week_one)[view]).status_code == 405


@pytest.mark.parametrize("view", ["start", "approve", "approve_each_week", "status"])
def test_post_only_views_send_an_anonymous_visitor_to_the_login(client, programme, week_one, view):
    response = client.post(post_only_urls(programme, week_one)[view])
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_another_patients_plan_is_404_under_this_patients_address(
    client, therapist, practice, programme, week_one
):
    from ruggensteun.programme import planning
    from tests.programme.conftest import START, classify

    neighbour = classify(personas.patient(practice, therapist, "Nina Naaste"), therapist)
    planning.start_programme(neighbour, therapist, approve_each_week=False, today=START)
    client.force_login(therapist)
    url = reverse("programme:change_walking", args=[neighbour.pk, week_one.pk])
    assert client.get(url).status_code == 404


PATIENT_PAGES = ["programme:fear_ratings", "programme:preferences"]


@pytest.mark.parametrize("name", PATIENT_PAGES)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("patient", 200), ("therapist", 404), ("admin", 404), ("outsider_therapist", 404)],
)
def test_patient_page_matrix(client, request, name, persona, expected):
    login(client, request, persona)
    assert client.get(reverse(name)).status_code == expected


@pytest.mark.parametrize("name", PATIENT_PAGES)
def test_patient_page_sends_an_anonymous_visitor_to_the_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("admin", 200), ("outsider_admin", 200), ("therapist", 403), ("patient", 403)],
)
def test_settings_page_matrix(client, request, persona, expected):
    login(client, request, persona)
    assert client.get(reverse("programme:settings")).status_code == expected


def test_settings_page_sends_an_anonymous_visitor_to_the_login(client):
    response = client.get(reverse("programme:settings"))
    assert response.status_code == 302
