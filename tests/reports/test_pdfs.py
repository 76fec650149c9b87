"""The handout and the reports are real PDFs: opened with pypdf, their pages and text
checked; every download is logged as an export; the reports ask for a recent login."""

import io
import time
from datetime import timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from ruggensteun.accounts.reauth import SESSION_KEY
from ruggensteun.audit.models import AuditEvent
from ruggensteun.clinical.programme.education import load_flareup_plan
from ruggensteun.programme.models import DayLog, WeeklyPlan
from ruggensteun.workspace.discharge import close_episode
from ruggensteun.workspace.models import Discharge
from tests import personas
from tests.patients import builders

DOCUMENTS = ("oefenfolder", "voortgangsverslag", "ontslagverslag")


@pytest.fixture
def treated(patient, therapist):
    """Two weeks into the programme, with day logs and NPRS and QBPDS twice."""
    programme = builders.running(patient, therapist, started_days_ago=10)
    week_one = programme.plans.get(week=1)
    DayLog.objects.bulk_create(
        DayLog(
            patient=patient,
            date=week_one.starts_on + timedelta(days=offset),
            walking_minutes=30,
            exercise_sessions=1,
            pain=4,
        )
        for offset in range(9)
    )
    builders.planning.advance(programme, builders.today() - timedelta(days=3))
    builders.nprs(patient, 7, days=10)
    builders.nprs(patient, 3, days=1)
    builders.qbpds(patient, 60, days=10)
    builders.qbpds(patient, 35, days=1)
    return patient


