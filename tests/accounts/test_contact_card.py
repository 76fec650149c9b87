"""The practice's contact card: edited by the practice's admin only, checked, logged, and
shown to patients; the admin also names the clinical lead."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from ruggensteun.accounts.models import Membership, Practice
from ruggensteun.audit.models import AuditEvent

CARD = {
    "country": "NL",
    "phone": "010 - 123 45 67",
    "opening_hours": "Maandag tot en met vrijdag 8.00 tot 18.00 uur",
    "address": "Havenstraat 1\n3011 AA Rotterdam",
    "alert_email": "alarm@anker.example",
    "gp_phone": "0900-1234567",
    "out_of_hours_advice": "Bel bij spoed de huisartsenpost.",
}


def test_the_admin_fills_in_the_contact_card_and_it_is_logged(client, admin, practice):
    client.force_login(admin)
    response = client.post(reverse("accounts:contact_card"), CARD)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.phone, practice.gp_phone, practice.alert_email) == (
        "010 - 123 45 67",
        "0900-1234567",
        "alarm@anker.example",
    )
    assert practice.address == "Havenstraat 1\r\n3011 AA Rotterdam" or practice.address == (
        "Havenstraat 1\n3011 AA Rotterdam"
    )
    event = AuditEvent.objects.get(what="practice contact card")
    assert (event.action, event.practice_id, event.actor_id) == ("update", practice.pk, admin.pk)
    assert "phone" in event.detail["changed"]


def test_a_therapist_may_not_edit_the_contact_card(client, therapist, practice):
    client.force_login(therapist)
    assert client.get(reverse("accounts:contact_card")).status_code == 403
    assert client.post(reverse("accounts:contact_card"), CARD).status_code == 403
    practice.refresh_from_db()
    assert practice.phone == ""


def test_an_admin_of_another_practice_sees_and_changes_only_their_own(
    client, admin, practice, outsider_admin, other_practice
):
    practice.phone = "010-1234567"
    practice.save()
    client.force_login(outsider_admin)
    page = client.get(reverse("accounts:contact_card")).content.decode()
    assert other_practice.name in page
    assert practice.name not in page and "010-1234567" not in page
    client.post(reverse("accounts:contact_card"), {**CARD, "country": "BE"})
    practice.refresh_from_db()
    other_practice.refresh_from_db()
    assert practice.phone == "010-1234567"
    assert other_practice.phone == "010 - 123 45 67"


@pytest.mark.parametrize(
    ("phone", "error"),
    [
        ("06 1234 abcd", "mag alleen cijfers, spaties en de tekens + - ( ) bevatten"),
        ("06+12345678", "Het plusteken (+) mag alleen aan het begin"),
        ("12", "Dit telefoonnummer is te kort"),
        ("+31 6 1234 5678 9012 3456", "Dit telefoonnummer is te lang"),
    ],
)
def test_a_wrong_phone_number_gets_a_clear_dutch_error(client, admin, practice, phone, error):
    client.force_login(admin)
    response = client.post(reverse("accounts:contact_card"), {**CARD, "gp_phone": phone})
    assert response.status_code == 200
    assert error in response.content.decode()
    practice.refresh_from_db()
    assert practice.gp_phone == "" and practice.phone == ""


def test_a_wrong_alert_address_gets_a_dutch_error(client, admin, practice):
    client.force_login(admin)
    response = client.post(reverse("accounts:contact_card"), {**CARD, "alert_email": "alarm@"})
    assert "Vul een geldig e-mailadres in." in response.content.decode()
    practice.refresh_from_db()
    assert practice.alert_email == ""


def test_the_team_page_links_to_the_contact_card(client, admin):
    client.force_login(admin)
    page = client.get(reverse("accounts:team")).content.decode()
    assert reverse("accounts:contact_card") in page


def test_the_patient_card_has_call_links_and_the_country_word():
    practice = Practice(
        name="Kinepraktijk De Overkant",
        country="BE",
        phone="+32 (0)9 123 45 67",
        gp_phone="1733",
        out_of_hours_advice="Bel 1733.",
    )
    html = render_to_string("patients/_practice_contact.html", {"practice": practice})
    assert '<a href="tel:+3291234567">+32 (0)9 123 45 67</a>' in html
    assert '<a href="tel:1733">1733</a>' in html
    assert "huisartsenwachtdienst" in html and "Bel 1733." in html


def test_an_empty_card_shows_only_the_name():
    html = render_to_string("patients/_practice_contact.html", {"practice": Practice(name="Leeg")})
    assert "Leeg" in html
    assert "<dl" not in html and "tel:" not in html and "<h3" not in html


def test_the_patient_sees_the_card_on_their_account_page(client, patient, practice):
    practice.phone = "010-1234567"
    practice.alert_email = "alarm@anker.example"
    practice.save()
    client.force_login(patient.user)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert '<a href="tel:0101234567">010-1234567</a>' in page
    assert "alarm@anker.example" not in page
    assert page.count("<h1") == 1


def test_the_admin_names_and_unnames_the_clinical_lead(client, admin, therapist, practice):
    membership = Membership.objects.get(user=therapist, practice=practice)
    client.force_login(admin)
    url = reverse("accounts:set_clinical_lead")
    client.post(url, {"membership": membership.pk, "is_clinical_lead": "on"})
    membership.refresh_from_db()
    assert membership.is_clinical_lead
    event = AuditEvent.objects.get(what="clinical lead")
    assert event.detail == {"user_id": therapist.pk, "is_clinical_lead": True}
    assert event.practice_id == practice.pk
    client.post(url, {"membership": membership.pk})
    membership.refresh_from_db()
    assert not membership.is_clinical_lead


def test_nobody_names_a_clinical_lead_in_another_practice(
    client, admin, therapist, outsider_therapist, other_practice
):
    theirs = Membership.objects.get(user=outsider_therapist, practice=other_practice)
    url = reverse("accounts:set_clinical_lead")
    client.force_login(admin)
    assert client.post(url, {"membership": theirs.pk, "is_clinical_lead": "on"}).status_code == 404
    client.force_login(therapist)
    mine = Membership.objects.get(user=therapist)
    assert client.post(url, {"membership": mine.pk, "is_clinical_lead": "on"}).status_code == 403
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert not theirs.is_clinical_lead and not mine.is_clinical_lead


def test_the_demo_practices_have_a_contact_card_and_patients_have_phones(db):
    from io import StringIO

    from django.core.management import call_command

    from ruggensteun.accounts.phone import validate_phone
    from ruggensteun.patients.models import Patient

    call_command("demo", stdout=StringIO())
    dutch, flemish = Practice.objects.order_by("id")
    assert (dutch.country, flemish.country, flemish.gp_phone) == ("NL", "BE", "1733")
    for practice in (dutch, flemish):
        assert practice.phone and practice.opening_hours and practice.address
        assert practice.alert_email.endswith(".example") and practice.out_of_hours_advice
        validate_phone(practice.phone)
    phones = [phone for phone in Patient.objects.values_list("phone", flat=True) if phone]
    assert len(phones) > Patient.objects.count() / 2
    for phone in phones:
        validate_phone(phone)
    assert any(phone.startswith("+32 470") for phone in phones)
