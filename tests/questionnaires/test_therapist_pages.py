"""The therapist's view of a patient's questionnaires: scores, meaning, change, charts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.models import AuditEvent
from ruggensteun.questionnaires.models import Assignment
from tests.questionnaires.conftest import (
    PSK_ACTIVITIES,
    STARTBACK_HIGH,
    submitted,
)


def weeks_ago(weeks):
    return timezone.now() - timedelta(weeks=weeks)


@pytest.fixture
def history(no_schedule):
    """NPRS 8 -> 6 -> 3 (spec 2.2: 8 -> 5 style), QBPDS 50 -> 32 (spec 2.3), PSK, STarT Back."""
    patient = no_schedule
    submitted(patient, "nprs", {"1": 8}, when=weeks_ago(12))
    submitted(patient, "nprs", {"1": 6}, when=weeks_ago(6))
    submitted(patient, "nprs", {"1": 3}, when=weeks_ago(0))
    submitted(
        patient, "qbpds", {str(n): 2 if n <= 10 else 3 for n in range(1, 21)}, when=weeks_ago(12)
    )
    # 32: sixteen 2s (the first ten and six more) and four 0s.
    submitted(
        patient, "qbpds", {str(n): 0 if n > 16 else 2 for n in range(1, 21)}, when=weeks_ago(6)
    )
    submitted(
        patient, "psk", {"1": 7, "2": 5, "3": 9}, activities=PSK_ACTIVITIES, when=weeks_ago(12)
    )
    submitted(
        patient, "psk", {"1": 4, "2": 3, "3": 6}, activities=PSK_ACTIVITIES, when=weeks_ago(6)
    )
    submitted(patient, "startback", STARTBACK_HIGH, when=weeks_ago(12))
    submitted(patient, "tsk17", {str(n): 2 for n in range(1, 18)}, when=weeks_ago(12))
    submitted(patient, "gpe", {"1": 2}, when=weeks_ago(0))
    return patient


@pytest.fixture
def scores_page(client, therapist, history):
    client.force_login(therapist)
    return client.get(reverse("questionnaires:scores", args=[history.pk])).content.decode()


def test_every_score_is_shown_with_its_date_and_meaning(scores_page):
    html = scores_page
    assert "Numeric Pain Rating Scale" in html
    assert "hoog risico" in html  # STarT Back, spec 2.1 example 7
    assert "hoge bewegingsangst" in html  # TSK-17 all 2s = 38 > 37, spec 2.9 example 5
    assert "Veel verbeterd" in html and ">verbeterd<" in html  # GPE 2
    assert "eerste meting" in html


def test_the_change_since_the_first_measurement_shows_both_mic_flags_and_the_source(scores_page):
    html = scores_page
    # NPRS 8 -> 6: 2 points (25%): the absolute MIC is met, the 30% rule is not.
    assert re.search(r"2 beter \(25,0%\).*?MIC in punten: ja.*?30%-regel: nee", html, re.S)
    # QBPDS 50 -> 32: 18 points (36%): 30% yes, 20 points no (spec 2.3).
    assert re.search(r"18 beter \(36,0%\).*?MIC in punten: nee.*?30%-regel: ja", html, re.S)
    assert "Ostelo 2008" in html


def test_psk_change_is_per_activity_without_a_mic_label(scores_page):
    html = scores_page
    assert "Tuinieren: 6" in html
    assert "3 beter (42,9%)" in html  # Bukken 7 -> 4
    assert "gemiddeld" in html and "2,67 beter (38,1%)" in html  # spec 2.6 example 2


def test_each_instrument_with_a_history_has_an_svg_chart_with_a_text_alternative(scores_page):
    charts = re.findall(r'<svg[^>]*class="chart"[^>]*>', scores_page)
    assert len(charts) == 3  # NPRS, QBPDS, PSK; a single measurement has no chart
    assert all('role="img"' in chart and "aria-labelledby" in chart for chart in charts)
    assert '<title id="chart-nprs-title">NPRS in de tijd.' in scores_page
    assert "<script" not in scores_page.split("<main", 1)[1]


def test_the_raw_answers_are_one_click_away(client, therapist, history):
    client.force_login(therapist)
    startback = history.questionnaire_responses.get(instrument="startback")
    url = reverse("questionnaires:response", args=[startback.pk])
    page = client.get(reverse("questionnaires:scores", args=[history.pk])).content.decode()
    assert url in page
    html = client.get(url).content.decode()
    assert "In de laatste 2 weken straalde mijn rugpijn wel eens uit" in html
    assert "Eens" in html and "Oneens" in html
    assert "hoog risico" in html


def test_the_odi_band_comes_from_the_clinical_core(client, therapist, no_schedule):
    submitted(no_schedule, "odi", {str(n): 3 for n in range(1, 11)})  # 60%: severe
    client.force_login(therapist)
    html = client.get(reverse("questionnaires:scores", args=[no_schedule.pk])).content.decode()
    assert "60,0" in html and "ernstige beperking" in html


def test_due_and_overdue_questionnaires_are_visible(client, therapist, patient):
    Assignment.objects.filter(patient=patient, instrument="nprs", schedule_week=0).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    client.force_login(therapist)
    html = client.get(reverse("questionnaires:scores", args=[patient.pk])).content.decode()
    assert "te laat" in html and "vandaag" in html and "gepland" in html


def test_a_therapist_assigns_a_questionnaire_and_it_is_logged(client, therapist, no_schedule):
    client.force_login(therapist)
    due = timezone.localdate() + timedelta(days=2)
    url = reverse("questionnaires:assign", args=[no_schedule.pk])
    client.post(url, {"instrument": "rmdq", "due_on": str(due)})
    again = client.post(url, {"instrument": "rmdq", "due_on": str(due)}, follow=True)
    assert "stond al klaar" in again.content.decode()
    assignment = Assignment.objects.get(patient=no_schedule)
    assert (assignment.instrument, assignment.due_on, assignment.source) == (
        "rmdq",
        due,
        "therapist",
    )
    assert assignment.assigned_by == therapist
    assert AuditEvent.objects.filter(action="create", patient=no_schedule).count() == 1


def test_a_due_date_in_the_past_is_refused(client, therapist, no_schedule):
    client.force_login(therapist)
    page = client.post(
        reverse("questionnaires:assign", args=[no_schedule.pk]),
        {"instrument": "rmdq", "due_on": str(timezone.localdate() - timedelta(days=1))},
    )
    assert "Deze datum ligt in het verleden." in page.content.decode()
    assert not Assignment.objects.exists()


def test_the_summary_card_shows_the_latest_scores_and_what_is_overdue(history):
    Assignment.objects.create(
        patient=history,
        instrument="gpe",
        due_on=timezone.localdate() - timedelta(days=4),
        source="schedule",
        schedule_week=6,
    )
    html = Template("{% load questionnaires %}{% questionnaire_summary patient %}").render(
        Context({"patient": history})
    )
    assert "1 te laat" in html and "GPE" in html
    assert "MIC in punten: ja" in html  # NPRS 8 -> 3
    assert reverse("questionnaires:scores", args=[history.pk]) in html
    assert "<h1" not in html


def _add_history(patient, count):
    for number in range(count):
        when = weeks_ago(count - number)
        submitted(patient, "nprs", {"1": number % 11}, when=when)
        submitted(patient, "psk", {"1": 5, "2": 4, "3": 3}, activities=PSK_ACTIVITIES, when=when)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_scores_page_needs_as_many_queries_for_20_responses_as_for_2(
    client, therapist, no_schedule, django_assert_max_num_queries
):
    client.force_login(therapist)
    url = reverse("questionnaires:scores", args=[no_schedule.pk])
    _add_history(no_schedule, 2)
    client.get(url)  # load the instrument files once
    with_two = _queries(client, url)
    _add_history(no_schedule, 18)
    assert _queries(client, url) == with_two
    # Session, user, role checks and menu, the patient, the audit entry, the open
    # assignments, the responses, the practice's text sign-offs (signoff app).
    with django_assert_max_num_queries(16):
        client.get(url)


@pytest.mark.parametrize("count", [2, 20])
def test_the_summary_card_needs_the_same_number_of_queries_for_any_history(
    no_schedule, django_assert_num_queries, count
):
    _add_history(no_schedule, count)
    template = Template("{% load questionnaires %}{% questionnaire_summary patient %}")
    # The assignments, the responses and the practice's text sign-offs.
    with django_assert_num_queries(3):
        template.render(Context({"patient": no_schedule}))
