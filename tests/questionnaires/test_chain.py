"""The questionnaires of one moment follow each other (issue #12): no list in between, a
header with where the patient is and how long the rest takes, and the place kept."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.chain import chain_for
from ruggensteun.questionnaires.flow import answer_from_intake
from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse
from tests.questionnaires.conftest import NPRS, QBPDS_50, STARTBACK_LOW


def intake_set(patient):
    """The intake set the schedule made for a new patient, in the chain's order."""
    return list(
        Assignment.objects.filter(patient=patient, schedule_week=0).order_by("due_on", "id")
    )


def fill(client, assignment, answers):
    """Open, answer every screen, and send the questionnaire in; the final response."""
    client.post(reverse("questionnaires:start", args=[assignment.pk]))
    for number, (link_id, value) in enumerate(answers.items(), start=1):
        client.post(
            reverse("questionnaires:step", args=[assignment.pk, number]),
            {f"item_{link_id}": str(value), "richting": "verder"},
        )
    key = QuestionnaireResponse.objects.get(assignment=assignment).submission_key
    return client.post(
        reverse("questionnaires:review", args=[assignment.pk]), {"submission_key": key}
    )


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient.user)
    return client


def test_the_intake_set_is_four_questionnaires_in_the_schedules_order(patient):
    assert [a.instrument for a in intake_set(patient)] == ["startback", "nprs", "qbpds", "psk"]


def test_the_first_questionnaire_says_one_of_four_and_the_whole_time(signed_in, patient):
    startback = intake_set(patient)[0]
    page = signed_in.get(reverse("questionnaires:start", args=[startback.pk])).content.decode()
    minutes = sum(catalog.minutes(code) for code in ("startback", "nprs", "qbpds", "psk"))
    assert f"Vragenlijst 1 van 4 · nog ongeveer {minutes} minuten" in page


def test_sending_one_in_opens_the_next_without_a_list_between(signed_in, patient):
    startback, nprs, qbpds, _psk = intake_set(patient)
    response = fill(signed_in, startback, STARTBACK_LOW)
    assert response.url == reverse("questionnaires:start", args=[nprs.pk])
    page = signed_in.get(response.url).content.decode()
    left = sum(catalog.minutes(code) for code in ("nprs", "qbpds", "psk"))
    assert f"Vragenlijst 2 van 4 · nog ongeveer {left} minuten" in page
    assert "Uw antwoorden zijn bewaard en verstuurd" in page
    assert fill(signed_in, nprs, NPRS).url == reverse("questionnaires:start", args=[qbpds.pk])


def test_after_the_last_one_the_patient_is_thanked_for_all_of_them(signed_in, patient):
    startback, nprs, qbpds, psk = intake_set(patient)
    fill(signed_in, startback, STARTBACK_LOW)
    fill(signed_in, nprs, NPRS)
    fill(signed_in, qbpds, QBPDS_50)
    psk.delete()  # the PSK has its own activity screen; three are enough here
    done = fill(signed_in, qbpds, QBPDS_50)  # a resubmitted last form changes nothing
    assert done.url == reverse("questionnaires:done", args=[qbpds.pk])
    page = signed_in.get(done.url).content.decode()
    assert "U heeft alle 3 vragenlijsten ingevuld." in page
    assert QuestionnaireResponse.objects.filter(assignment=qbpds).count() == 1


def test_the_minutes_left_shrink_screen_by_screen(signed_in, patient):
    startback, nprs, qbpds, _psk = intake_set(patient)
    fill(signed_in, startback, STARTBACK_LOW)
    fill(signed_in, nprs, NPRS)
    signed_in.post(reverse("questionnaires:start", args=[qbpds.pk]))
    page = signed_in.get(reverse("questionnaires:step", args=[qbpds.pk, 11])).content.decode()
    left = math.ceil(catalog.minutes("qbpds") * 10 / 20 + catalog.minutes("psk"))
    assert f"Vragenlijst 3 van 4 · nog ongeveer {left} minuten" in page
    assert "Vraag 11 van 20" in page


