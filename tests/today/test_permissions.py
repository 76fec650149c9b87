"""Who may open the patient's day pages: the patient; staff get 404 (their view of a patient
is elsewhere); another patient gets 404 for what is not theirs; visitors go to the login."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from ruggensteun.programme.models import ExerciseFeedback
from tests import personas
from tests.today.conftest import entry, set_exercises


@pytest.fixture
def urls(week, patient, day):
    set_exercises(week, [entry("cat_camel", reps=8), entry("bridge", reps=8)])
    feedback = ExerciseFeedback.objects.create(
        patient=patient, exercise_id="bridge", date=day - timedelta(days=1), kind="too_painful"
    )
    module = week.plan["education"][0]
    return {
        "pages": [
            reverse("web:patient_home"),
            reverse("today:learn"),
            reverse("today:flare_up_plan"),
            reverse("today:exercise", args=["bridge"]),
            reverse("today:module", args=[module]),
        ],
        "own": [  # pages that show this patient's plan: nobody else may open them
            reverse("today:exercise", args=["bridge"]),
            reverse("today:module", args=[module]),
        ],
        "posts": [
            reverse("today:tick"),
            reverse("today:own_walk"),
            reverse("today:feedback", args=["bridge"]),
            reverse("today:next_day", args=[feedback.pk]),
            reverse("today:module", args=[module]),
            reverse("today:module_read", args=[module]),
        ],
        "own_posts": [
            reverse("today:feedback", args=["bridge"]),
            reverse("today:next_day", args=[feedback.pk]),
            reverse("today:module", args=[module]),
            reverse("today:module_read", args=[module]),
        ],
    }


def test_the_patient_opens_every_page(client, patient, urls):
    client.force_login(patient.user)
    for url in urls["pages"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["therapist", "admin", "outsider_therapist", "outsider_admin"])
def test_staff_get_404_on_the_patients_pages(client, request, persona, urls):
    client.force_login(request.getfixturevalue(persona))
    for url in urls["pages"]:
        assert client.get(url).status_code == 404, url
    for url in urls["posts"]:
        assert client.post(url, {"key": str(uuid.uuid4())}).status_code == 404, url


@pytest.mark.parametrize("persona", ["outsider_patient", "neighbour"])
def test_another_patient_gets_404_on_what_is_not_theirs(
    client, request, persona, urls, practice, therapist
):
    if persona == "neighbour":
        other = personas.patient(practice, therapist, "Nina Naaste")
    else:
        other = request.getfixturevalue(persona)
    client.force_login(other.user)
    for url in urls["own"]:
        assert client.get(url).status_code == 404, url
    for url in urls["own_posts"]:
        assert client.post(url, {"key": str(uuid.uuid4())}).status_code == 404, url
    # Their own Today and Learn show nothing of the patient's plan.
    for url in (reverse("web:patient_home"), reverse("today:learn")):
        page = client.get(url).content.decode()
        assert reverse("today:exercise", args=["bridge"]) not in page
        assert urls["own"][1] not in page


def test_a_visitor_is_sent_to_the_login(client, urls):
    for url in urls["pages"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    for url in urls["posts"]:
        response = client.post(url, {"key": str(uuid.uuid4())})
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_ticks_only_take_a_post(client, patient, urls):
    client.force_login(patient.user)
    assert client.get(reverse("today:tick")).status_code == 405
    assert client.get(reverse("today:own_walk")).status_code == 405


def test_every_page_is_logged_as_a_view_of_the_patient(client, patient, urls):
    from ruggensteun.audit.models import AuditEvent

    client.force_login(patient.user)
    for url in urls["pages"]:
        client.get(url)
    assert AuditEvent.objects.filter(patient=patient, action="view").count() == len(urls["pages"])
