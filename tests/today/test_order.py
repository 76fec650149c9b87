"""The Today page in order (issue #12): what the patient needs next comes first, and no
card contradicts one above it (``today.cards``)."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from ruggensteun.diary.models import CheckIn
from ruggensteun.intake.models import Intake, RedFlagAlert, TriageAssessment
from ruggensteun.programme import planning
from ruggensteun.programme.models import DayLog, WeeklyPlan
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.today import cards
from ruggensteun.today.cards import PLAN_CARDS, PRIORITY, Situation, cards_for
from tests.programme.conftest import classify
from tests.today.conftest import entry, set_exercises, tick

TEMPLATE = Path(cards.__file__).parent / "templates" / "today" / "today.html"

# A patient on a normal day of a running programme, with everything open.
BUSY = Situation(
    intake_done=True,
    questionnaires_due=True,
    checkin_due=True,
    plan_shown=True,
    next_day_questions=True,
    flare_week=True,
    has_exercises=True,
    has_exposure=True,
    has_goals=True,
    start_notice=True,
    therapist_message=True,
)


def home(client):
    response = client.get(reverse("web:patient_home"))
    assert response.status_code == 200
    return response.content.decode()


def in_order(page, *markers):
    """Each marker is on the page, in this order."""
    positions = [page.index(marker) for marker in markers]
    assert positions == sorted(positions), list(zip(markers, positions, strict=True))


# --- the order itself ---------------------------------------------------------------------


def test_the_priority_names_every_card_once_with_the_advice_first():
    assert len(set(PRIORITY)) == len(PRIORITY)
    assert PRIORITY[0] == "advice"
    assert PRIORITY.index("questionnaires") < PRIORITY.index("checkin") < PRIORITY.index("walks")


def test_every_card_of_the_priority_has_a_branch_in_the_template_and_no_other():
    branches = re.findall(r'name == "([a-z_]+)"', TEMPLATE.read_text())
    assert sorted(branches) == sorted(PRIORITY)


def test_the_cards_come_in_priority_order_whatever_applies():
    shown = cards_for(BUSY)
    assert shown == [name for name in PRIORITY if name in shown]
    assert shown[:6] == [
        "therapist_message",
        "start_notice",
        "questionnaires",
        "fear_ratings",
        "checkin",
        "next_day",
    ]
    assert shown[-3:] == ["flare_up", "appointment", "tip"]


def test_red_flag_advice_stands_alone_with_nothing_that_plays_it_down():
    shown = cards_for(Situation(**{**BUSY.__dict__, "advice": True}))
    assert shown[0] == "advice"
    for name in ("walks", "exercises", "checkin", "start_notice", "flare_up", "tip"):
        assert name not in shown
    # What stays does not contradict it: the questionnaires and the appointment.
    assert shown == ["advice", "questionnaires", "appointment"]


def test_without_a_plan_in_force_no_plan_card_is_shown():
    shown = cards_for(Situation(**{**BUSY.__dict__, "plan_shown": False}))
    assert not PLAN_CARDS & set(shown)


def test_before_the_intake_is_done_only_the_intake_is_asked():
    shown = cards_for(Situation(intake_done=False, questionnaires_due=True, checkin_due=True))
    assert "intake" in shown
    assert not {"questionnaires", "fear_ratings", "checkin", "appointment"} & set(shown)


# --- the page -----------------------------------------------------------------------------


@pytest.fixture
def checkin_week(patient, therapist, day):
    """A programme whose week 1 has ended without a check-in: the check-in is due."""
    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at="2026-01-01T10:00Z")
    programme = planning.start_programme(
        patient, therapist, approve_each_week=False, today=day - timedelta(days=8)
    )
    return programme.plans.get(week=1)


def test_a_due_questionnaire_and_check_in_come_before_the_walks_and_the_tip(
    patient_client, patient, checkin_week
):
    Assignment.objects.create(patient=patient, instrument="nprs", due_on=date(2020, 1, 1))
    page = home(patient_client)
    in_order(
        page,
        "<h1",
        'id="due-questionnaires"',
        'id="checkin-card"',
        'id="walks"',
        'id="learn"',
        'id="flare-title"',
        'id="appointment"',
        'id="tip-title"',
    )
    assert reverse("diary:checkin") in page


def test_no_check_in_card_once_the_week_is_checked_in(patient_client, patient, checkin_week):
    CheckIn.objects.create(
        patient=patient,
        submission_key="00000000-0000-0000-0000-000000000001",
        period_start=checkin_week.starts_on,
        period_end=checkin_week.ends_on,
        submitted_at="2026-06-09T10:00Z",
    )
    assert 'id="checkin-card"' not in home(patient_client)


def test_exercises_done_never_read_as_all_done_while_the_check_in_is_open(
    patient_client, checkin_week
):
    set_exercises(checkin_week, [entry("cat_camel", reps=8, days=7)])
    tick(patient_client, "exercise", "cat_camel")
    page = home(patient_client)
    assert "Uw oefeningen van vandaag zijn klaar" in page
    assert page.count("Uw wekelijkse check-in staat nog voor u klaar.") == 2  # note + message
    in_order(page, 'id="checkin-card"', 'class="done-note"')


def test_exercises_done_without_an_open_check_in_just_say_well_done(patient_client, week):
    set_exercises(week, [entry("cat_camel", reps=8)])
    tick(patient_client, "exercise", "cat_camel")
    page = home(patient_client)
    assert "Uw oefeningen van vandaag zijn klaar" in page
    assert "check-in staat nog" not in page


def test_red_flag_advice_is_not_played_down_on_today(patient_client, patient, checkin_week):
    RedFlagAlert.objects.create(
        patient=patient,
        assessment=TriageAssessment.objects.latest_for(patient),
        rule_id="MALIGNANCY",
        urgency="soon",
    )
    page = home(patient_client)
    assert page.index('id="advice-card"') < page.index("<section")
    assert "niet gevaarlijk" not in page  # the flare-up card's reassurance
    assert 'id="tip-title"' not in page
    assert 'id="checkin-card"' not in page  # "op hoeveel dagen oefende u?" while it waits
    assert 'name="kind"' not in page


def test_a_plan_that_starts_later_shows_no_ticks_and_says_when_it_begins(patient_client, week, day):
    WeeklyPlan.objects.filter(pk=week.pk).update(starts_on=day + timedelta(days=2))
    page = home(patient_client)
    assert "Uw programma begint op" in page
    assert 'name="kind"' not in page
    assert "Tik af wat u gedaan heeft" not in page
    # No "gestart" beside "begint op", and nothing points below to a plan not there.
    assert "Uw programma is gestart" not in page
    assert "Hieronder ziet u wat u vandaag kunt doen" not in page
    tick(patient_client, "walk", "1")
    assert not DayLog.objects.exists()


def test_the_start_notice_points_to_the_plan_when_it_is_there(patient_client, week):
    page = home(patient_client)
    in_order(
        page, "Uw programma is gestart", "Hieronder ziet u wat u vandaag kunt doen", 'id="walks"'
    )


def test_no_waiting_for_news_once_the_programme_has_started(patient_client, week):
    """A started programme whose week waits for the therapist never says "u krijgt bericht"."""
    WeeklyPlan.objects.filter(pk=week.pk).update(status=WeeklyPlan.Status.PROPOSED)
    page = home(patient_client)
    assert "U krijgt bericht" not in page
    assert "Wat nu?" not in page
    assert "Uw plan voor deze week komt eraan" in page
    assert 'name="kind"' not in page


def test_a_paused_programme_shows_neither_the_plan_nor_the_reading(patient_client, programme, day):
    planning.set_status(programme, "paused", day)
    page = home(patient_client)
    assert "Uw programma staat even stil" in page
    assert 'id="walks"' not in page and 'id="learn"' not in page
    assert "Tik af wat u gedaan heeft" not in page


def test_the_new_cards_speak_english_to_an_english_patient(client, patient, checkin_week, day):
    patient.user.language = "en"
    patient.user.save()
    client.force_login(patient.user)
    page = home(client)
    assert "Your weekly check-in is ready" in page
    assert "Go to the check-in" in page
    WeeklyPlan.objects.filter(pk=checkin_week.pk).update(starts_on=day + timedelta(days=2))
    assert "Your programme starts on" in home(client)
