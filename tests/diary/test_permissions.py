"""Who may open which check-in and diary page: the permission matrix, written out."""

import pytest
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.diary.models import PainDiary
from tests import personas
from tests.diary.conftest import calm_checkin, diary_post

PATIENT_PAGES = ["checkin", "checkin_done", "diary", "entry_new", "entry_edit", "entry_delete"]
STAFF_PAGES = ["patient_checkins", "patient_diary", "diary_switch"]


@pytest.fixture
def owned(client, patient, running, diary_on):
    """One check-in and one diary entry of the patient: {url name: its address}."""
    client.force_login(patient.user)
    done = client.post(reverse("diary:checkin"), calm_checkin(running))
    client.post(reverse("diary:entry_new"), diary_post())
    entry = patient.diary_entries.get()
    client.logout()
    return {
        "checkin": reverse("diary:checkin"),
        "checkin_done": done.url,
        "diary": reverse("diary:diary"),
        "entry_new": reverse("diary:entry_new"),
        "entry_edit": reverse("diary:entry_edit", args=[entry.pk]),
        "entry_delete": reverse("diary:entry_delete", args=[entry.pk]),
    }


def staff_url(name, patient):
    return reverse(f"diary:{name}", args=[patient.pk])


@pytest.mark.parametrize("name", PATIENT_PAGES)
def test_patient_opens_her_own_pages(client, owned, patient, name):
    client.force_login(patient.user)
    response = client.get(owned[name])
    assert response.status_code == 200


@pytest.mark.parametrize("name", PATIENT_PAGES)
@pytest.mark.parametrize("who", ["therapist", "admin", "outsider_therapist"])
def test_staff_get_404_on_the_patients_own_pages(client, owned, request, name, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(owned[name]).status_code == 404


@pytest.mark.parametrize("name", ["checkin_done", "entry_edit", "entry_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_patient_gets_404_on_her_check_in_and_entries(
    client, owned, practice, therapist, name, method
):
    neighbour = personas.patient(practice, therapist, "Nina Naaste")
    PainDiary.objects.create(patient=neighbour, is_on=True)
    client.force_login(neighbour.user)
    assert getattr(client, method)(owned[name]).status_code == 404


def test_another_patient_cannot_change_or_delete_an_entry_by_posting(
    client, owned, patient, practice, therapist
):
    neighbour = personas.patient(practice, therapist, "Nina Naaste")
    PainDiary.objects.create(patient=neighbour, is_on=True)
    client.force_login(neighbour.user)
    client.post(owned["entry_edit"], diary_post(pain=1))
    client.post(owned["entry_delete"])
    entry = patient.diary_entries.get()
    assert entry.pain == 6


@pytest.mark.parametrize("name", PATIENT_PAGES)
def test_anonymous_visitor_is_sent_to_the_login_from_patient_pages(client, owned, name):
    response = client.get(owned[name])
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize("who", ["therapist", "admin"])
def test_the_patients_therapist_and_admin_open_the_staff_pages(client, patient, request, name, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(staff_url(name, patient)).status_code == 200


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize("who", ["outsider_therapist", "outsider_admin"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_of_another_practice_get_404_on_the_staff_pages(
    client, patient, request, name, who, method
):
    client.force_login(request.getfixturevalue(who))
    assert getattr(client, method)(staff_url(name, patient)).status_code == 404


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_the_patient_herself_gets_404_on_the_staff_pages(client, patient, name):
    client.force_login(patient.user)
    assert client.get(staff_url(name, patient)).status_code == 404


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_visitor_is_sent_to_the_login_from_staff_pages(client, patient, name):
    response = client.get(staff_url(name, patient))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_outsider_cannot_turn_the_diary_on(client, patient, outsider_therapist):
    client.force_login(outsider_therapist)
    client.post(staff_url("diary_switch", patient), {"is_on": "1"})
    assert not PainDiary.objects.filter(patient=patient).exists()


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_every_staff_page_view_is_in_the_audit_log(client, patient, therapist, name):
    client.force_login(therapist)
    client.get(staff_url(name, patient))
    assert AuditEvent.objects.filter(
        actor=therapist, patient=patient, action="view", what=f"diary:{name}"
    ).exists()