def test_an_nprs_taken_over_from_the_intake_is_not_counted(signed_in, patient):
    startback, nprs, qbpds, _psk = intake_set(patient)
    answer_from_intake(nprs, {"1": 5}, "nl")
    page = signed_in.get(reverse("questionnaires:start", args=[startback.pk])).content.decode()
    assert "Vragenlijst 1 van 3" in page
    assert fill(signed_in, startback, STARTBACK_LOW).url == reverse(
        "questionnaires:start", args=[qbpds.pk]
    )
    page = signed_in.get(reverse("questionnaires:start", args=[qbpds.pk])).content.decode()
    assert "Vragenlijst 2 van 3" in page


def test_a_withdrawn_questionnaire_leaves_the_chain(signed_in, patient):
    startback, nprs, _qbpds, _psk = intake_set(patient)
    nprs.withdraw(by=None)
    page = signed_in.get(reverse("questionnaires:start", args=[startback.pk])).content.decode()
    assert "Vragenlijst 1 van 3" in page


def test_a_questionnaire_alone_shows_only_the_time(signed_in, no_schedule):
    gpe = Assignment.objects.create(
        patient=no_schedule,
        instrument="gpe",
        due_on=timezone.localdate(),
        source=Assignment.Source.THERAPIST,
    )
    page = signed_in.get(reverse("questionnaires:start", args=[gpe.pk])).content.decode()
    assert f"Nog ongeveer {catalog.minutes('gpe')} minuut" in page
    assert "Vragenlijst 1 van" not in page


def test_a_paused_chain_resumes_where_the_patient_stopped(signed_in, patient):
    startback, _nprs, _qbpds, _psk = intake_set(patient)
    signed_in.post(reverse("questionnaires:start", args=[startback.pk]))
    for number in (1, 2, 3):
        signed_in.post(
            reverse("questionnaires:step", args=[startback.pk, number]),
            {f"item_{number}": "0", "richting": "verder"},
        )
    again = signed_in.get(reverse("questionnaires:start", args=[startback.pk]))
    assert again.url == reverse("questionnaires:step", args=[startback.pk, 4])


def test_a_one_question_screen_moves_on_by_itself_and_a_tick_list_does_not(signed_in, patient):
    startback = intake_set(patient)[0]
    signed_in.post(reverse("questionnaires:start", args=[startback.pk]))
    page = signed_in.get(reverse("questionnaires:step", args=[startback.pk, 1])).content.decode()
    assert "data-auto-advance" in page and "questionnaires/auto_advance" in page
    assert 'name="richting" value="verder" data-next' in page
    assert 'value="terug"' in page  # back is always there
    rmdq = Assignment.objects.create(
        patient=patient,
        instrument="rmdq",
        due_on=timezone.localdate(),
        source=Assignment.Source.THERAPIST,
    )
    signed_in.post(reverse("questionnaires:start", args=[rmdq.pk]))
    ticks = signed_in.get(reverse("questionnaires:step", args=[rmdq.pk, 1])).content.decode()
    assert "data-auto-advance" not in ticks


def test_the_step_page_reads_the_chain_in_a_fixed_number_of_queries(signed_in, patient):
    startback = intake_set(patient)[0]
    signed_in.post(reverse("questionnaires:start", args=[startback.pk]))
    url = reverse("questionnaires:step", args=[startback.pk, 1])
    signed_in.get(url)  # warm up (sessions, content type caches)
    with CaptureQueriesContext(connection) as four:
        signed_in.get(url)
    for number in range(3):
        Assignment.objects.create(
            patient=patient,
            instrument=("odi", "gpe", "fabq")[number],
            due_on=timezone.localdate(),
            source=Assignment.Source.SCHEDULE,
            schedule_week=0,
        )
    assert chain_for(patient, startback).total == 6  # odi is not licensed: not shown
    with CaptureQueriesContext(connection) as six:
        signed_in.get(url)
    assert len(six.captured_queries) == len(four.captured_queries)
