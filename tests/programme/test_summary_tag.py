"""The inclusion tag for the patient page: the programme at a glance."""

from django.template import Context, Template
from django.urls import reverse

from ruggensteun.programme import planning
from tests.programme.conftest import next_monday

TEMPLATE = Template("{% load programme %}{% programme_summary patient %}")


def render(patient):
    return TEMPLATE.render(Context({"patient": patient}))


def test_the_summary_shows_the_week_the_goal_the_exercises_and_a_link(programme, week_one):
    html = render(programme.patient)
    walking = week_one.plan["walking"]
    assert "Week 1" in html
    assert f"{walking['minutes_per_day']} minuten per dag" in html
    assert f"{len(week_one.plan['exercises'])} oefeningen" in html
    assert reverse("programme:overview", args=[programme.patient_id]) in html
    assert "<h1" not in html


def test_the_summary_shows_a_week_waiting_for_approval(programme, week_one):
    programme.approve_each_week = True
    programme.save()
    planning.advance(programme, next_monday(week_one))
    assert "week 2 wacht op goedkeuring" in render(programme.patient)


def test_the_summary_before_the_start_links_to_the_proposal(patient, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = render(patient)
    assert "Nog niet gestart" in html
