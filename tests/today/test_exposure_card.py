"""The graded-exposure card on Today: the week's activity, its small steps, how to do them
(agreed with the therapist, without tricks) and the question after each step (KNGF 2021
C.3; clinical review 2026-12, finding 13)."""

import html

import pytest
from django.urls import reverse

from ruggensteun.clinical.programme.exposure import get_exposure_activity, load_exposure_guidance


def with_exposure(week, activity_id):
    data = dict(week.plan)
    data["exposure"] = {"activity": activity_id, "reason": "", "rule": "", "first_rating": 60}
    week.replace_plan(data)
    week.save()


def exposure_card(client):
    response = client.get(reverse("web:patient_home"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    start = page.index('id="exposure"')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_card_shows_every_step_in_order_and_the_question_after_each(
    client, patient, week, language
):
    patient.user.language = language
    patient.user.save()
    client.force_login(patient.user)
    with_exposure(week, "lifting_crate")

    card = exposure_card(client)

    steps = [step.get(language) for step in get_exposure_activity("lifting_crate").steps]
    positions = [card.index(f"<li>{step}</li>") for step in steps]
    assert positions == sorted(positions)
    guidance = load_exposure_guidance()
    for text in (guidance.agree_with_therapist, guidance.without_tricks, guidance.question):
        assert text.get(language) in card
    assert card.index(guidance.question.get(language)) > positions[-1]


def test_the_card_shows_the_steps_of_this_weeks_activity_only(patient_client, week):
    with_exposure(week, "vacuuming")

    card = exposure_card(patient_client)

    assert "Stofzuig een klein stuk vloer, bijvoorbeeld de gang." in card
    assert "Wat verwachtte u, en wat gebeurde er?" in card
    assert "zonder trucjes" in card
    assert "lege krat" not in card


def test_without_an_exposure_step_there_is_no_card(patient_client, week):
    data = dict(week.plan)
    data["exposure"] = None
    week.replace_plan(data)
    week.save()

    page = patient_client.get(reverse("web:patient_home")).content.decode()

    assert 'id="exposure"' not in page
    assert "Wat verwachtte u" not in page
