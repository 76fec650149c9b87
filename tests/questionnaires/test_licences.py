"""Licence-restricted instruments (ODI, EQ-5D-5L) reach patients only once the practice
has confirmed it holds the licence; scoring them always works."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.models import AuditEvent
from ruggensteun.questionnaires.models import Assignment, InstrumentLicence, PracticeSchedule
from tests.questionnaires.conftest import submitted


@pytest.fixture
def odi(no_schedule):
    return Assignment.objects.create(
        patient=no_schedule, instrument="odi", due_on=timezone.localdate(), source="therapist"
    )


def test_without_a_licence_the_patient_neither_sees_nor_opens_the_odi(client, no_schedule, odi):
    client.force_login(no_schedule.user)
    assert (
        reverse("questionnaires:start", args=[odi.pk])
        not in client.get(reverse("questionnaires:mine")).content.decode()
    )
    assert client.get(reverse("questionnaires:start", args=[odi.pk])).status_code == 404
    assert client.post(reverse("questionnaires:start", args=[odi.pk])).status_code == 404


def test_with_a_confirmed_licence_the_patient_can_fill_the_odi(client, no_schedule, odi, admin):
    InstrumentLicence.objects.create(
        practice=no_schedule.practice, instrument="odi", confirmed_by=admin
    )
    client.force_login(no_schedule.user)
    assert client.get(reverse("questionnaires:start", args=[odi.pk])).status_code == 200
    assert (
        "ODI © Jeremy Fairbank 1980"
        in client.get(reverse("questionnaires:start", args=[odi.pk])).content.decode()
    )


def test_another_practices_licence_does_not_count(client, no_schedule, odi, other_practice):
    InstrumentLicence.objects.create(practice=other_practice, instrument="odi")
    client.force_login(no_schedule.user)
    assert client.get(reverse("questionnaires:start", args=[odi.pk])).status_code == 404


def test_the_therapist_cannot_assign_an_unlicensed_instrument(client, no_schedule, therapist):
    client.force_login(therapist)
    url = reverse("questionnaires:assign", args=[no_schedule.pk])
    assert "Oswestry" not in client.get(url).content.decode()
    page = client.post(url, {"instrument": "eq5d5l", "due_on": str(timezone.localdate())})
    assert page.status_code == 200
    assert not Assignment.objects.filter(instrument="eq5d5l").exists()


def test_scores_of_an_unlicensed_instrument_still_show_for_the_therapist(
    client, no_schedule, therapist
):
    submitted(no_schedule, "odi", {str(n): 2 for n in range(1, 11)})
    client.force_login(therapist)
    html = client.get(reverse("questionnaires:scores", args=[no_schedule.pk])).content.decode()
    assert "Oswestry" in html and "40,0" in html


def test_an_admin_confirms_a_licence_and_it_is_logged(client, admin, practice):
    client.force_login(admin)
    url = reverse("questionnaires:practice_settings")
    refused = client.post(url, {"action": "confirm_licence", "instrument": "odi"}, follow=True)
    assert "Vink aan dat uw praktijk de licentie heeft." in refused.content.decode()
    assert not InstrumentLicence.objects.exists()
    client.post(url, {"action": "confirm_licence", "instrument": "odi", "confirm": "yes"})
    client.post(url, {"action": "confirm_licence", "instrument": "odi", "confirm": "yes"})
    licence = InstrumentLicence.objects.get()
    assert (licence.practice, licence.instrument, licence.confirmed_by) == (practice, "odi", admin)
    assert AuditEvent.objects.filter(what="licence confirm_licence").count() == 1
    html = client.get(url).content.decode()
    assert "licentie bevestigd" in html and admin.full_name in html


def test_an_admin_withdraws_a_licence_and_the_patient_loses_access(client, admin, no_schedule, odi):
    InstrumentLicence.objects.create(practice=no_schedule.practice, instrument="odi")
    client.force_login(admin)
    client.post(
        reverse("questionnaires:practice_settings"),
        {"action": "withdraw_licence", "instrument": "odi"},
    )
    assert not InstrumentLicence.objects.exists()
    client.force_login(no_schedule.user)
    assert client.get(reverse("questionnaires:start", args=[odi.pk])).status_code == 404


def test_a_licence_for_an_unrestricted_instrument_is_refused(client, admin):
    client.force_login(admin)
    client.post(
        reverse("questionnaires:practice_settings"),
        {"action": "confirm_licence", "instrument": "nprs", "confirm": "yes"},
    )
    assert not InstrumentLicence.objects.exists()


def test_a_scheduled_licensed_instrument_is_only_planned_once_licensed(admin, patient):
    schedule = PracticeSchedule.default(patient.practice)
    schedule.moments["0"].append("eq5d5l")
    schedule.save()
    from ruggensteun.questionnaires.schedule import schedule_questionnaires

    schedule_questionnaires(patient)
    assert not Assignment.objects.filter(patient=patient, instrument="eq5d5l").exists()
    InstrumentLicence.objects.create(practice=patient.practice, instrument="eq5d5l")
    schedule_questionnaires(patient)
    assert Assignment.objects.filter(patient=patient, instrument="eq5d5l").count() == 1
