"""The privacy statement and the patient's agreement (issue #12): asked at the first login
and again for a new version, with the history kept; a red flag's advice comes first."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ruggensteun.accounts.models import Invitation, User
from ruggensteun.audit.models import AuditEvent
from ruggensteun.mydata import privacy
from ruggensteun.mydata.export import patient_records
from ruggensteun.mydata.models import PrivacyConsent, ReminderSettings
from ruggensteun.mydata.privacy import PrivacyStatement
from ruggensteun.patients.models import Patient
from tests import personas
from tests.intake.test_patient_advice import raise_flag

STATEMENT = reverse("mydata:privacy")
AGREE = reverse("mydata:privacy_agree")
DECLINE = reverse("mydata:privacy_decline")
TODAY = reverse("web:patient_home")
ADVICE = reverse("intake:advice")


@pytest.fixture
def newcomer(practice, therapist):
    """A patient who never agreed to the privacy statement."""
    return personas.patient(practice, therapist, "Nina Nieuw", agreed_to_privacy=False)


@pytest.fixture
def newcomer_client(client, newcomer):
    client.force_login(newcomer.user)
    return client


def agree(client, next_url=""):
    data = {"version": privacy.current().version}
    if next_url:
        data["next"] = next_url
    return client.post(AGREE, data)


def new_version(monkeypatch):
    later = PrivacyStatement("2027-01", date(2027, 1, 1), privacy.current().template)
    monkeypatch.setattr(privacy, "STATEMENTS", (*privacy.STATEMENTS, later))
    return later


def test_a_patient_who_has_not_agreed_is_sent_to_the_statement_and_back(newcomer_client):
    response = newcomer_client.get(reverse("mydata:progress"))
    assert response.status_code == 302
    assert response["Location"] == f"{STATEMENT}?next={reverse('mydata:progress')}"
    page = newcomer_client.get(response["Location"])
    assert "Ik heb dit gelezen en ga akkoord" in page.content.decode()
    done = agree(newcomer_client, next_url=reverse("mydata:progress"))
    assert done["Location"] == reverse("mydata:progress")
    assert newcomer_client.get(reverse("mydata:progress")).status_code == 200


def test_agreeing_is_stored_with_version_and_time_and_logged(newcomer_client, newcomer):
    agree(newcomer_client)
    consent = PrivacyConsent.objects.get(patient=newcomer)
    assert consent.version == privacy.current().version
    assert consent.agreed_at is not None
    event = AuditEvent.objects.get(what="mydata: privacy statement agreed")
    assert event.patient_id == newcomer.pk and event.actor_id == newcomer.user_id
    assert event.detail == {"version": consent.version, "consent": consent.pk}


def test_agreeing_twice_records_and_logs_once(newcomer_client, newcomer):
    agree(newcomer_client)
    agree(newcomer_client)
    assert PrivacyConsent.objects.filter(patient=newcomer).count() == 1
    assert AuditEvent.objects.filter(what="mydata: privacy statement agreed").count() == 1


def test_a_form_for_an_older_version_records_nothing(newcomer_client, newcomer):
    response = newcomer_client.post(AGREE, {"version": "1999-01"})
    assert response["Location"] == STATEMENT
    assert not PrivacyConsent.objects.filter(patient=newcomer).exists()


def test_after_agreeing_the_start_page_is_today(newcomer_client):
    agree(newcomer_client)
    response = newcomer_client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == TODAY
    assert response.status_code == 200


def test_a_new_version_asks_again_and_keeps_the_history(client, patient, monkeypatch):
    client.force_login(patient.user)
    assert client.get(TODAY).status_code == 200
    first = PrivacyConsent.objects.get(patient=patient)
    later = new_version(monkeypatch)
    assert client.get(TODAY)["Location"].startswith(STATEMENT)
    page = client.get(STATEMENT).content.decode()
    assert "Versie 2027-01" in page
    agree(client)
    assert client.get(TODAY).status_code == 200
    versions = list(
        PrivacyConsent.objects.filter(patient=patient).values_list("version", flat=True)
    )
    assert versions == [later.version, first.version]


def test_until_agreed_the_own_data_pages_and_logout_stay_open(newcomer_client):
    assert newcomer_client.get(STATEMENT).status_code == 200
    assert newcomer_client.get(DECLINE).status_code == 200
    assert newcomer_client.get(reverse("mydata:own_data")).status_code == 200
    assert newcomer_client.get(reverse("mydata:request_deletion")).status_code == 200
    download = newcomer_client.post(reverse("mydata:download"))
    assert download["Content-Type"] == "application/zip"
    assert newcomer_client.get(reverse("accounts:settings"))["Location"].startswith(STATEMENT)
    out = newcomer_client.post(reverse("accounts:logout"))
    assert out.status_code == 302
    assert newcomer_client.get(TODAY)["Location"].startswith(reverse("accounts:login"))


def test_a_post_elsewhere_before_agreeing_goes_to_the_statement(newcomer_client, newcomer):
    response = newcomer_client.post(reverse("mydata:reminders"), {"actie": "pauzeren"})
    assert response.status_code == 303
    assert response["Location"] == STATEMENT
    assert not ReminderSettings.objects.filter(patient=newcomer).exists()


@pytest.mark.parametrize("urgency", ["emergency", "urgent"])
def test_a_patient_in_lockdown_sees_the_advice_never_the_statement(
    newcomer_client, newcomer, urgency
):
    raise_flag(newcomer, "CES", urgency)
    start = newcomer_client.get("/", follow=True)
    assert start.redirect_chain[-1][0] == ADVICE
    assert start.status_code == 200
    for url in (TODAY, reverse("mydata:progress"), reverse("accounts:settings")):
        response = newcomer_client.get(url)
        assert response["Location"] == ADVICE, url
    assert newcomer_client.get(ADVICE).status_code == 200
    # The statement can be read, but agreeing and declining wait for the advice.
    statement = newcomer_client.get(STATEMENT)
    assert statement.status_code == 200
    assert "Ik heb dit gelezen en ga akkoord" not in statement.content.decode()
    for response in (
        newcomer_client.post(AGREE, {"version": "2026-06"}),
        newcomer_client.get(DECLINE),
    ):
        assert (response.status_code, response["Location"]) == (303, ADVICE)
    assert not PrivacyConsent.objects.filter(patient=newcomer).exists()


def test_a_soon_flag_does_not_skip_the_statement(newcomer_client, newcomer):
    raise_flag(newcomer, "CES", "soon")
    assert newcomer_client.get(TODAY)["Location"].startswith(STATEMENT)


def test_declining_says_what_happens_with_the_practice_and_logout(newcomer_client, practice):
    practice.phone = "020 123 4567"
    practice.save()
    page = newcomer_client.get(DECLINE).content.decode()
    assert "U kunt Ruggensteun niet gebruiken" in page
    assert "Contact met uw praktijk" in page and "020 123 4567" in page
    assert reverse("accounts:logout") in page
    assert page.count("<h1") == 1


def test_staff_are_never_asked(client, therapist, admin):
    for user, page in ((therapist, reverse("patients:caseload")), (admin, reverse("web:practice"))):
        client.force_login(user)
        assert client.get(page).status_code == 200
    assert not PrivacyConsent.objects.exists()


def test_the_statement_is_public_with_its_version_date_and_facts(client):
    page = client.get(STATEMENT).content.decode()
    current = privacy.current()
    assert f"Versie {current.version}" in page
    for fact in ("20 jaar", "auditlog", "Uw fysiotherapeut", "servers", "verwijderen"):
        assert fact in page, fact
    assert "Ik heb dit gelezen en ga akkoord" not in page


def test_the_statement_speaks_english_to_an_english_patient(client, practice, therapist):
    english = personas.patient(
        practice, therapist, "Emma English", language="en", agreed_to_privacy=False
    )
    client.force_login(english.user)
    page = client.get(STATEMENT).content.decode()
    assert "Privacy statement" in page
    assert "I have read this and I agree" in page
    decline = client.get(DECLINE).content.decode()
    assert "You cannot use Ruggensteun" in decline
    main = page[page.index("<main") :] + decline[decline.index("<main") :]
    for dutch in ("Wat bewaren", "Wie ziet", "Hoe lang", "uw praktijk", "Uitloggen", "ga akkoord"):
        assert dutch not in main, dutch


def test_the_footer_links_to_the_statement(client, patient):
    client.force_login(patient.user)
    assert f'href="{STATEMENT}"' in client.get(TODAY).content.decode()


def test_own_data_shows_the_history_and_the_download_holds_it(client, patient, monkeypatch):
    client.force_login(patient.user)
    new_version(monkeypatch)
    agree(client)
    page = client.get(reverse("mydata:own_data")).content.decode()
    assert "Akkoord met versie 2026-06" in page and "Akkoord met versie 2027-01" in page
    rows = patient_records(patient)["records"]["mydata.PrivacyConsent"]
    assert {row["version"] for row in rows} == {"2026-06", "2027-01"}


def test_an_agreed_patient_costs_no_extra_query(client, patient, newcomer):
    client.force_login(patient.user)
    with CaptureQueriesContext(connection) as agreed:
        client.get(reverse("mydata:progress"))
    client.force_login(newcomer.user)
    agree(client)
    with CaptureQueriesContext(connection) as newly_agreed:
        client.get(reverse("mydata:progress"))
    assert len(newly_agreed) == len(agreed)


def test_an_invited_patient_is_asked_after_setting_the_password(client, practice, therapist):
    user = User.objects.create_user("ivo@test.example", None, full_name="Ivo Uitgenodigd")
    Patient.objects.create(user=user, practice=practice, therapist=therapist)
    _invitation, token = Invitation.issue(
        user=user, practice=practice, kind=Invitation.Kind.PATIENT, invited_by=therapist
    )
    response = client.post(
        reverse("accounts:accept_invitation", args=[token]),
        {"new_password1": personas.PASSWORD, "new_password2": personas.PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(STATEMENT)
    assert Invitation.objects.filter(user=user, accepted_at__isnull=False).exists()
    assert not PrivacyConsent.objects.filter(patient__user=user).exists()