def pdf_url(patient, name, **query):
    url = reverse("reports:pdf", args=[patient.pk, name])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def open_pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def made(client, url):
    """The download as the user goes through it: the first answer says the PDF is being
    made and queues its task (run here at the commit, by the tests' immediate backend);
    the next one is the file."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = client.get(url)
    assert first.status_code == 200
    assert "De pdf wordt gemaakt." in first.content.decode()
    return client.get(url)


def download(client, user, patient, name, **query):
    client.force_login(user)
    return open_pdf(made(client, pdf_url(patient, name, **query)))


# --- the handout --------------------------------------------------------------------------


def test_the_handout_has_the_exercises_the_walking_goal_and_the_flare_up_plan(
    client, therapist, treated
):
    reader, text = download(client, therapist, treated, "oefenfolder")
    plan = WeeklyPlan.objects.current_for(treated)
    assert 2 <= len(reader.pages) <= 8
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4
    for exercise in plan.engine_plan.exercises:
        assert exercise.exercise.name.nl in text
    minutes = plan.plan["walking"]["minutes_per_day"]
    assert f"Wandel elke dag {minutes} minuten" in text
    assert "Uw opstootplan" in text
    assert load_flareup_plan().steps[0].heading.nl in text


def test_the_handout_has_the_pictures_of_the_exercises(client, therapist, treated):
    reader, _text = download(client, therapist, treated, "oefenfolder")
    # Each exercise is drawn (vector paths), not just named.
    content = reader.pages[0].get_contents().get_data()
    assert content.count(b" c\n") + content.count(b" l\n") > 50


def test_the_handout_is_in_the_patients_language(client, practice, therapist):
    english = personas.patient(practice, therapist, "Emily English", language="en")
    builders.running(english, therapist, started_days_ago=2)
    _reader, text = download(client, therapist, english, "oefenfolder")
    assert "Your flare-up plan" in text and "Uw opstootplan" not in text


def test_the_handout_before_the_programme_says_so_and_still_gives_the_flare_up_plan(
    client, therapist, patient
):
    _reader, text = download(client, therapist, patient, "oefenfolder")
    assert "nog niet gestart" in text and "Uw opstootplan" in text


def test_the_patient_downloads_their_own_handout(client, treated):
    client.force_login(treated.user)
    _reader, text = open_pdf(made(client, reverse("reports:my_handout")))
    assert "Uw oefeningen voor thuis" in text and treated.name in text


# --- the reports --------------------------------------------------------------------------


def test_the_progress_report_has_the_scores_their_change_and_the_charts(client, therapist, treated):
    reader, text = download(client, therapist, treated, "voortgangsverslag")
    assert len(reader.pages) >= 2
    assert "Zo gaat het met uw rug" in text
    assert "NPRS" in text and "QBPDS" in text
    assert "4 punten beter" in text and "MIC gehaald (2 punten)" in text  # NPRS 7 -> 3
    assert "25 punten beter" in text and "MIC gehaald (20 punten)" in text  # QBPDS 60 -> 35
    assert "MIC: 2 punten beter dan de start" in text  # the band in the NPRS chart
    assert "Triage en classificatie" in text and "Therapietrouw" in text and "Het plan" in text


def test_the_report_for_the_gp_addresses_a_colleague_and_names_the_attention_points(
    client, therapist, treated
):
    builders.questionnaire_overdue(treated)
    _reader, text = download(client, therapist, treated, "voortgangsverslag", voor="huisarts")
    assert "Voortgangsverslag voor de huisarts" in text and "Geachte collega" in text
    assert "Vragenlijst te laat: NPRS" in text


def test_the_discharge_summary_has_the_episode_outcomes_final_plan_and_advice(
    client, therapist, treated
):
    _reader, text = download(client, therapist, treated, "ontslagverslag")
    assert "Ontslagverslag" in text and "Nog niet afgesloten" in text
    assert "Uitkomsten" in text and "MIC gehaald" in text
    assert "Het laatste plan" in text and "Advies voor daarna" in text
    plan = WeeklyPlan.objects.current_for(treated)
    assert plan.engine_plan.exercises[0].exercise.name.nl in text


def test_the_discharge_summary_follows_the_workspaces_discharge(client, therapist, treated):
    close_episode(
        treated,
        by=therapist,
        discharged_on=builders.today() - timedelta(days=1),
        reason=Discharge.Reason.GOALS_REACHED,
        summary="Pijn duidelijk minder, werkt weer volledig.",
    )
    _reader, text = download(client, therapist, treated, "ontslagverslag")
    assert "Nog niet afgesloten" not in text
    assert "doelen bereikt" in text and "Pijn duidelijk minder, werkt weer volledig." in text


def test_the_discharge_summary_leaves_out_what_came_after_the_episode(client, therapist, patient):
    builders.nprs(patient, 7, days=40)
    close_episode(
        patient,
        by=therapist,
        discharged_on=builders.today() - timedelta(days=35),
        reason=Discharge.Reason.STOPPED_BY_PATIENT,
        summary="Gestopt.",
    )
    builders.nprs(patient, 3, days=1)  # weeks after the discharge
    _reader, text = download(client, therapist, patient, "ontslagverslag")
    assert "één meting" in text and "punten beter" not in text


# --- who, and the audit log ---------------------------------------------------------------


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("therapist", 200),
        ("admin", 200),
        ("patient", 404),
        ("outsider_therapist", 404),
        ("outsider_admin", 404),
    ],
)
def test_pdf_permission_matrix(client, request, patient, name, persona, expected):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(pdf_url(patient, name)).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("therapist", 200),
        ("admin", 200),
        ("patient", 404),
        ("outsider_therapist", 404),
        ("outsider_admin", 404),
    ],
)
def test_documents_page_permission_matrix(client, request, patient, persona, expected):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("reports:documents", args=[patient.pk])).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("patient", 200), ("therapist", 404), ("admin", 404), ("outsider_patient", 200)],
)
def test_own_handout_permission_matrix(client, request, patient, persona, expected):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("reports:my_handout")).status_code == expected


@pytest.mark.parametrize(
    "url",
    [
        lambda p: reverse("reports:documents", args=[p.pk]),
        lambda p: pdf_url(p, "oefenfolder"),
        lambda p: pdf_url(p, "voortgangsverslag"),
        lambda p: reverse("reports:my_handout"),
    ],
)
def test_an_anonymous_visitor_is_sent_to_the_login(client, patient, url):
    response = client.get(url(patient))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_an_unknown_document_is_not_found(client, therapist, patient):
    client.force_login(therapist)
    assert client.get(pdf_url(patient, "geheim")).status_code == 404


def test_an_outsiders_own_handout_shows_only_their_own_name(client, outsider_patient, patient):
    client.force_login(outsider_patient.user)
    _reader, text = open_pdf(made(client, reverse("reports:my_handout")))
    assert outsider_patient.name in text and patient.name not in text


def test_every_download_is_logged_as_an_export(client, therapist, treated):
    client.force_login(therapist)
    made(client, pdf_url(treated, "voortgangsverslag", voor="huisarts"))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, patient=treated)
    assert event.actor == therapist and event.what == "reports:pdf"
    assert event.detail == {"document": "voortgangsverslag", "reader": "gp", "language": "nl"}


def test_the_patients_own_download_is_logged_as_an_export(client, treated):
    client.force_login(treated.user)
    made(client, reverse("reports:my_handout"))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, patient=treated)
    assert event.detail["document"] == "oefenfolder" and event.actor == treated.user


def age_authentication(client, minutes):
    session = client.session
    session[SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


@pytest.mark.parametrize("name", ["voortgangsverslag", "ontslagverslag"])
def test_a_report_asks_to_confirm_the_login_when_it_is_not_recent(client, therapist, patient, name):
    client.force_login(therapist)
    age_authentication(client, 30)
    response = client.get(pdf_url(patient, name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:reauthenticate"))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_handout_is_a_printout_and_asks_no_new_login(client, therapist, patient):
    client.force_login(therapist)
    age_authentication(client, 30)
    assert made(client, pdf_url(patient, "oefenfolder"))["Content-Type"] == "application/pdf"
