import re

import pytest
from django.urls import reverse

from ruggensteun.clinical.programme.exercises import load_exercises


@pytest.fixture
def staff_client(client, therapist):
    client.force_login(therapist)
    return client


def test_the_library_shows_every_exercise_with_its_pictures(staff_client):
    page = staff_client.get(reverse("programme:library")).content.decode()
    exercises = load_exercises()
    assert page.count('<li class="card exercise-card">') == len(exercises)
    assert page.count('role="img"') == len(exercises)
    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_the_library_filters_by_category_and_level(staff_client):
    page = staff_client.get(
        reverse("programme:library"), {"category": "strength", "level": "2"}
    ).content.decode()
    expected = [e for e in load_exercises() if e.category == "strength" and e.level == 2]
    assert expected
    assert page.count('<li class="card exercise-card">') == len(expected)


def test_the_library_searches_by_name(staff_client):
    exercise = load_exercises()[0]
    page = staff_client.get(
        reverse("programme:library"), {"q": exercise.name.nl[:6]}
    ).content.decode()
    assert exercise.name.nl in page


def test_an_exercise_page_shows_start_and_end_steps_and_dosage(staff_client):
    exercise = next(e for e in load_exercises() if e.level == 2)
    page = staff_client.get(reverse("programme:exercise", args=[exercise.id])).content.decode()
    assert page.count('role="img"') == 2
    assert exercise.steps[0].nl in page
    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_an_unknown_exercise_is_404(staff_client):
    assert staff_client.get(reverse("programme:exercise", args=["bestaat_niet"])).status_code == 404


def test_the_library_is_for_practice_staff(client, patient):
    client.force_login(patient.user)
    assert client.get(reverse("programme:library")).status_code == 403
