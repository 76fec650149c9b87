"""The programme page uses a fixed number of queries, however many weeks there are."""

from datetime import timedelta

from django.urls import reverse

from ruggensteun.programme import changes, planning
from tests import personas
from tests.programme.conftest import START, classify, log_week

MAX_QUERIES = 25


def running_for_weeks(practice, therapist, name, weeks):
    patient = classify(personas.patient(practice, therapist, name), therapist)
    programme = planning.start_programme(patient, therapist, approve_each_week=False, today=START)
    for week in range(1, weeks):
        current = programme.plans.get(status="active")
        log_week(patient, current, walking=25 + week)
        changes.change_walking(current, 20 + week, None, f"Week {week}.", therapist)
        planning.advance(programme, START + timedelta(days=7 * week))
    assert programme.plans.count() == weeks
    return patient


def count_queries(client, patient, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = client.get(reverse("programme:overview", args=[patient.pk]))
    assert response.status_code == 200
    return len(captured)


def test_the_programme_page_queries_do_not_grow_with_the_weeks(
    client, practice, therapist, django_assert_max_num_queries
):
    short = running_for_weeks(practice, therapist, "Kim Kort", 2)
    long = running_for_weeks(practice, therapist, "Lars Lang", 12)
    client.force_login(therapist)
    assert count_queries(client, short, django_assert_max_num_queries) == count_queries(
        client, long, django_assert_max_num_queries
    )


def test_the_first_week_proposal_page_has_a_fixed_number_of_queries(
    client, ready_patient, therapist, django_assert_max_num_queries
):
    client.force_login(therapist)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(reverse("programme:overview", args=[ready_patient.pk])).status_code == 200
