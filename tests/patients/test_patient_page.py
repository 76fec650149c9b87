"""The patient page tells the story: triage with its overrides, a timeline newest first,
the charts with the MIC band, and the plan in force with its reasons and edit links."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from ruggensteun.diary.models import CheckIn
from ruggensteun.intake.models import ClassificationDecision, TriageAssessment
from ruggensteun.programme import changes
from ruggensteun.programme.models import DayLog, WeeklyPlan
from ruggensteun.workspace.discharge import close_episode
from ruggensteun.workspace.models import Discharge, SessionNote
from tests.patients import builders


@pytest.fixture
def followed(patient, therapist):
    """Two weeks of a programme with day logs (one flare-up), a therapist's change and
    NPRS twice."""
    programme = builders.running(patient, therapist, started_days_ago=15)
    week_one = programme.plans.get(week=1)
    DayLog.objects.bulk_create(
        DayLog(
            patient=patient,
            date=week_one.starts_on + timedelta(days=offset),
            walking_minutes=25,
            exercise_sessions=1,
            pain=5,
            flare=offset == 9,
        )
        for offset in range(14)
    )
    builders.planning.advance(programme, builders.today() - timedelta(days=8))
    current = programme.plans.get(status="active")
    changes.change_walking(current, 30, None, "Wandelt graag met de hond.", therapist)
    builders.nprs(patient, 7, days=14)
    builders.nprs(patient, 4, days=1)
    return patient


def page(client, user, patient):
    client.force_login(user)
    response = client.get(reverse("patients:detail", args=[patient.pk]))
    assert response.status_code == 200
    return response.content.decode()


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
def test_patient_page_permission_matrix(client, request, patient, persona, expected):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("patients:detail", args=[patient.pk])).status_code == expected


def test_an_anonymous_visitor_is_sent_to_the_login(client, patient):
    response = client.get(reverse("patients:detail", args=[patient.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_page_shows_the_classification_and_an_override_with_its_reason(
    client, therapist, patient
):
    builders.risk_changed(patient, therapist)
    first = TriageAssessment.objects.filter(patient=patient).order_by("created_at").first()
    ClassificationDecision.objects.create(
        patient=patient,
        assessment=first,
        decided_by=therapist,
        duration_class="chronic",
        pain_type="nonspecific",
        pathway="exercise",
        reason="Al jaren terugkerend.",
        decided_at=builders.days_ago(5),
    )
    html = page(client, therapist, patient)
    assert "oefentherapie" in html
    assert "afwijkend van voorstel" in html and "Al jaren terugkerend." in html
    assert "Nieuw voorstel na de laatste vragenlijsten" in html
    assert reverse("intake:triage", args=[patient.pk]) in html


def test_the_timeline_tells_what_happened_newest_first(client, therapist, followed):
    html = page(client, therapist, followed)
    timeline = html[html.index('id="timeline"') :]
    order = [
        "NPRS ingevuld",  # yesterday
        "Wandeldoel aangepast",  # today's change, listed by its time
        "Week 2: dagregistraties",
        "Opstoot gemeld",
        "Week 2: ",
        "Week 1: dagregistraties",
        "Programma gestart",
    ]
    positions = {words: timeline.index(words) for words in order}
    assert positions["Wandeldoel aangepast"] < positions["NPRS ingevuld"]
    assert (
        positions["Week 2: dagregistraties"]
        < positions["Opstoot gemeld"]
        < positions["Week 1: dagregistraties"]
        < positions["Programma gestart"]
    )
    assert "Wandelt graag met de hond." in timeline


def test_the_page_draws_pain_walking_adherence_and_each_questionnaire_with_its_band(
    client, therapist, followed
):
    html = page(client, therapist, followed)
    for title in (
        "Pijn per week (dagregistraties)",
        "Wandelen: minuten per dag tegen het doel",
        "Therapietrouw: oefendagen per week",
        "Numeric Pain Rating Scale",
    ):
        assert title in html
    assert "MIC: 2 punten beter dan de start" in html
    assert html.count('class="chart"') == 4


def test_the_current_plan_shows_its_reasons_and_links_to_change_it(client, therapist, followed):
    html = page(client, therapist, followed)
    current = WeeklyPlan.objects.current_for(followed)
    assert reverse("programme:change_walking", args=[followed.pk, current.pk]) in html
    exercise = current.plan["exercises"][0]["id"]
    assert reverse("programme:change_exercise", args=[followed.pk, current.pk, exercise]) in html
    assert current.plan["walking"]["reason"].split(".")[0] in html


def test_a_waiting_week_can_be_approved_from_the_page(client, therapist, patient):
    builders.plan_waiting(patient, therapist)
    html = page(client, therapist, patient)
    waiting = WeeklyPlan.objects.get(programme__patient=patient, status="proposed")
    assert reverse("programme:approve", args=[patient.pk, waiting.pk]) in html
    assert "Week 2 wacht op uw goedkeuring" in html


def test_the_page_says_why_the_patient_needs_attention(client, therapist, patient):
    builders.getting_worse(patient)
    html = page(client, therapist, patient)
    assert "Aandacht nodig" in html and "Pijn erger dan bij de start: NPRS 4 → 7" in html


def test_a_patient_without_any_history_still_gets_a_page(client, therapist, patient):
    html = page(client, therapist, patient)
    assert "De patiënt heeft de intake nog niet ingevuld." in html
    assert "Het programma is nog niet gestart." in html


def test_the_page_links_to_the_handout_and_the_reports(client, therapist, patient):
    html = page(client, therapist, patient)
    assert reverse("reports:pdf", args=[patient.pk, "oefenfolder"]) in html
    assert reverse("reports:documents", args=[patient.pk]) in html


def test_sessions_check_ins_and_the_discharge_are_in_the_timeline(client, therapist, patient):
    SessionNote.objects.create(
        patient=patient,
        kind=SessionNote.Kind.INTAKE,
        held_on=builders.today() - timedelta(days=20),
        agreements="Elke dag wandelen.",
        written_by=therapist,
    )
    CheckIn.objects.create(
        patient=patient,
        submission_key=uuid.uuid4(),
        period_start=builders.today() - timedelta(days=7),
        period_end=builders.today() - timedelta(days=1),
        pain=3,
        exercise_days=4,
        flare=True,
        submitted_at=builders.days_ago(1),
    )
    close_episode(
        patient,
        by=therapist,
        discharged_on=builders.today(),
        reason=Discharge.Reason.GOALS_REACHED,
        summary="Doelen gehaald, zelfstandig verder.",
    )
    html = page(client, therapist, patient)
    timeline = html[html.index('id="timeline"') :]
    assert timeline.index("Behandeling afgesloten: doelen bereikt") < timeline.index(
        "Wekelijkse check-in"
    )
    assert timeline.index("Wekelijkse check-in") < timeline.index("Sessie: intake en uitleg")
    assert "pijn 3; 4 dagen geoefend; opstoot gemeld" in timeline
    assert "Elke dag wandelen." in timeline


@pytest.fixture
def eighty_check_ins(patient, therapist):
    """80 weekly check-ins (the newest yesterday, each with its own walking minutes: the
    n-th newest walked 100 + n minutes) and one session before them all."""
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            submission_key=uuid.uuid4(),
            period_start=builders.today() - timedelta(days=n + 6),
            period_end=builders.today() - timedelta(days=n),
            walking_mode=CheckIn.WalkingMode.WEEK,
            walking_minutes_week=100 + n,
            submitted_at=builders.days_ago(n),
        )
        for n in range(1, 81)
    )
    SessionNote.objects.create(
        patient=patient,
        kind=SessionNote.Kind.INTAKE,
        held_on=builders.today() - timedelta(days=100),
        agreements="Elke dag wandelen.",
        written_by=therapist,
    )
    return patient


def walked(html):
    return [int(n) for n in re.findall(r"(\d+) minuten gewandeld", html)]


def test_the_page_shows_the_newest_events_and_links_to_the_earlier_ones(
    client, therapist, eighty_check_ins
):
    html = page(client, therapist, eighty_check_ins)
    timeline = html[html.index('id="timeline"') :]
    assert walked(timeline) == list(range(101, 126))
    assert "Elke dag wandelen." not in timeline
    older = reverse("patients:timeline", args=[eighty_check_ins.pk])
    assert f'href="{older}?vanaf=25" hx-get="{older}?vanaf=25"' in timeline
    assert "Eerdere gebeurtenissen tonen" in timeline


def test_earlier_events_come_a_page_at_a_time_in_place_of_the_link(
    client, therapist, eighty_check_ins
):
    client.force_login(therapist)
    older = reverse("patients:timeline", args=[eighty_check_ins.pk])
    response = client.get(f"{older}?vanaf=25", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert "<h1" not in html
    assert walked(html) == list(range(126, 176))
    # The first new event takes the focus, so a keyboard or screen-reader user goes on there.
    assert html.count("autofocus") == 1
    first = r'<li class="event checkin" tabindex="-1" autofocus>.{0,300}126 minuten'
    assert re.search(first, html, re.S)
    assert f'href="{older}?vanaf=75"' in html


def test_the_earlier_events_are_a_page_of_their_own_without_javascript(
    client, therapist, eighty_check_ins
):
    client.force_login(therapist)
    older = reverse("patients:timeline", args=[eighty_check_ins.pk])
    html = client.get(f"{older}?vanaf=75").content.decode()
    assert html.count("<h1") == 1
    assert "autofocus" not in html
    assert walked(html) == list(range(176, 181))
    assert "Elke dag wandelen." in html
    assert "Eerdere gebeurtenissen tonen" not in html


@pytest.mark.parametrize("start", ["abc", "-5", "99999999999"])
def test_a_wrong_start_of_the_earlier_events_starts_after_the_page(
    client, therapist, eighty_check_ins, start
):
    client.force_login(therapist)
    older = reverse("patients:timeline", args=[eighty_check_ins.pk])
    response = client.get(older, {"vanaf": start})
    assert response.status_code == 200
    assert walked(response.content.decode()) == list(range(126, 176))


def test_an_invited_patient_shows_until_when_the_invitation_holds(client, therapist, patient):
    from ruggensteun.accounts.models import Invitation

    patient.user.set_unusable_password()
    patient.user.save()
    invitation, _token = Invitation.issue(
        user=patient.user,
        practice=patient.practice,
        kind=Invitation.Kind.PATIENT,
        invited_by=therapist,
    )
    html = page(client, therapist, patient)
    assert "uitgenodigd" in html
    assert f"geldig tot {invitation.expires_at.day} " in html
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=invitation.created_at)
    assert "uitnodiging verlopen" in page(client, therapist, patient)
