"""Less burden in the intake (issue #12): the pain score is asked once (the intake's answer
fills the NPRS of the intake set), sex is asked only when the record lacks it, the first
screen says honestly what the whole takes, and the intake leads into the questionnaires."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.models import AuditEvent
from ruggensteun.clinical.instruments.registry import score_answers
from ruggensteun.clinical.triage.questions import load_intake_questions
from ruggensteun.intake import flow
from ruggensteun.intake.models import Intake
from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.models import (
    Assignment,
    PracticeSchedule,
    QuestionnaireResponse,
)
from tests.intake.test_intake_flow import answer

SCREENS = load_intake_questions().screens
ABOUT_YOU = next(s for s in SCREENS if s.id == "about_you")
SEX_QUESTION = "Wat is uw geslacht?"


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient.user)
    return client


def finish_intake(client, **changes):
    for screen in SCREENS:
        answer(client, screen, **changes)
    return client.get(reverse("intake:start"))


def nprs_of_intake_set(patient):
    return Assignment.objects.get(patient=patient, instrument="nprs", schedule_week=0)


# --- the pain score, asked once --------------------------------------------------------------


def test_the_intake_pain_score_fills_the_nprs_of_the_intake_set(patient_client, patient):
    finish_intake(patient_client, nprs=4)
    assignment = nprs_of_intake_set(patient)
    assert assignment.completed_at is not None
    response = QuestionnaireResponse.objects.get(assignment=assignment)
    assert response.answers == {"1": 4}
    assert response.scores == score_answers("nprs", {"1": 4})
    assert response.answered_in == QuestionnaireResponse.AnsweredIn.INTAKE
    assert response.status == QuestionnaireResponse.Status.SUBMITTED
    assert response.instrument_version == assignment.definition.version
    # The other questionnaires are still the patient's to fill.
    still_open = Assignment.objects.for_patient(patient).open().filter(schedule_week=0)
    assert sorted(a.instrument for a in still_open) == ["psk", "qbpds", "startback"]


def test_taking_the_score_over_is_in_the_audit_log(patient_client, patient):
    finish_intake(patient_client, nprs=6)
    response = QuestionnaireResponse.objects.get(assignment=nprs_of_intake_set(patient))
    event = AuditEvent.objects.get(patient=patient, what="intake:questionnaire_from_intake")
    assert event.action == AuditEvent.Action.CREATE
    assert event.actor == patient.user
    assert event.detail == {"instrument": "nprs", "response": response.pk, "from": "nprs"}


def test_coming_back_to_the_finished_intake_makes_no_second_response(patient_client, patient):
    finish_intake(patient_client)
    patient_client.get(reverse("intake:start"))
    patient_client.get(reverse("intake:done"))
    assert QuestionnaireResponse.objects.filter(patient=patient, instrument="nprs").count() == 1


def test_an_intake_begun_more_than_a_day_ago_does_not_fill_the_nprs(patient_client, patient):
    answer(patient_client, SCREENS[0])
    Intake.objects.filter(patient=patient).update(
        started_at=timezone.now() - flow.REUSE_WITHIN - timedelta(minutes=1)
    )
    finish_intake(patient_client)
    assignment = nprs_of_intake_set(patient)
    assert assignment.completed_at is None
    assert not QuestionnaireResponse.objects.filter(assignment=assignment).exists()


def test_an_nprs_the_patient_already_began_keeps_their_own_answer(patient_client, patient):
    assignment = nprs_of_intake_set(patient)
    patient_client.post(reverse("questionnaires:start", args=[assignment.pk]))
    patient_client.post(
        reverse("questionnaires:step", args=[assignment.pk, 1]),
        {"item_1": "8", "richting": "verder"},
    )
    finish_intake(patient_client, nprs=3)
    response = QuestionnaireResponse.objects.get(assignment=assignment)
    assert response.answers == {"1": 8}
    assert response.answered_in == QuestionnaireResponse.AnsweredIn.QUESTIONNAIRE
    assert response.status == QuestionnaireResponse.Status.IN_PROGRESS


def test_without_an_nprs_in_the_practice_schedule_nothing_is_made(patient_client, patient):
    PracticeSchedule.objects.create(
        practice=patient.practice, moments={"0": ["startback", "qbpds"], "6": ["qbpds"]}
    )
    finish_intake(patient_client)
    assert not QuestionnaireResponse.objects.filter(patient=patient, instrument="nprs").exists()


def test_an_unanswered_intake_pain_score_leaves_the_nprs_to_ask(patient_client, patient):
    finish_intake(patient_client, nprs="")
    assert "nprs" not in Intake.objects.get(patient=patient).answers
    assert nprs_of_intake_set(patient).completed_at is None


# --- sex, asked once -------------------------------------------------------------------------


def test_sex_on_the_record_is_not_asked_again(patient_client, patient):
    assert patient.sex == "female"
    page = patient_client.get(reverse("intake:screen", args=[ABOUT_YOU.id])).content.decode()
    assert SEX_QUESTION not in page
    assert "Bent u zwanger?" in page  # a woman of 41 on the record


def test_sex_is_asked_when_the_record_has_none(patient_client, patient):
    patient.sex = ""
    patient.save(update_fields=["sex"])
    page = patient_client.get(reverse("intake:screen", args=[ABOUT_YOU.id])).content.decode()
    assert SEX_QUESTION in page


def test_a_man_on_the_record_is_asked_neither_sex_nor_pregnancy(patient_client, patient):
    patient.sex = "male"
    patient.save(update_fields=["sex"])
    page = patient_client.get(reverse("intake:screen", args=[ABOUT_YOU.id])).content.decode()
    assert SEX_QUESTION not in page and "Bent u zwanger?" not in page


def test_a_posted_sex_is_ignored_when_the_record_has_it(patient_client, patient):
    answer(patient_client, ABOUT_YOU, sex="other")
    intake = Intake.objects.get(patient=patient)
    assert "sex" not in intake.answers
    assert ABOUT_YOU.id in intake.screens_done


def test_a_sex_answered_in_the_intake_stays_changeable(patient_client, patient):
    patient.sex = ""
    patient.save(update_fields=["sex"])
    answer(patient_client, ABOUT_YOU, sex="female")
    patient.sex = "female"  # the therapist fills it in afterwards
    patient.save(update_fields=["sex"])
    page = patient_client.get(reverse("intake:screen", args=[ABOUT_YOU.id])).content.decode()
    assert SEX_QUESTION in page


# --- the honest estimate and the way into the questionnaires --------------------------------


def test_the_first_screen_says_what_the_whole_takes(patient_client):
    page = patient_client.get(reverse("intake:screen", args=[SCREENS[0].id])).content.decode()
    questionnaires = (
        catalog.minutes("startback") + catalog.minutes("qbpds") + catalog.minutes("psk")
    )
    total = catalog.about_minutes(catalog.INTAKE_MINUTES + questionnaires)
    assert f"Dit duurt ongeveer {total} minuten" in page
    assert f"ongeveer {catalog.INTAKE_MINUTES} minuten" in page
    # The NPRS is not counted: the intake answers it.
    assert f"Daarna 3 korte vragenlijsten: samen ongeveer {questionnaires} minuten" in page
    # A medium or high STarT Back adds the fear questionnaire: said, not hidden.
    assert "Soms komt er daarna nog één vragenlijst bij" in page
    second = patient_client.get(reverse("intake:screen", args=[SCREENS[1].id])).content.decode()
    assert "Dit duurt ongeveer" not in second


def test_without_a_fear_questionnaire_the_estimate_promises_no_extra(patient_client, patient):
    PracticeSchedule.objects.create(
        practice=patient.practice,
        moments={"0": ["startback", "nprs", "qbpds", "psk"]},
        fear_instrument="",
    )
    page = patient_client.get(reverse("intake:screen", args=[SCREENS[0].id])).content.decode()
    assert "Dit duurt ongeveer" in page
    assert "Soms komt er daarna nog één vragenlijst bij" not in page


def test_the_done_page_leads_straight_into_the_first_questionnaire(patient_client, patient):
    finish_intake(patient_client)
    page = patient_client.get(reverse("intake:done")).content.decode()
    first = Assignment.objects.get(patient=patient, instrument="startback", schedule_week=0)
    assert reverse("questionnaires:start", args=[first.pk]) in page
    assert "Er staan nog 3 korte vragenlijsten voor u klaar" in page
    left = sum(catalog.minutes(code) for code in ("startback", "qbpds", "psk"))
    assert f"samen ongeveer {left} minuten" in page


def test_the_done_page_has_no_questionnaire_button_when_none_is_open(patient_client, patient):
    finish_intake(patient_client)
    Assignment.objects.filter(patient=patient).open().update(withdrawn_at=timezone.now())
    page = patient_client.get(reverse("intake:done")).content.decode()
    assert "Verder met de vragenlijsten" not in page
    assert "Naar mijn overzicht" in page


# --- a one-question screen moves on by itself ------------------------------------------------


def test_a_screen_left_with_one_choice_question_moves_on_by_itself(patient_client):
    answer(patient_client, next(s for s in SCREENS if s.id == "leg_pain"), leg_pain="none")
    details = next(s for s in SCREENS if s.id == "leg_pain_details")
    page = patient_client.get(reverse("intake:screen", args=[details.id])).content.decode()
    assert page.count("<fieldset") == 1
    assert "data-auto-advance" in page and "auto_advance" in page
    assert 'id="auto-advance-hint" hidden' in page  # shown only when the script runs
    assert "data-next" in page  # the button still sends the form without JavaScript


def test_a_screen_with_several_questions_waits_for_the_button(patient_client):
    page = patient_client.get(reverse("intake:screen", args=[SCREENS[0].id])).content.decode()
    assert "data-auto-advance" not in page and "auto_advance" not in page
