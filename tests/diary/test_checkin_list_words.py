"""The therapist's check-in list says in words what the red-flag column means (issue #12:
it read "geen [advies getoond]")."""

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.diary.models import CheckIn


def visible(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def add_checkin(patient, running, **values):
    return CheckIn.objects.create(
        patient=patient,
        submission_key=uuid.uuid4(),
        period_start=running.starts_on,
        period_end=running.ends_on,
        submitted_at=timezone.now(),
        **values,
    )


@pytest.fixture
def checkins_page(client, therapist, patient):
    def get():
        client.force_login(therapist)
        response = client.get(reverse("diary:patient_checkins", args=[patient.pk]))
        assert response.status_code == 200
        return visible(response.content.decode())

    return get


def test_a_calm_check_in_says_no_warning_sign_was_reported(checkins_page, patient, running):
    add_checkin(patient, running, red_flags={"saddle_numbness": False})
    text = checkins_page()
    assert "Geen alarmsignaal gemeld" in text
    assert "Advies aan de patiënt" not in text


@pytest.mark.parametrize(
    ("urgency", "words"),
    [
        ("soon", "Advies aan de patiënt: binnenkort naar de huisarts"),
        ("urgent", "Advies aan de patiënt: vandaag de huisarts bellen"),
        ("emergency", "Advies aan de patiënt: nu bellen (huisarts of 112)"),
    ],
)
def test_the_advice_shown_is_said_in_words_never_as_geen_advies(
    checkins_page, patient, running, urgency, words
):
    add_checkin(patient, running, red_flags={}, advice_urgency=urgency, advice_rules=["X"])
    text = checkins_page()
    assert words in text
    assert not re.search(r"\bgeen advies", text, flags=re.IGNORECASE)
