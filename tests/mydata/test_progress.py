"""The progress page: charts a patient understands, plain sentences from the MIC flags,
the numbers beside them, and a fixed number of queries."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ruggensteun.clinical.instruments.change import change_nprs
from ruggensteun.intake.models import Intake
from ruggensteun.mydata.progress import (
    RULE_CLEARLY_BETTER,
    change_wording,
    headline,
    patient_progress,
)
from ruggensteun.programme.models import DayLog
from tests import personas
from tests.mydata.conftest import give_programme, nprs, qbpds, scores

URL = reverse("mydata:progress")
CLEARLY = "Uw klachten zijn duidelijk verminderd sinds de start."


def page(client, patient):
    client.force_login(patient.user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def intake_pain(patient, value):
    """Set the pain score the patient gave at the intake (None: not answered)."""
    intake = Intake.objects.get(patient=patient)
    intake.answers = {**intake.answers, "nprs": value}
    if value is None:
        del intake.answers["nprs"]
    intake.save(update_fields=["answers"])


def test_the_pain_line_says_where_it_started_at_the_intake_and_where_it_is(client, running):
    intake_pain(running.patient, 8)
    html = page(client, running.patient)
    assert "Uw pijn is gedaald van 8 bij de intake naar 4." in html


def test_without_an_intake_score_the_pain_line_starts_at_the_first_week(client, running):
    intake_pain(running.patient, None)
    html = page(client, running.patient)
    assert "Uw pijn is gedaald van 7 naar 4 sinds de start." in html


def test_a_rising_pain_is_said_plainly_with_whom_to_talk_to(patient, therapist):
    give_programme(patient, therapist, weeks=2, pains=[3, 5])
    intake_pain(patient, 3)
    line = patient_progress(patient, "nl", charts=False).pain_line
    assert line.startswith("Uw pijn is gestegen van 3 bij de intake naar 5.")
    assert "fysiotherapeut" in line


def test_the_pain_chart_starts_at_the_intake_labelled_intake(running):
    intake_pain(running.patient, 8)
    progress = patient_progress(running.patient, "nl")
    svg = str(progress.pain_chart)
    tree = ET.fromstring(svg)
    description = " ".join(node.text or "" for node in tree.iter() if node.tag.endswith("desc"))
    assert "intake: 8; week 1: 7" in description
    # The axis says "intake" under the first point, left of the first week.
    words = [node.text for node in tree.iter() if node.text and node.text.strip()]
    assert "intake" in words


def test_the_pain_chart_leaves_the_intake_out_when_it_was_not_answered(running):
    intake_pain(running.patient, None)
    svg = str(patient_progress(running.patient, "nl").pain_chart)
    assert "intake" not in svg


def test_an_intake_score_alone_shows_where_the_patient_starts(client, patient, therapist):
    give_programme(patient, therapist, weeks=1)
    DayLog.objects.filter(patient=patient).update(pain=None)
    intake_pain(patient, 6)
    html = page(client, patient)
    assert "Bij de intake was uw pijn 6." in html
    assert "intake: 6" in html  # the chart's words
    assert "Het eerste punt is uw pijn bij de intake" in html


def test_the_table_has_the_intake_as_its_last_row(client, running):
    intake_pain(running.patient, 8)
    html = page(client, running.patient)
    rows = re.findall(r'<tr[^>]*>\s*<th scope="row">(.*?)</tr>', html, flags=re.S)
    assert "Intake" in rows[-1] and ">8<" in rows[-1]


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
    assert html.count('<th scope="row">') == 5  # four weeks and the intake
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
