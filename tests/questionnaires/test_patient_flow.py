"""Filling a questionnaire as a patient: one screen at a time, every answer kept at once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse
from tests import personas
from tests.questionnaires.conftest import PSK_ACTIVITIES, submitted


def assign(patient, instrument, **fields):
    return Assignment.objects.create(
        patient=patient,
        instrument=instrument,
        due_on=timezone.localdate(),
        source=Assignment.Source.THERAPIST,
        **fields,
    )


def step_url(assignment, number):
    return reverse("questionnaires:step", args=[assignment.pk, number])


def begin(client, assignment):
    return client.post(reverse("questionnaires:start", args=[assignment.pk]))


def answer(client, assignment, number, data, **extra):
    return client.post(step_url(assignment, number), {**data, "richting": "verder", **extra})


def response_of(assignment):
    return QuestionnaireResponse.objects.get(assignment=assignment)


@pytest.fixture
def signed_in(client, no_schedule):
    client.force_login(no_schedule.user)
    return client


def test_a_patient_fills_the_nprs_reviews_it_and_is_thanked(signed_in, no_schedule):
    nprs = assign(no_schedule, "nprs")
    assert begin(signed_in, nprs).url == step_url(nprs, 1)
    html = signed_in.get(step_url(nprs, 1)).content.decode()
    assert "Vraag 1 van 1" in html
    assert '<fieldset class="question"' in html and "<legend>" in html
    assert answer(signed_in, nprs, 1, {"item_1": "6"}).url == reverse(
        "questionnaires:review", args=[nprs.pk]
    )
    review = signed_in.get(reverse("questionnaires:review", args=[nprs.pk])).content.decode()
    assert "Wijzigen" in review
    key = response_of(nprs).submission_key
    done = signed_in.post(reverse("questionnaires:review", args=[nprs.pk]), {"submission_key": key})
    assert done.url == reverse("questionnaires:done", args=[nprs.pk])
    assert "Dank u wel" in signed_in.get(done.url).content.decode()
    stored = response_of(nprs)
    assert (stored.status, stored.scores, stored.language) == ("submitted", {"score": 6}, "nl")
    assert stored.instrument_version == nprs.definition.version
    nprs.refresh_from_db()
    assert nprs.completed_at is not None


def test_every_answer_is_kept_the_moment_it_is_given(signed_in, no_schedule):
    qbpds = assign(no_schedule, "qbpds")
    begin(signed_in, qbpds)
    answer(signed_in, qbpds, 1, {"item_1": "3"})
    answer(signed_in, qbpds, 2, {"item_2": "0"})
    assert response_of(qbpds).answers == {"1": 3, "2": 0}


def test_a_patient_who_leaves_halfway_resumes_at_the_first_unanswered_question(
    client, signed_in, no_schedule
):
    qbpds = assign(no_schedule, "qbpds")
    begin(signed_in, qbpds)
    for number in range(1, 5):
        answer(signed_in, qbpds, number, {f"item_{number}": "2"})
    client.logout()  # the browser is closed
    client.force_login(no_schedule.user)
    home = client.get(reverse("questionnaires:mine")).content.decode()
    assert "Verder gaan" in home
    again = client.get(reverse("questionnaires:start", args=[qbpds.pk]))
    assert again.url == step_url(qbpds, 5)
    assert "Vraag 5 van 20" in client.get(again.url).content.decode()


def test_the_previous_answer_is_shown_when_going_back(signed_in, no_schedule):
    qbpds = assign(no_schedule, "qbpds")
    begin(signed_in, qbpds)
    answer(signed_in, qbpds, 1, {"item_1": "4"})
    back = signed_in.post(step_url(qbpds, 2), {"item_2": "1", "richting": "terug"})
    assert back.url == step_url(qbpds, 1)
    html = signed_in.get(step_url(qbpds, 1)).content.decode()
    assert 'value="4" id="id_item_1_4" checked' in html
    assert response_of(qbpds).answers == {"1": 4, "2": 1}


def test_going_back_without_an_answer_does_not_count_as_answered(signed_in, no_schedule):
    qbpds = assign(no_schedule, "qbpds")
    begin(signed_in, qbpds)
    answer(signed_in, qbpds, 1, {"item_1": "4"})
    signed_in.post(step_url(qbpds, 2), {"richting": "terug"})
    assert response_of(qbpds).answers == {"1": 4}


@pytest.mark.parametrize("value", ["", "11", "-1", "drie", "3.5"])
def test_a_missing_or_impossible_answer_is_refused_with_a_dutch_message(
    signed_in, no_schedule, value
):
    nprs = assign(no_schedule, "nprs")
    begin(signed_in, nprs)
    page = answer(signed_in, nprs, 1, {"item_1": value} if value else {})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kies een antwoord om verder te gaan." in html or "Kies een van de antwoorden" in html
    assert response_of(nprs).answers == {}


def test_a_step_that_does_not_exist_is_not_found(signed_in, no_schedule):
    nprs = assign(no_schedule, "nprs")
    begin(signed_in, nprs)
    assert signed_in.get(step_url(nprs, 2)).status_code == 404
    assert signed_in.get(step_url(nprs, 0)).status_code == 404


def test_an_optional_question_may_be_skipped(signed_in, no_schedule):
    odi = assign(no_schedule, "odi")
    from ruggensteun.questionnaires.models import InstrumentLicence

    InstrumentLicence.objects.create(practice=no_schedule.practice, instrument="odi")
    begin(signed_in, odi)
    html = signed_in.get(step_url(odi, 8)).content.decode()
    assert "U mag deze vraag overslaan." in html
    assert answer(signed_in, odi, 8, {}).url == step_url(odi, 9)
    assert response_of(odi).answers == {"8": None}


def test_submitting_twice_stores_one_response(signed_in, no_schedule):
    nprs = assign(no_schedule, "nprs")
    begin(signed_in, nprs)
    begin(signed_in, nprs)  # the start button pressed twice
    answer(signed_in, nprs, 1, {"item_1": "5"})
    key = response_of(nprs).submission_key
    url = reverse("questionnaires:review", args=[nprs.pk])
    first = signed_in.post(url, {"submission_key": key})
    submitted_at = response_of(nprs).submitted_at
    second = signed_in.post(url, {"submission_key": key})
    assert first.url == second.url == reverse("questionnaires:done", args=[nprs.pk])
    assert QuestionnaireResponse.objects.filter(assignment=nprs).count() == 1
    assert response_of(nprs).submitted_at == submitted_at


def test_a_submitted_response_cannot_be_changed(signed_in, no_schedule):
    nprs = assign(no_schedule, "nprs")
    begin(signed_in, nprs)
    answer(signed_in, nprs, 1, {"item_1": "5"})
    signed_in.post(
        reverse("questionnaires:review", args=[nprs.pk]),
        {"submission_key": response_of(nprs).submission_key},
    )
    late = answer(signed_in, nprs, 1, {"item_1": "9"})
    assert late.url == reverse("questionnaires:done", args=[nprs.pk])
    assert response_of(nprs).scores == {"score": 5}


def test_a_forged_submission_key_submits_nothing(signed_in, no_schedule):
    nprs = assign(no_schedule, "nprs")
    begin(signed_in, nprs)
    answer(signed_in, nprs, 1, {"item_1": "5"})
    url = reverse("questionnaires:review", args=[nprs.pk])
    for key in ("niet-een-sleutel", "00000000-0000-0000-0000-000000000000"):
        assert signed_in.post(url, {"submission_key": key}).url == url
    assert response_of(nprs).status == "in_progress"


def test_an_incomplete_questionnaire_cannot_be_submitted(signed_in, no_schedule):
    qbpds = assign(no_schedule, "qbpds")
    begin(signed_in, qbpds)
    answer(signed_in, qbpds, 1, {"item_1": "1"})
    url = reverse("questionnaires:review", args=[qbpds.pk])
    sent = signed_in.post(url, {"submission_key": response_of(qbpds).submission_key})
    assert sent.url == step_url(qbpds, 2)
    assert response_of(qbpds).status == "in_progress"


def test_changing_an_answer_from_the_review_returns_to_the_review(signed_in, no_schedule):
    nprs = assign(no_schedule, "nprs")
    begin(signed_in, nprs)
    answer(signed_in, nprs, 1, {"item_1": "5"})
    back = answer(signed_in, nprs, 1, {"item_1": "3"}, na="overzicht")
    assert back.url == reverse("questionnaires:review", args=[nprs.pk])
    assert response_of(nprs).answers == {"1": 3}


def test_the_rmdq_shows_statements_to_tick_and_unticked_means_not_applicable(
    signed_in, no_schedule
):
    rmdq = assign(no_schedule, "rmdq")
    begin(signed_in, rmdq)
    assert "Deel 1 van 4" in signed_in.get(step_url(rmdq, 1)).content.decode()
    answer(signed_in, rmdq, 1, {"item_2": "on", "item_5": "on"})
    for number in range(2, 5):
        answer(signed_in, rmdq, number, {})
    response = response_of(rmdq)
    assert response.answers["2"] == 1 and response.answers["1"] == 0
    signed_in.post(
        reverse("questionnaires:review", args=[rmdq.pk]),
        {"submission_key": response.submission_key},
    )
    assert response_of(rmdq).scores == {"total": 2}


# --- PSK ----------------------------------------------------------------------------------


def test_the_psk_asks_for_three_to_five_activities_in_dutch(signed_in, no_schedule):
    psk = assign(no_schedule, "psk")
    begin(signed_in, psk)
    too_few = answer(signed_in, psk, 1, {"activities": ["bukken", "tillen"]})
    assert "Kies ten minste 3 activiteiten. U heeft er nu 2 gekozen." in too_few.content.decode()
    too_many = answer(
        signed_in,
        psk,
        1,
        {"activities": ["bukken", "tillen", "zitten", "staan", "lopen"], "own_1": "Tuinieren"},
    )
    assert "Kies hoogstens 5 activiteiten." in too_many.content.decode()
    assert response_of(psk).activities == {}


def test_the_psk_takes_activities_from_the_list_and_in_own_words(signed_in, no_schedule):
    psk = assign(no_schedule, "psk")
    begin(signed_in, psk)
    chosen = answer(
        signed_in, psk, 1, {"activities": ["fietsen", "bukken"], "own_1": "  Tuinieren  "}
    )
    assert chosen.url == step_url(psk, 2)
    assert response_of(psk).activities == {"1": "bukken", "2": "fietsen", "3": "Tuinieren"}
    html = signed_in.get(step_url(psk, 4)).content.decode()
    assert "Tuinieren" in html and "Vraag 4 van 4" in html
    for number, score in ((2, "7"), (3, "5"), (4, "9")):
        answer(signed_in, psk, number, {f"item_{number - 1}": score})
    response = response_of(psk)
    signed_in.post(
        reverse("questionnaires:review", args=[psk.pk]), {"submission_key": response.submission_key}
    )
    assert response_of(psk).scores == {"sum": 21, "mean": 7.0}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"activities": ["bukken", "tillen", "niet-bestaand"]}, "Kies een van de antwoorden"),
        ({"activities": ["bukken", "tillen"], "own_1": "x" * 200}, "Gebruik hoogstens 80 tekens."),
        ({"activities": ["bukken", "tillen"], "own_1": "Bukken"}, "Kies ten minste 3"),
    ],
    ids=["unknown activity", "too long", "same activity twice"],
)
def test_impossible_psk_activities_are_refused_in_dutch(signed_in, no_schedule, data, message):
    psk = assign(no_schedule, "psk")
    begin(signed_in, psk)
    page = answer(signed_in, psk, 1, data)
    assert page.status_code == 200 and message in page.content.decode()
    assert response_of(psk).activities == {}


def test_other_apps_hear_once_that_a_questionnaire_was_submitted(signed_in, no_schedule):
    from ruggensteun.questionnaires.signals import response_submitted

    heard = []

    def listener(sender, response, **kwargs):
        heard.append(response.instrument)

    response_submitted.connect(listener)
    try:
        nprs = assign(no_schedule, "nprs")
        begin(signed_in, nprs)
        answer(signed_in, nprs, 1, {"item_1": "5"})
        url = reverse("questionnaires:review", args=[nprs.pk])
        key = response_of(nprs).submission_key
        signed_in.post(url, {"submission_key": key})
        signed_in.post(url, {"submission_key": key})
    finally:
        response_submitted.disconnect(listener)
    assert heard == ["nprs"]


def test_choosing_other_psk_activities_drops_the_ratings_of_the_replaced_ones(
    signed_in, no_schedule
):
    psk = assign(no_schedule, "psk")
    begin(signed_in, psk)
    answer(signed_in, psk, 1, {"activities": ["bukken", "tillen", "zitten"]})
    answer(signed_in, psk, 2, {"item_1": "6"})
    answer(signed_in, psk, 3, {"item_2": "4"})
    answer(signed_in, psk, 1, {"activities": ["bukken", "staan", "zitten"]})
    response = response_of(psk)
    assert response.activities == {"1": "bukken", "2": "zitten", "3": "staan"}
    assert response.answers == {"1": 6}


def test_psk_follow_ups_ask_about_the_same_activities_as_the_first_psk(signed_in, no_schedule):
    first = submitted(
        no_schedule,
        "psk",
        {"1": 7, "2": 5, "3": 9},
        activities=PSK_ACTIVITIES,
        when=timezone.now() - timezone.timedelta(weeks=6),
    )
    follow_up = assign(no_schedule, "psk")
    begin(signed_in, follow_up)
    response = response_of(follow_up)
    assert response.activities == first.activities and response.activities_fixed
    html = signed_in.get(step_url(follow_up, 1)).content.decode()
    assert "Vraag 1 van 3" in html and "Bukken" in html
    # The activities cannot be changed at a follow-up.
    answer(signed_in, follow_up, 1, {"item_1": "4", "activities": ["tillen"]})
    assert response_of(follow_up).activities == PSK_ACTIVITIES


# --- language, licences, who sees what ----------------------------------------------------


def test_an_english_speaking_patient_reads_the_questions_in_english(client, practice, therapist):
    english = personas.patient(practice, therapist, "Emily English", language="en")
    nprs = Assignment.objects.get(patient=english, instrument="nprs", schedule_week=0)
    client.force_login(english.user)
    begin(client, nprs)
    html = client.get(step_url(nprs, 1)).content.decode()
    assert "What was your average pain over the last 24 hours?" in html
    assert "Question 1 of 1" in html or "Vraag 1 van 1" in html
    answer(client, nprs, 1, {"item_1": "2"})
    assert response_of(nprs).language == "en"


def test_the_startback_copyright_notice_is_shown(signed_in, no_schedule):
    startback = assign(no_schedule, "startback")
    assert (
        "© Keele University 2007"
        in signed_in.get(reverse("questionnaires:start", args=[startback.pk])).content.decode()
    )
    begin(signed_in, startback)
    assert "© Keele University 2007" in signed_in.get(step_url(startback, 1)).content.decode()


def test_a_questionnaire_that_is_not_due_yet_cannot_be_opened(signed_in, no_schedule):
    later = Assignment.objects.create(
        patient=no_schedule,
        instrument="gpe",
        due_on=timezone.localdate() + timezone.timedelta(days=3),
        source="schedule",
        schedule_week=6,
    )
    assert signed_in.get(reverse("questionnaires:start", args=[later.pk])).status_code == 404
    assert (
        "Wat is er veranderd?" not in signed_in.get(reverse("questionnaires:mine")).content.decode()
    )


def test_a_withdrawn_questionnaire_disappears_for_the_patient(signed_in, no_schedule, therapist):
    nprs = assign(no_schedule, "nprs")
    nprs.withdraw(by=therapist)
    assert signed_in.get(reverse("questionnaires:start", args=[nprs.pk])).status_code == 404


def test_the_home_page_card_lists_what_is_due(patient, rf):
    from django.template import Context, Template

    html = Template("{% load questionnaires %}{% due_questionnaires patient %}").render(
        Context({"patient": patient})
    )
    assert "Er staan 4 vragenlijsten voor u klaar" in html
    assert (
        reverse(
            "questionnaires:start",
            args=[Assignment.objects.get(patient=patient, instrument="nprs", schedule_week=0).pk],
        )
        in html
    )


def test_the_home_page_card_is_silent_when_nothing_is_due(no_schedule):
    from django.template import Context, Template

    html = Template("{% load questionnaires %}{% due_questionnaires patient %}").render(
        Context({"patient": no_schedule})
    )
    assert html.strip() == ""
