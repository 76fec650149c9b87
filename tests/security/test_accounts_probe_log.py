"""Finding 11 of issue #11 (probe half): an outsider's try at a patient URL is logged."""

from django.urls import reverse

from ruggensteun.audit.models import AuditEvent


def test_a_therapist_of_another_practice_probing_a_patient_is_logged(
    client, patient, outsider_therapist, other_practice
):
    client.force_login(outsider_therapist)
    response = client.get(reverse("patients:detail", args=[patient.pk]))
    assert response.status_code == 404
    event = AuditEvent.objects.get(action=AuditEvent.Action.DENIED)
    assert event.actor == outsider_therapist
    assert event.actor_email == outsider_therapist.email
    assert event.practice_id == other_practice.pk
    assert event.patient_id is None  # the id is in the detail, not linked as if seen
    assert event.detail["patient_id"] == patient.pk
    assert event.what == "patients:detail"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_a_probe_of_an_id_that_does_not_exist_is_logged_too(client, outsider_admin):
    client.force_login(outsider_admin)
    assert client.get(reverse("patients:detail", args=[987654])).status_code == 404
    event = AuditEvent.objects.get(action=AuditEvent.Action.DENIED)
    assert event.detail["patient_id"] == 987654


def test_a_patient_trying_a_staff_patient_url_is_logged(client, patient, outsider_patient):
    client.force_login(outsider_patient.user)
    assert client.get(reverse("patients:detail", args=[patient.pk])).status_code == 404
    event = AuditEvent.objects.get(action=AuditEvent.Action.DENIED)
    assert event.actor == outsider_patient.user
    assert event.detail["patient_id"] == patient.pk


def test_the_own_practice_reading_its_patient_logs_no_denial(client, patient, therapist):
    client.force_login(therapist)
    assert client.get(reverse("patients:detail", args=[patient.pk])).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, patient=patient).exists()
