"""The practice figures on a small known dataset, and their fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse

from ruggensteun.programme import planning
from ruggensteun.workspace.dashboard import practice_figures
from tests import personas
from tests.clock import TODAY
from tests.programme.conftest import START as PROGRAMME_START
from tests.programme.conftest import classify, log_week
from tests.workspace.outcomes import episode, triage

START = TODAY - timedelta(weeks=20)


@pytest.fixture
def dataset(practice, therapist):
    """Four patients with known outcomes:

    - Anna (exercise, decided over an advice proposal): discharged, 3 sessions, NPRS 7 -> 5,
      QBPDS 50 -> 35 at 12 weeks;
    - Bert (advice, proposed): discharged, 2 sessions, NPRS 8 -> 3, QBPDS 60 -> 30;
    - Cees (not triaged): running, 1 session, no follow-up yet;
    - Dirk (not triaged): running, 4 sessions, a follow-up at 6 weeks only.
    """
    make = lambda name: personas.patient(practice, therapist, name)  # noqa: E731
    anna = triage(
        episode(make("Anna A"), therapist, START), "advice", "exercise", therapist=therapist
    )
    bert = triage(
        episode(make("Bert B"), therapist, START, nprs=(8, 3), qbpds_scores=(60, 30), sessions=2),
        "advice",
    )
    episode(
        make("Cees C"),
        therapist,
        START,
        follow_up_days=None,
        sessions=1,
        discharged_after_days=None,
    )
    episode(
        make("Dirk D"), therapist, START, follow_up_days=42, sessions=4, discharged_after_days=None
    )
    return anna, bert


def test_patients_are_counted_per_pathway_in_force(practice, dataset):
    figures = practice_figures(practice, TODAY)
    counts = {row.code: (row.active, row.closed) for row in figures.pathways}
    assert counts == {
        "advice": (0, 1),
        "exercise": (0, 1),
        "psychologically_informed": (0, 0),
        None: (2, 0),
    }
    assert figures.patients == 4


def test_the_mic_at_12_weeks_counts_only_patients_measured_then(practice, dataset):
    nprs, qbpds = practice_figures(practice, TODAY).mic
    # Denominator: Anna and Bert (Cees has no follow-up, Dirk's is at 6 weeks).
    assert (nprs.measured, nprs.mic_points, nprs.thirty_percent) == (2, 2, 1)
    assert (nprs.mic_points_percent, nprs.thirty_percent_percent) == (100, 50)
    assert (qbpds.measured, qbpds.mic_points, qbpds.thirty_percent) == (2, 1, 2)


def test_sessions_are_averaged_over_closed_and_running_episodes(practice, dataset):
    sessions = practice_figures(practice, TODAY).sessions
    assert sessions.closed_mean == pytest.approx(2.5)
    assert sessions.active_mean == pytest.approx(2.5)
    assert dict(sessions.distribution) == {"1": 0, "2": 1, "3": 1, "4": 0, "5+": 0}


def test_adherence_comes_from_the_day_logs_of_finished_weeks(practice, therapist):
    patient = classify(personas.patient(practice, therapist, "Eva E"), therapist)
    programme = planning.start_programme(
        patient, therapist, approve_each_week=False, today=PROGRAMME_START
    )
    week_one = programme.plans.get(week=1)
    log_week(patient, week_one, sessions=1)  # everything done, the walking goal every day
    planning.advance(programme, week_one.starts_on + timedelta(days=7))
    week_two = programme.plans.get(week=2)
    log_week(patient, week_two, walking=0, sessions=0, days=3)  # nothing done
    planned = [
        max(exercise["days_per_week"] for exercise in plan.plan["exercises"])
        for plan in (week_one, week_two)
    ]
    figures = practice_figures(practice, TODAY)
    total = figures.adherence_total
    assert (total.weeks, len(total.patients)) == (2, 1)
    assert (total.exercise_days_done, total.exercise_days_planned) == (planned[0], sum(planned))
    assert total.walking_percent == 50
    exercise = next(row for row in figures.adherence if row.label == "oefentherapie")
    assert exercise.weeks == 2


def test_the_page_shows_each_figure_as_a_chart_and_a_table(client, admin, dataset):
    client.force_login(admin)
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert page.count("<h1") == 1
    assert page.count('class="chart"') == 3  # pathways, MIC, sessions (no programme weeks yet)
    assert page.count("<caption>") == 3
    assert 'scope="col"' in page and 'scope="row"' in page
    assert "Patiënten gemeten (noemer)" in page
    assert "Nog geen afgelopen programmaweken." in page


def _queries(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("workspace:dashboard")).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_5_and_40_patients(
    client, practice, therapist, admin, django_assert_max_num_queries
):
    def add(count, offset):
        for number in range(offset, offset + count):
            patient = personas.patient(practice, therapist, f"Patient {number}")
            episode(
                patient,
                therapist,
                START,
                nprs=(7, number % 8),
                discharged_after_days=91 if number % 2 else None,
            )
            triage(patient, ("advice", "exercise", "psychologically_informed")[number % 3])

    add(5, 0)
    client.force_login(admin)
    few = _queries(client, django_assert_max_num_queries)
    add(35, 5)
    assert _queries(client, django_assert_max_num_queries) == few
