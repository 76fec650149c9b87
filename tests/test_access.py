"""Who may see which patient: the permission matrix, written out."""

import pytest
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.patients.models import Patient
from tests import personas
from tests.workspace.conftest import write_note


def test_a_patient_sees_only_themself(patient, practice, therapist):
    personas.patient(practice, therapist, "Nina Naaste")
    assert list(Patient.objects.visible_to(patient.user)) == [patient]


def test_a_therapist_sees_every_patient_of_their_own_practice_only(
    patient, practice, therapist, outsider_patient
):
    colleague = personas.therapist(practice, "Cor Collega")
    colleagues_patient = personas.patient(practice, colleague, "Cas Collega-patiënt")
    assert set(Patient.objects.visible_to(therapist)) == {patient, colleagues_patient}


def test_an_admin_sees_their_practice_patients(admin, patient, outsider_patient):
    assert list(Patient.objects.visible_to(admin)) == [patient]


def test_a_user_without_role_sees_nobody(db, patient):
    from ruggensteun.accounts.models import User

    stranger = User.objects.create_user("zomaar@test.example", "x", full_name="Zomaar Iemand")
    assert not Patient.objects.visible_to(stranger).exists()


def test_an_anonymous_visitor_sees_nobody(patient):
    from django.contrib.auth.models import AnonymousUser

    assert not Patient.objects.visible_to(AnonymousUser()).exists()


def test_an_inactive_therapist_sees_nobody(patient, therapist):
    therapist.is_active = False
    therapist.save()
    assert not Patient.objects.visible_to(therapist).exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("therapist", 200),
        ("admin", 200),
        ("patient", 404),  # the patient's own pages live elsewhere
        ("outsider_therapist", 404),
        ("outsider_admin", 404),
    ],
)
def test_patient_detail_permission_matrix(client, request, patient, persona, expected):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    response = client.get(reverse("patients:detail", args=[patient.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "whose_note", "expected"),
    [
        ("therapist", "patient", 200),
        ("admin", "patient", 200),
        ("patient", "patient", 404),
        ("outsider_therapist", "patient", 404),
        ("outsider_admin", "patient", 404),
        # The patient's own address with a real note of another practice's patient: the
        # view must check the note, not only the patient.
        ("therapist", "outsider_patient", 404),
        ("admin", "outsider_patient", 404),
    ],
)
def test_session_note_permission_matrix(client, request, patient, persona, whose_note, expected):
    owner = request.getfixturevalue(whose_note)
    note = write_note(owner, owner.therapist)
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    response = client.get(reverse("workspace:note_edit", args=[patient.pk, note.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("patient", 200), ("therapist", 404), ("admin", 404), ("outsider_therapist", 404)],
)
def test_patient_home_permission_matrix(client, request, patient, persona, expected):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("web:patient_home")).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("therapist", 200), ("admin", 200), ("patient", 403), ("outsider_therapist", 200)],
)
def test_caseload_is_for_staff(client, request, patient, persona, expected):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("patients:caseload")).status_code == expected


def test_caseload_never_lists_another_practices_patient(client, outsider_therapist, patient):
    client.force_login(outsider_therapist)
    response = client.get(reverse("patients:caseload"), {"scope": "practice"})
    assert patient.name not in response.content.decode()


def test_caseload_shows_own_patients_and_on_request_the_whole_practice(
    client, practice, therapist, patient
):
    colleague = personas.therapist(practice, "Cor Collega")
    other = personas.patient(practice, colleague, "Cas Collega-patiënt")
    client.force_login(therapist)
    mine = client.get(reverse("patients:caseload")).content.decode()
    everyone = client.get(reverse("patients:caseload"), {"scope": "practice"}).content.decode()
    assert patient.name in mine and other.name not in mine
    assert patient.name in everyone and other.name in everyone


def test_caseload_search_finds_by_name(client, therapist, patient, practice):
    personas.patient(practice, therapist, "Bert Anders")
    client.force_login(therapist)
    html = client.get(reverse("patients:caseload"), {"q": "petra"}).content.decode()
    assert patient.name in html and "Bert Anders" not in html


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("admin", 200), ("therapist", 403), ("patient", 403), ("outsider_admin", 200)],
)
def test_team_and_audit_pages_are_for_admins(client, request, patient, persona, expected):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("accounts:team")).status_code == expected
    assert client.get(reverse("audit:log")).status_code == expected


def test_reading_a_patient_is_logged_with_who_what_and_which_patient(client, therapist, patient):
    client.force_login(therapist)
    client.get(reverse("patients:detail", args=[patient.pk]))
    event = AuditEvent.objects.get(patient=patient, action=AuditEvent.Action.VIEW)
    assert event.actor == therapist
    assert event.actor_email == therapist.email
    assert event.what == "patients:detail"
    assert event.practice_id == patient.practice_id


def test_a_refused_read_names_no_patient_in_the_log(client, outsider_therapist, patient):
    client.force_login(outsider_therapist)
    client.get(reverse("patients:detail", args=[patient.pk]))
    assert not AuditEvent.objects.filter(patient=patient).exists()


def test_listing_the_caseload_logs_which_patients_were_shown(client, therapist, patient):
    client.force_login(therapist)
    client.get(reverse("patients:caseload"))
    event = AuditEvent.objects.get(action=AuditEvent.Action.LIST, what="patients:caseload")
    assert event.detail == {"patient_ids": [patient.pk], "alert_patient_ids": []}
