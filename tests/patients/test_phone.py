"""Patients' phone numbers: given at the invitation or by the patient, checked, logged,
and shown to the therapist as a link that calls."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ruggensteun.accounts.phone import tel_href, validate_phone
from ruggensteun.audit.models import AuditEvent
from ruggensteun.patients.models import Patient


@pytest.mark.parametrize(
    ("typed", "href"),
    [
        ("06-12345678", "tel:0612345678"),
        ("+32 470 00 00 00", "tel:+32470000000"),
        ("+31 (0)20 123 4567", "tel:+31201234567"),
        ("(010) 123 45 67", "tel:0101234567"),
        ("", ""),
    ],
)
def test_a_typed_number_becomes_a_call_link(typed, href):
    assert tel_href(typed) == href


@pytest.mark.parametrize("good", ["06-12345678", "+32 470 00 00 00", "112", "1733", ""])
def test_ordinary_numbers_pass(good):
    validate_phone(good)


@pytest.mark.parametrize("bad", ["06.12345678", "bel mij", "06+1234", "12", "0" * 16])
def test_odd_numbers_are_refused(bad):
    with pytest.raises(ValidationError):
        validate_phone(bad)


def invitation(**changes):
    return {
        "full_name": "Nina Nieuw",
        "email": "nina@test.example",
        "date_of_birth": "1980-03-04",
        "sex": "female",
        "language": "nl",
        "therapist": None,
        **changes,
    }


def test_the_therapist_records_a_phone_number_at_the_invitation(client, therapist):
    client.force_login(therapist)
    response = client.post(
        reverse("patients:invite"), invitation(therapist=therapist.pk, phone=" 06-12345678 ")
    )
    assert response.status_code == 302
    assert Patient.objects.get(user__email="nina@test.example").phone == "06-12345678"


def test_the_phone_number_is_optional_at_the_invitation(client, therapist):
    client.force_login(therapist)
    client.post(reverse("patients:invite"), invitation(therapist=therapist.pk))
    assert Patient.objects.get(user__email="nina@test.example").phone == ""


def test_a_wrong_number_at_the_invitation_is_explained_in_dutch(client, therapist):
    client.force_login(therapist)
    response = client.post(
        reverse("patients:invite"), invitation(therapist=therapist.pk, phone="nul zes")
    )
    assert response.status_code == 200
    assert "Een telefoonnummer mag alleen cijfers" in response.content.decode()
    assert not Patient.objects.filter(user__email="nina@test.example").exists()


def test_the_patient_keeps_their_phone_number_on_the_account_page(client, patient):
    client.force_login(patient.user)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert 'name="phone"' in page and 'type="tel"' in page
    response = client.post(
        reverse("accounts:settings"),
        {"full_name": patient.name, "language": "nl", "phone": "+32 470 00 00 00"},
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.phone == "+32 470 00 00 00"
    event = AuditEvent.objects.get(what="own phone number")
    assert (event.action, event.patient_id) == ("update", patient.pk)


def test_a_wrong_number_on_the_account_page_is_explained_and_nothing_is_lost(client, patient):
    client.force_login(patient.user)
    response = client.post(
        reverse("accounts:settings"),
        {"full_name": "Petra Nieuw", "language": "nl", "phone": "06-1234567x"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Een telefoonnummer mag alleen cijfers" in page
    assert 'value="Petra Nieuw"' in page  # what was typed is shown again
    patient.refresh_from_db()
    patient.user.refresh_from_db()
    assert patient.phone == "" and patient.name == "Petra Patiënt"


def test_staff_have_no_phone_field_on_their_account_page(client, therapist):
    client.force_login(therapist)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert 'name="phone"' not in page and "Contact met uw praktijk" not in page


def test_the_patient_page_shows_the_number_as_a_call_link(client, patient, therapist):
    patient.phone = "06-12345678"
    patient.save()
    client.force_login(therapist)
    page = client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    assert '<a href="tel:0612345678">06-12345678</a>' in page
