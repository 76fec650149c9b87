"""The pages use a fixed number of queries, whatever the size of the diary or history."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.log import Action, record
from ruggensteun.diary.models import CheckIn, DiaryEntry
from tests.diary.conftest import calm_checkin, today

# The check-in POST with a running programme (issue #15: 43 before).
CHECKIN_POST_QUERIES = 27


def add_entries(patient, count):
    now = timezone.now()
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient,
            submission_key=uuid.uuid4(),
            felt_at=now - timedelta(hours=5 * n),
            pain=n % 11,
            regions=["lower_back_middle", "calf_left"][: 1 + n % 2],
            activity="sitting",
            duration="up_to_30",
        )
        for n in range(count)
    )
    for entry in DiaryEntry.objects.filter(patient=patient)[: count // 2]:
        record(
            patient.user,
            Action.UPDATE,
            "diary:entry_edit",
            patient=patient,
            detail={"diary_entry": entry.pk, "changed": {"pain": [1, 2]}},
        )


def add_checkins(patient, count):
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            submission_key=uuid.uuid4(),
            period_start=today() - timedelta(days=7 * n + 6),
            period_end=today() - timedelta(days=7 * n),
            pain=n % 11,
            sleep=3,
            stress=2,
            flare=n % 3 == 0,
            red_flags={"fever": n % 4 == 0},
            submitted_at=timezone.now() - timedelta(days=7 * n),
        )
        for n in range(count)
    )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("size", [2, 20])
def test_the_therapists_diary_view_uses_a_fixed_number_of_queries(
    client, therapist, patient, diary_on, size, django_assert_max_num_queries
):
    add_entries(patient, size)
    client.force_login(therapist)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("diary:patient_diary", args=[patient.pk]))
    assert response.content.decode().count("<tr>") == size + 1


def test_the_therapists_diary_view_costs_the_same_for_2_and_20_entries(
    client, therapist, patient, diary_on, outsider_patient
):
    from ruggensteun.diary.models import PainDiary

    PainDiary.objects.create(patient=outsider_patient, is_on=True)
    add_entries(patient, 2)
    add_entries(outsider_patient, 20)
    client.force_login(therapist)
    small = queries(client, reverse("diary:patient_diary", args=[patient.pk]))
    add_entries(patient, 18)
    assert queries(client, reverse("diary:patient_diary", args=[patient.pk])) == small


def test_the_check_in_history_costs_the_same_for_2_and_20_check_ins(client, therapist, patient):
    add_checkins(patient, 2)
    client.force_login(therapist)
    url = reverse("diary:patient_checkins", args=[patient.pk])
    small = queries(client, url)
    add_checkins(patient, 18)
    assert queries(client, url) == small


def test_the_patients_diary_costs_the_same_for_2_and_20_entries(client, patient, diary_on):
    add_entries(patient, 2)
    client.force_login(patient.user)
    small = queries(client, reverse("diary:diary"))
    add_entries(patient, 18)
    assert queries(client, reverse("diary:diary")) == small


def test_the_check_in_page_costs_the_same_early_and_late_in_a_history(client, patient, running):
    client.force_login(patient.user)
    small = queries(client, reverse("diary:checkin"))
    client.post(reverse("diary:checkin"), calm_checkin(running))
    add_checkins(patient, 20)
    assert queries(client, reverse("diary:checkin")) == small


def test_the_summary_tag_costs_two_queries_however_many_check_ins(
    patient, django_assert_num_queries
):
    add_checkins(patient, 20)
    template = Template("{% load diary %}{% checkin_summary patient %}")
    with django_assert_num_queries(2):
        template.render(Context({"patient": patient}))


def post_queries(client, data):
    with CaptureQueriesContext(connection) as captured:
        assert client.post(reverse("diary:checkin"), data).status_code == 302
    return len(captured)


def test_the_check_in_post_costs_a_fixed_number_of_queries_early_and_late_in_a_history(
    client, patient, running
):
    """Issue #15: the week's days are read once (under the lock), the row written once, and
    triage reads the programme, the latest assessment and the three questionnaires once;
    43 queries before. The same with 20 check-ins more."""
    client.force_login(patient.user)
    client.post(reverse("diary:checkin"), calm_checkin(running))  # the first one is triaged anew
    first = post_queries(client, calm_checkin(running))
    add_checkins(patient, 20)
    later = post_queries(client, calm_checkin(running))
    assert (first, later) == (CHECKIN_POST_QUERIES, CHECKIN_POST_QUERIES)
