"""Today asks for the fear ratings while a request is open (issue #12): a card with a time
estimate and a link to the ratings page; it goes once the patient has answered."""

import re

import pytest
from django.urls import reverse

from ruggensteun.programme.fear_requests import minutes_needed
from ruggensteun.programme.models import FearRatingRequest


def today(client):
    response = client.get(reverse("web:patient_home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def asked(patient):
    FearRatingRequest.objects.ask(patient, FearRatingRequest.Reason.FEAR_FLAG)
    return patient


def test_an_open_request_shows_the_card_with_a_link_and_the_time_it_takes(
    patient_client, programme, asked
):
    page = today(patient_client)
    card = page[page.index('id="fear-ratings-card"') :]
    card = card[: card.index("</section>")]
    assert "Hoe spannend vindt u deze bewegingen?" in card
    assert f"ongeveer {minutes_needed()} minuten" in card
    assert f'href="{reverse("programme:fear_ratings")}"' in card
    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_without_a_request_there_is_no_card(patient_client, programme):
    assert 'id="fear-ratings-card"' not in today(patient_client)


def test_answering_takes_the_card_away(patient_client, programme, asked):
    patient_client.post(reverse("programme:fear_ratings"), {"vacuuming": "40", "done": "1"})
    assert 'id="fear-ratings-card"' not in today(patient_client)


def test_the_card_comes_after_the_start_notice(patient_client, programme, asked):
    page = today(patient_client)
    assert page.index('id="start-notice-card"') < page.index('id="fear-ratings-card"')
