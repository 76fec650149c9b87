import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from ruggensteun.audit.log import Action, record
from ruggensteun.audit.models import AppendOnlyError, AuditEvent


@pytest.fixture
def event(therapist, patient):
    return record(therapist, Action.VIEW, "patients:detail", patient=patient)


def test_an_event_cannot_be_changed(event):
    event.what = "iets anders"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(what="x")


def test_the_database_itself_refuses_to_change_an_event(event):
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET what = 'x' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.what == "patients:detail"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's")
def test_postgresql_refuses_to_delete_an_event(event):
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_log_outlives_the_account_that_acted(admin, patient):
    event = record(admin, Action.VIEW, "patients:detail", patient=patient)
    admin.memberships.all().delete()
    admin.delete()
    event.refresh_from_db()
    assert event.actor_email == "anton.beheer@test.example"


def test_an_admin_sees_only_their_own_practices_events(
    client, admin, event, outsider_therapist, outsider_patient
):
    record(outsider_therapist, Action.VIEW, "elders", patient=outsider_patient)
    client.force_login(admin)
    html = client.get(reverse("audit:log")).content.decode()
    assert "patients:detail" in html
    assert "elders" not in html


def test_the_admin_filters_the_log_by_patient_action_and_actor(
    client, admin, therapist, patient, practice
):
    from tests import personas

    other = personas.patient(practice, therapist, "Bert Anders")
    record(therapist, Action.UPDATE, "wijziging-petra", patient=patient)
    record(therapist, Action.VIEW, "inzage-bert", patient=other)
    client.force_login(admin)
    by_patient = client.get(reverse("audit:log"), {"patient": "petra"}).content.decode()
    assert "wijziging-petra" in by_patient and "inzage-bert" not in by_patient
    by_action = client.get(reverse("audit:log"), {"action": "view"}).content.decode()
    assert "inzage-bert" in by_action and "wijziging-petra" not in by_action
    by_actor = client.get(reverse("audit:log"), {"actor": "niemand"}).content.decode()
    assert "inzage-bert" not in by_actor


def test_a_bad_filter_date_is_refused_without_an_error_page(client, admin):
    client.force_login(admin)
    response = client.get(reverse("audit:log"), {"since": "gisteren"})
    assert response.status_code == 200
    assert "Voer een geldige datum in" in response.content.decode()


def test_reading_the_audit_log_is_itself_logged(client, admin, event):
    client.force_login(admin)
    client.get(reverse("audit:log"))
    logged = AuditEvent.objects.get(what="audit:log")
    assert logged.detail == {"patient_ids": [event.patient_id]}
