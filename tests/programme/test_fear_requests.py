"""Fear of movement is acted on (issue #12): a newly raised fear flag asks the patient for
the fear ratings; the therapist can ask again; answering closes the request; the therapist
sees each rating and when it was given."""

import re

import pytest
from django.db import IntegrityError
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.clinical.programme.exposure import load_exposure_activities
from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake
from ruggensteun.programme.models import FearRating, FearRatingRequest
from ruggensteun.questionnaires.models import Assignment
from tests.intake.test_triage_workspace import calm_answers
from tests.questionnaires.conftest import STARTBACK_HIGH, STARTBACK_LOW, submitted


def triage(patient, startback):
    """An intake triaged with a STarT Back whose item 5 ("not safe to be active") decides
    the fear flag (triage.md §4)."""
    Assignment.objects.filter(patient=patient).delete()  # not the scheduled ones of today
    submitted(patient, "startback", startback)
    Intake.objects.update_or_create(patient=patient, defaults={"answers": calm_answers()})
    return assessment.assess(patient, "intake")


def test_a_triage_that_raises_the_fear_flag_asks_for_the_ratings(patient):
    result = triage(patient, STARTBACK_HIGH)
    assert "fear" in result.summary["yellow_flags"]
    request = FearRatingRequest.objects.open_for(patient)
    assert request is not None
    assert request.reason == FearRatingRequest.Reason.FEAR_FLAG
    assert request.requested_by is None


def test_without_the_fear_flag_nothing_is_asked(patient):
    result = triage(patient, STARTBACK_LOW)
    assert "fear" not in result.summary["yellow_flags"]
    assert not FearRatingRequest.objects.exists()


def test_a_fear_flag_that_stays_raised_asks_nothing_new(patient):
    triage(patient, STARTBACK_HIGH)
    FearRatingRequest.objects.answer(patient)
    assessment.assess(patient, "questionnaire")  # the flag is still there
    assert FearRatingRequest.objects.count() == 1
    assert FearRatingRequest.objects.open_for(patient) is None


def test_the_database_refuses_a_second_open_request(patient):
    FearRatingRequest.objects.create(patient=patient, reason="therapist")
    with pytest.raises(IntegrityError):
        FearRatingRequest.objects.create(patient=patient, reason="fear_flag")


@pytest.fixture
def staff(client, therapist):
    client.force_login(therapist)
    return client


def ask_url(patient):
    return reverse("programme:ask_fear_ratings", args=[patient.pk])


def test_the_therapist_asks_again_once_and_it_is_audited(staff, patient, therapist):
    first = staff.post(ask_url(patient))
    assert first.status_code == 302
    again = staff.post(ask_url(patient))  # a resubmitted form
    assert again.status_code == 302
    request = FearRatingRequest.objects.get()
    assert request.reason == FearRatingRequest.Reason.THERAPIST
    assert request.requested_by == therapist
    assert request.answered_at is None
    assert AuditEvent.objects.filter(what="fear ratings asked", patient=patient).count() == 1


def test_asking_is_post_only_and_refused_to_other_practices(client, patient, outsider_therapist):
    client.force_login(outsider_therapist)
    assert client.post(ask_url(patient)).status_code == 404
    client.force_login(patient.user)
    assert client.post(ask_url(patient)).status_code in (403, 404)
    assert not FearRatingRequest.objects.exists()


def test_the_patient_page_shows_the_ratings_with_their_date_and_the_button(
    staff, patient, django_assert_max_num_queries
):
    FearRating.objects.record(patient, {"vacuuming": 70, "running": 90})
    page = staff.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    panel = page[page.index('id="fear-ratings"') :]
    panel = panel[: panel.index("</section>")]
    assert "Stofzuigen" in panel and ">70<" in panel and ">90<" in panel
    # The most feared first.
    assert panel.index(">90<") < panel.index(">70<")
    assert re.search(
        r"10 jun\.? 2026", panel, re.IGNORECASE
    )  # when they were given (the frozen day)
    assert ask_url(patient) in panel
    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_while_a_request_is_open_the_patient_page_says_so_and_offers_no_button(staff, patient):
    FearRatingRequest.objects.ask(patient, FearRatingRequest.Reason.THERAPIST)
    page = staff.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    assert "nog niet geantwoord" in page
    assert ask_url(patient) not in page


@pytest.fixture
def asked(patient, client):
    """A patient without the fear flag whom the therapist asked: the page is open to them."""
    FearRatingRequest.objects.ask(patient, FearRatingRequest.Reason.THERAPIST)
    client.force_login(patient.user)
    return patient


def test_an_asked_patient_can_answer_even_without_the_fear_flag(client, asked):
    page = client.get(reverse("programme:fear_ratings")).content.decode()
    assert "niet voor u" not in page
    total = len(load_exposure_activities())
    assert f"Nog {total} van {total} te gaan" in page


def test_saving_as_you_go_counts_down_and_keeps_the_request_open(client, asked):
    response = client.post(
        reverse("programme:fear_ratings"), {"vacuuming": "60"}, HTTP_HX_REQUEST="true"
    )
    total = len(load_exposure_activities())
    assert f"Nog {total - 1} van {total} te gaan" in response.content.decode()
    assert FearRating.objects.latest_for(asked) == {"vacuuming": 60}
    assert FearRatingRequest.objects.open_for(asked) is not None


def test_klaar_saves_closes_the_request_and_goes_to_today(client, asked):
    response = client.post(reverse("programme:fear_ratings"), {"vacuuming": "60", "done": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:patient_home")
    assert FearRatingRequest.objects.open_for(asked) is None
    assert FearRatingRequest.objects.get().answered_at is not None
    event = AuditEvent.objects.get(what="fear ratings", patient=asked)
    assert event.detail["request_answered"] is True


def test_rating_every_activity_closes_the_request_without_klaar(client, asked):
    every = {activity.id: "30" for activity in load_exposure_activities()}
    client.post(reverse("programme:fear_ratings"), every, HTTP_HX_REQUEST="true")
    assert FearRatingRequest.objects.open_for(asked) is None


def test_klaar_with_nothing_rated_asks_for_one_rating(client, asked):
    response = client.post(reverse("programme:fear_ratings"), {"done": "1"})
    assert response.status_code == 200
    assert "minstens één" in response.content.decode()
    assert FearRatingRequest.objects.open_for(asked) is not None


def test_a_bad_value_saved_on_the_go_gets_a_message_not_the_page(client, asked):
    response = client.post(
        reverse("programme:fear_ratings"), {"vacuuming": "150"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "niet bewaard" in body and "<html" not in body
    assert not FearRating.objects.exists()
