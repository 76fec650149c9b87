"""The patient page's cards of other apps (sessions, check-ins, questionnaires) take what the
story has read already instead of reading it again (issue #15): the same HTML as the tags
show on their own, without their own queries for it."""

from datetime import date

import pytest
from django.template import Context, Template

from ruggensteun.workspace.discharge import close_episode
from ruggensteun.workspace.story import TIMELINE_FIRST, patient_story
from tests.diary.test_queries import add_checkins
from tests.patients import builders
from tests.workspace.conftest import write_note


@pytest.fixture
def history(patient, therapist):
    builders.with_long_history(patient, therapist, weeks=8)
    add_checkins(patient, 9)
    write_note(patient, therapist, held_on=date(2026, 3, 2))
    write_note(patient, therapist, held_on=date(2026, 3, 9), kind="exercise_review")
    return patient


def story_of(patient):
    return patient_story(patient, "nl", timeline_first=TIMELINE_FIRST)


def render(source, **context):
    return Template(source).render(Context(context))


def discharge(patient, therapist, day, *, reopen=False):
    close_episode(patient, by=therapist, discharged_on=day, reason="goals_reached", summary=".")
    if reopen:
        patient.discharges.get(reopened_at__isnull=True).reopen(by=therapist, reason="Terug.")


@pytest.mark.parametrize(
    "discharges",
    [
        [],
        [(date(2026, 4, 20), True)],  # reopened: in treatment again
        [(date(2026, 4, 20), True), (date(2026, 5, 25), False)],  # closed again
    ],
)
def test_the_sessions_card_from_the_story_is_the_same_without_a_query(
    history, therapist, django_assert_num_queries, discharges
):
    for day, reopen in discharges:
        discharge(history, therapist, day, reopen=reopen)
    story = story_of(history)
    alone = render("{% load workspace %}{% workspace_summary patient %}", patient=history)
    with django_assert_num_queries(0):
        html = render(
            "{% load workspace %}{% workspace_summary patient story.sessions story.discharges %}",
            patient=history,
            story=story,
        )
    assert html == alone
    assert "2 sessies." in html
    closed = bool(discharges) and not discharges[-1][1]
    assert ("afgesloten op 25 mei 2026" in html) == closed
    assert ("in behandeling" in html) == (not closed)


def test_the_check_ins_card_from_the_story_reads_only_the_pain_diary(
    history, django_assert_num_queries
):
    story = story_of(history)
    alone = render("{% load diary %}{% checkin_summary patient %}", patient=history)
    with django_assert_num_queries(1):  # the pain diary's state
        html = render(
            "{% load diary %}{% checkin_summary patient story.checkins %}",
            patient=history,
            story=story,
        )
    assert html == alone
    assert html.split("<tbody>")[1].count("<tr>") == 6


def test_the_questionnaires_card_from_the_story_reads_only_the_assignments(
    history, django_assert_num_queries
):
    story = story_of(history)
    alone = render("{% load questionnaires %}{% questionnaire_summary patient %}", patient=history)
    with django_assert_num_queries(1):  # the open assignments
        html = render(
            "{% load questionnaires %}{% questionnaire_summary patient story.results %}",
            patient=history,
            story=story,
        )
    assert html == alone
    assert "NPRS" in html and "QBPDS" in html
