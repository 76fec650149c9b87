"""The progress page: charts a patient understands, plain sentences from the MIC flags,
the numbers beside them, and a fixed number of queries."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ruggensteun.clinical.instruments.change import change_nprs
from ruggensteun.mydata.progress import (
    RULE_CLEARLY_BETTER,
    change_wording,
    headline,
    patient_progress,
)
from tests import personas
from tests.mydata.conftest import give_programme, nprs, qbpds, scores

URL = reverse("mydata:progress")
CLEARLY = "Uw klachten zijn duidelijk verminderd sinds de start."


def page(client, patient):
    client.force_login(patient.user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_pain_line_says_where_it_started_and_where_it_is(client, running):
    html = page(client, running.patient)
    assert "Uw pijn is gedaald van 7 naar 4 sinds de start." in html


def test_a_rising_pain_is_said_plainly_with_whom_to_talk_to(patient, therapist):
    give_programme(patient, therapist, weeks=2, pains=[3, 5])
    line = patient_progress(patient, "nl", charts=False).pain_line
    assert line.startswith("Uw pijn is gestegen van 3 naar 5 sinds de start.")
    assert "fysiotherapeut" in line


def test_walking_and_exercise_lines_name_the_goal_and_the_days(patient, therapist):
    give_programme(patient, therapist, weeks=2, walking=[12, 25], goal=[20, 20], days=5)
    progress = patient_progress(patient, "nl", charts=False)
    assert "gemiddeld 25 minuten per dag" in progress.walking_line
    assert "Uw doel is 20 minuten. Dat is gelukt!" in progress.walking_line
    # Today is the third day of the current week: exercised on all three so far.
    assert progress.sessions_line == (
        "Deze week deed u uw oefeningen tot nu toe op 3 van de 5 dagen."
    )


def test_nprs_improved_by_the_mic_says_the_complaints_are_clearly_less(client, patient):
    scores(patient, "nprs", [8, 5], nprs)  # 3 points: MIC (2) met
    assert CLEARLY in page(client, patient)


def test_qbpds_improved_by_the_mic_is_enough_for_the_headline(client, patient):
    scores(patient, "nprs", [6, 5], nprs)  # 1 point: not met
    scores(patient, "qbpds", [60, 35], qbpds)  # 25 points: MIC (20) met
    html = page(client, patient)
    assert CLEARLY in html


def test_an_improvement_below_the_mic_is_not_called_clear(client, patient):
    scores(patient, "nprs", [6, 5], nprs)
    scores(patient, "qbpds", [60, 50], qbpds)
    html = page(client, patient)
    assert CLEARLY not in html
    assert "Uw klachten zijn nog niet duidelijk verminderd sinds de start." in html
    assert "Nog geen duidelijke verandering sinds de start." in html


def test_the_wording_follows_only_the_cores_flags():
    assert change_wording(change_nprs(8, 6)).tone == "ok"
    assert change_wording(change_nprs(8, 6)).rule == RULE_CLEARLY_BETTER
    assert "hoger dan bij de start" in change_wording(change_nprs(4, 5)).text
    assert "Nog geen duidelijke" in change_wording(change_nprs(4, 3)).text
    assert "één keer" in change_wording(None).text
    assert headline({}) is None
    # A change on another instrument never makes the headline.
    assert headline({"rmdq": change_nprs(8, 2)}) is None


def test_every_chart_on_the_page_is_svg_with_a_title(client, running):
    scores(running.patient, "nprs", [7, 4], nprs)
    html = page(client, running.patient)
    charts = re.findall(r"<svg[^>]*class=\"chart\".*?</svg>", html, re.S)
    assert len(charts) == 4  # pain, walking, exercise days, NPRS
    for svg in charts:
        root = ET.fromstring(svg)
        title = root.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and title.text
        assert root.get("role") == "img"


def test_the_numbers_are_in_a_table_beside_the_charts(client, running):
    html = page(client, running.patient)
    assert '<table class="numbers">' in html
    assert html.count('<th scope="row">') == 4
    assert "plan 5" in html and "doel " in html


def test_a_patient_without_a_programme_or_scores_reads_what_comes(client, patient):
    html = page(client, patient)
    assert "Uw programma is nog niet begonnen" in html
    assert "nog geen vragenlijsten ingevuld" in html


def count_queries(client, patient):
    client.force_login(patient.user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


@pytest.mark.parametrize("weeks", [2, 12])
def test_the_page_uses_a_fixed_number_of_queries(
    client, practice, therapist, weeks, django_assert_max_num_queries
):
    person = personas.patient(practice, therapist, f"Vera Vaak {weeks}")
    give_programme(person, therapist, weeks=weeks)
    scores(person, "nprs", [7, 6, 5][: 2 if weeks == 2 else 3], nprs)
    scores(person, "qbpds", [60, 50][: 1 if weeks == 2 else 2], qbpds)
    client.force_login(person.user)
    # The page's own data takes three queries (weeks, day logs, scores); the rest is the
    # session, the user, the menu, the patient and the audit entry.
    with django_assert_max_num_queries(16):
        assert client.get(URL).status_code == 200


def test_two_and_twelve_weeks_take_the_same_queries(client, practice, therapist):
    few = personas.patient(practice, therapist, "Fien Weinig")
    many = personas.patient(practice, therapist, "Mies Veel")
    give_programme(few, therapist, weeks=2)
    give_programme(many, therapist, weeks=12)
    scores(many, "nprs", [8, 7, 6, 5], nprs)
    assert count_queries(client, few) == count_queries(client, many)
