"""The patient's intake: red-flag questions first, saved as they go, stopped by an emergency."""

import pytest
from django.urls import reverse

from ruggensteun.clinical.triage.questions import load_intake_questions
from ruggensteun.intake.models import Intake, RedFlagAlert, TriageAssessment

SCREENS = load_intake_questions().screens
CALM_CHOICES = {
    "leg_pain": "none",
    "sex": "female",
    "work_status": "working",
    "work_physical_load": "light",
    "leg_weakness": "none",
    "leg_pain_sides": "one",
}
CALM_NUMBERS = {"duration_weeks": 3, "nprs": 5, "recovery_expectation": 7}


def calm_post(screen, **changes):
    data = {}
    for question in screen.questions:
        if question.type == "boolean":
            data[question.field] = "nee"
        elif question.type == "choice":
            data[question.field] = CALM_CHOICES[question.field]
        else:
            data[question.field] = CALM_NUMBERS[question.field]
    data.update({key: value for key, value in changes.items() if key in data or value is not None})
    return {key: value for key, value in data.items() if value is not None}


def answer(client, screen, **changes):
    return client.post(reverse("intake:screen", args=[screen.id]), calm_post(screen, **changes))


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient.user)
    return client


def test_the_intake_starts_with_the_red_flag_questions(patient_client):
    response = patient_client.get(reverse("intake:start"))
    assert response.url == reverse("intake:screen", args=["bladder_bowel"])
    page = patient_client.get(response.url).content.decode()
    assert "<fieldset" in page and "<legend>" in page
    assert "Stap 1 van" in page


def test_a_yes_to_a_bladder_question_stops_the_intake_with_emergency_advice(
    patient_client, patient
):
    response = answer(patient_client, SCREENS[0], bladder_problems="ja")
    assert response.url == reverse("intake:advice")
    page = patient_client.get(response.url).content.decode()
    assert "Bel nu uw huisarts" in page and "112" in page and "huisartsenpost" in page
    assert "Verder met de vragen" not in page
    intake = Intake.objects.get(patient=patient)
    assert intake.stopped_for_emergency_at is not None
    alert = RedFlagAlert.objects.get(patient=patient)
    assert (alert.rule_id, alert.urgency) == ("CES", "emergency")
    # The rest of the intake stays closed while the emergency is open: only the advice.
    assert patient_client.get(reverse("intake:screen", args=[SCREENS[1].id])).url == reverse(
        "intake:advice"
    )
    assert patient_client.get(reverse("intake:start")).url == reverse("intake:advice")


def test_the_therapist_sees_the_emergency_at_the_top_of_the_caseload(
    patient_client, patient, client, therapist
):
    answer(patient_client, SCREENS[0], bladder_problems="ja")
    client.force_login(therapist)
    page = client.get(reverse("patients:caseload")).content.decode()
    assert page.index('id="alerts-heading"') < page.index("<table")
    assert "Mogelijk caudasyndroom" in page
    assert "Niet kunnen plassen of ongemerkt urineverlies: ja" in page


def test_answers_are_kept_screen_by_screen_and_the_intake_resumes(patient_client, patient):
    answer(patient_client, SCREENS[0])
    answer(patient_client, SCREENS[1])
    intake = Intake.objects.get(patient=patient)
    assert intake.answers["saddle_numbness"] is False
    assert intake.screens_done == [SCREENS[0].id, SCREENS[1].id]
    assert patient_client.get(reverse("intake:start")).url == reverse(
        "intake:screen", args=[SCREENS[2].id]
    )


def test_an_unanswered_question_is_not_stored_as_no(patient_client, patient):
    answer(patient_client, SCREENS[0], saddle_numbness=None)
    answers = Intake.objects.get(patient=patient).answers
    assert "saddle_numbness" not in answers
    assert answers["bladder_problems"] is False


def test_a_bad_number_is_refused_in_dutch_and_the_other_answers_are_kept(patient_client, patient):
    screen = next(s for s in SCREENS if s.id == "back_pain")
    response = answer(patient_client, screen, duration_weeks="twee", nprs=11)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vul een heel getal in" in page or "Voer een geheel getal in" in page
    answers = Intake.objects.get(patient=patient).answers
    assert answers["recurrent"] is False
    assert "duration_weeks" not in answers and "nprs" not in answers
    assert "back_pain" not in Intake.objects.get(patient=patient).screens_done


def test_an_answer_to_a_question_hidden_by_no_leg_pain_is_dropped(patient_client, patient):
    screen = next(s for s in SCREENS if s.id == "leg_pain")
    answer(patient_client, screen, leg_pain="none", leg_pain_sides="both")
    answers = Intake.objects.get(patient=patient).answers
    assert answers["leg_pain"] == "none" and "leg_pain_sides" not in answers


def test_a_calm_intake_ends_with_a_reassuring_summary(patient_client, patient):
    for screen in SCREENS:
        answer(patient_client, screen)
    response = patient_client.get(reverse("intake:start"))
    assert response.url == reverse("intake:done")
    page = patient_client.get(response.url).content.decode()
    assert "geen tekenen van een ernstige oorzaak" in page
    assessment = TriageAssessment.objects.latest_for(patient)
    assert assessment.urgency == "none" and assessment.self_management_allowed
    assert not RedFlagAlert.objects.filter(patient=patient).exists()


def test_a_soon_flag_shows_its_advice_once_and_the_programme_waits(patient_client, patient):
    for screen in SCREENS:
        response = answer(patient_client, screen, weight_loss="ja")
        if response.status_code == 302 and response.url == reverse("intake:advice"):
            advice = patient_client.get(response.url).content.decode()
            assert "Maak een afspraak bij uw huisarts" in advice
            assert "Verder met de vragen" in advice
    patient_client.get(reverse("intake:start"))
    page = patient_client.get(reverse("intake:done")).content.decode()
    assert "Uw oefenprogramma start nog niet" in page
    assert not TriageAssessment.objects.latest_for(patient).self_management_allowed
    home = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Maak een afspraak bij uw huisarts" in home


def test_the_same_flag_raises_one_alert_however_often_it_is_triaged(patient_client, patient):
    for screen in SCREENS:
        answer(patient_client, screen, weight_loss="ja")
    patient_client.get(reverse("intake:start"))
    assert RedFlagAlert.objects.filter(patient=patient, rule_id="MALIGNANCY").count() == 1


def test_the_home_page_invites_the_patient_to_start_the_intake(patient_client):
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Start de intake" in page
