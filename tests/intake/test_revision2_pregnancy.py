"""The pregnancy question (triage.md §1, revision 2): asked of women aged 16-50, and of
anyone whose sex or age the Patient record does not give; never of men or outside 16-50."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.clinical.triage.questions import load_intake_questions
from ruggensteun.intake import flow
from ruggensteun.intake.forms import IntakeScreenForm
from ruggensteun.intake.models import Intake

SCREEN = next(
    screen
    for screen in load_intake_questions().screens
    if "pregnant" in [question.field for question in screen.questions]
)
URL = reverse("intake:screen", args=[SCREEN.id])
QUESTION = "Bent u zwanger?"


def born_aged(years: int) -> date:
    """A date of birth that makes the patient ``years`` old on the (test clock's) today."""
    return date(timezone.localdate().year - years, 1, 1)


def set_record(patient, *, age, sex):
    patient.date_of_birth = None if age is None else born_aged(age)
    patient.sex = sex
    patient.save()


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient.user)
    return client


@pytest.mark.parametrize(
    ("age", "sex", "asked"),
    [
        (16, "female", True),
        (50, "female", True),
        (15, "female", False),
        (51, "female", False),
        (30, "male", False),
        (30, "", True),
        (None, "female", True),
        (None, "", True),
        (70, "", False),
    ],
)
def test_the_question_follows_the_patient_record(patient_client, patient, age, sex, asked):
    set_record(patient, age=age, sex=sex)
    page = patient_client.get(URL).content.decode()
    assert (QUESTION in page) is asked


def test_with_no_sex_on_record_the_page_hides_it_when_male_is_chosen(patient_client, patient):
    set_record(patient, age=30, sex="")
    page = patient_client.get(URL).content.decode()
    assert 'data-hidden-when="sex:male"' in page


def test_a_yes_is_saved_and_raises_a_routine_note_that_does_not_block(patient_client, patient):
    set_record(patient, age=30, sex="female")
    data = {
        "sex": "female",
        "pregnant": "ja",
        "work_status": "retired",
        "recovery_expectation": "7",
    }
    patient_client.post(URL, data)
    intake = Intake.objects.get(patient=patient)
    assert intake.answers["pregnant"] is True
    result, _inputs = flow.assessment.run(patient, intake)
    assert [rule.id for rule in result.rules if rule.id == "PREGNANCY"] == ["PREGNANCY"]
    assert "pregnant" not in result.unanswered


def test_an_answer_for_a_man_chosen_on_the_same_screen_is_not_kept(patient_client, patient):
    set_record(patient, age=30, sex="")
    data = {"sex": "male", "pregnant": "ja", "work_status": "retired", "recovery_expectation": "7"}
    patient_client.post(URL, data)
    assert "pregnant" not in Intake.objects.get(patient=patient).answers


def test_the_age_from_the_record_is_never_saved_as_an_answer(patient_client, patient):
    set_record(patient, age=30, sex="female")
    data = {"sex": "female", "pregnant": "nee", "work_status": "retired"}
    patient_client.post(URL, data)
    answers = Intake.objects.get(patient=patient).answers
    assert "age" not in answers
    assert answers["pregnant"] is False


def test_the_form_leaves_the_question_out_for_an_older_woman():
    form = IntakeScreenForm(screen=SCREEN, language="nl", earlier={"sex": "female", "age": 60})
    assert "pregnant" not in form.fields
    assert "sex" in form.fields
