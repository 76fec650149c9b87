from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ruggensteun.accounts.models import Invitation, LoginAttempt, Membership, User
from ruggensteun.patients.models import Patient
from tests.committed import committed
from tests.personas import PASSWORD


def login(client, email, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_the_root_sends_an_anonymous_visitor_to_the_dutch_login(client, db):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    html = response.content.decode()
    assert '<html lang="nl">' in html and "<h1>Inloggen</h1>" in html


def test_a_browser_asking_for_english_still_gets_dutch(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>Inloggen</h1>" in response.content.decode()


def test_login_by_email_is_case_insensitive(client, therapist):
    response = login(client, therapist.email.upper())
    assert response.status_code == 302
    assert client.get("/").url == reverse("patients:caseload")


def test_a_patient_lands_on_their_own_home_page(client, patient):
    login(client, patient.user.email)
    assert client.get("/").url == reverse("web:patient_home")


def test_a_wrong_password_is_refused_in_plain_dutch(client, therapist):
    response = login(client, therapist.email, "fout")
    assert response.status_code == 200
    assert "Het e-mailadres of het wachtwoord klopt niet" in response.content.decode()


def test_five_failures_lock_the_account_even_with_the_right_password(client, therapist):
    for _ in range(5):
        login(client, therapist.email, "fout")
    response = login(client, therapist.email)
    assert response.status_code == 200
    assert "Te veel mislukte pogingen" in response.content.decode()


def test_the_account_lock_is_per_account(client, therapist, admin):
    for _ in range(5):
        login(client, therapist.email, "fout", ip="10.0.0.1")
    assert login(client, admin.email, ip="10.0.0.2").status_code == 302


def test_many_failures_from_one_address_lock_that_address(client, therapist, settings):
    settings.LOGIN_FAILURES_PER_IP = 3
    for number in range(3):
        login(client, f"iemand{number}@test.example", "fout", ip="10.9.9.9")
    assert login(client, therapist.email, ip="10.9.9.9").status_code == 200
    assert login(client, therapist.email, ip="10.1.1.1").status_code == 302


def test_old_failures_no_longer_count(client, therapist):
    for _ in range(5):
        login(client, therapist.email, "fout")
    LoginAttempt.objects.update(at=timezone.now() - timedelta(hours=1))
    assert login(client, therapist.email).status_code == 302


def test_the_session_expires_after_inactivity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_passwords_are_hashed_with_argon2_in_production():
    # The suite itself uses a fast hasher (tests/settings.py); production must not.
    from ruggensteun import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_therapist_invites_a_patient_who_sets_a_password_once(
    client, therapist, practice, django_capture_on_commit_callbacks
):
    client.force_login(therapist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("patients:invite"),
            {
                "full_name": "Nieuwe Patiënt",
                "email": "Nieuw@Test.example",
                "date_of_birth": "1980-03-04",
                "sex": "male",
                "language": "nl",
                "therapist": therapist.pk,
            },
        )
    patient = Patient.objects.get(user__email="nieuw@test.example")
    # Back to the caseload, as for an address that has an account (issue #11, finding 10).
    assert response.url == reverse("patients:caseload")
    assert patient.practice == practice and patient.therapist == therapist
    assert not patient.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["nieuw@test.example"]
    assert "Uitnodiging voor Ruggensteun" in message.subject
    link = next(word for word in message.body.split() if "/uitnodiging/" in word)
    path = link.split("testserver")[-1].replace("http://127.0.0.1:8000", "")

    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    done = client.post(
        path, {"new_password1": "mijn-nieuwe-rug-2026", "new_password2": "mijn-nieuwe-rug-2026"}
    )
    assert done.url == reverse("web:home")
    patient.user.refresh_from_db()
    assert patient.user.check_password("mijn-nieuwe-rug-2026")

    client.logout()
    again = client.get(path)
    assert again.status_code == 410
    assert "al ingesteld" in again.content.decode()


def test_an_invitation_e_mail_is_in_the_patients_language(
    client, therapist, django_capture_on_commit_callbacks
):
    client.force_login(therapist)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("patients:invite"),
            {
                "full_name": "Jane Doe",
                "email": "jane@test.example",
                "date_of_birth": "1990-01-01",
                "language": "en",
                "therapist": therapist.pk,
            },
        )
    assert "Invitation to Ruggensteun" in mail.outbox[0].subject


def test_an_expired_invitation_is_refused_kindly(client, patient, therapist):
    invitation, token = Invitation.issue(
        user=patient.user, practice=patient.practice, kind="patient", invited_by=therapist
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(reverse("accounts:accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "Vraag uw praktijk om een nieuwe uitnodiging" in response.content.decode()


def test_a_new_invitation_revokes_the_earlier_link(patient, therapist):
    _first, first_token = Invitation.issue(
        user=patient.user, practice=patient.practice, kind="patient", invited_by=therapist
    )
    Invitation.issue(
        user=patient.user, practice=patient.practice, kind="patient", invited_by=therapist
    )
    assert not Invitation.objects.find_by_token(first_token).is_usable


def test_an_unknown_invitation_token_is_404(client, db):
    assert client.get(reverse("accounts:accept_invitation", args=["nep"])).status_code == 404


def test_the_database_keeps_only_a_hash_of_the_invitation_token(patient, therapist):
    invitation, token = Invitation.issue(
        user=patient.user, practice=patient.practice, kind="patient", invited_by=therapist
    )
    assert token not in invitation.token_hash


def test_an_invitation_for_an_existing_address_makes_nothing_and_tells_its_owner(
    client, therapist, patient, django_capture_on_commit_callbacks
):
    # The form answers as for a new address (issue #11, finding 10): the owner is told
    # by e-mail; see tests/security/test_accounts_invite_enumeration.py.
    client.force_login(therapist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("patients:invite"),
            {
                "full_name": "Dubbel",
                "email": patient.user.email,
                "date_of_birth": "1980-01-01",
                "language": "nl",
                "therapist": therapist.pk,
            },
        )
    assert response.url == reverse("patients:caseload")
    assert Patient.objects.count() == 1
    [message] = mail.outbox
    assert message.to == [patient.user.email] and "al een account" in message.body


def test_a_birth_date_in_the_future_is_refused(client, therapist):
    client.force_login(therapist)
    response = client.post(
        reverse("patients:invite"),
        {
            "full_name": "Toekomst",
            "email": "toekomst@test.example",
            "date_of_birth": "2999-01-01",
            "language": "nl",
            "therapist": therapist.pk,
        },
    )
    assert "De geboortedatum ligt in de toekomst" in response.content.decode()


def test_a_therapist_cannot_assign_a_therapist_of_another_practice(
    client, therapist, outsider_therapist
):
    client.force_login(therapist)
    client.post(
        reverse("patients:invite"),
        {
            "full_name": "Verkeerd",
            "email": "verkeerd@test.example",
            "date_of_birth": "1980-01-01",
            "language": "nl",
            "therapist": outsider_therapist.pk,
        },
    )
    assert not Patient.objects.exists()


def test_resending_an_invitation_sends_a_fresh_link(client, therapist, practice):
    user = User.objects.create_user("wacht@test.example", None, full_name="Wacht Nog")
    patient = Patient.objects.create(user=user, practice=practice, therapist=therapist)
    client.force_login(therapist)
    committed(client.post)(reverse("patients:resend_invitation", args=[patient.pk]))
    assert len(mail.outbox) == 1
    assert user.invitations.open().count() == 1


def test_an_admin_invites_a_therapist(client, admin, practice, django_capture_on_commit_callbacks):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:invite_staff"),
            {
                "full_name": "Nieuwe Collega",
                "email": "collega@test.example",
                "role": "therapist",
                "language": "nl",
            },
        )
    membership = Membership.objects.get(user__email="collega@test.example")
    assert membership.practice == practice and membership.role == "therapist"
    assert len(mail.outbox) == 1


def test_a_therapist_cannot_invite_staff(client, therapist):
    client.force_login(therapist)
    response = client.post(
        reverse("accounts:invite_staff"),
        {"full_name": "X", "email": "x@test.example", "role": "admin", "language": "nl"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@test.example").exists()


def test_password_reset_sends_a_link_that_works(client, patient):
    committed(client.post)(reverse("accounts:password_reset"), {"email": patient.user.email})
    [message] = mail.outbox
    link = next(word for word in message.body.split() if "/wachtwoord-herstellen/" in word)
    path = link.split("testserver")[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "een-ander-wachtwoord-7", "new_password2": "een-ander-wachtwoord-7"},
    )
    assert response.url == reverse("accounts:password_reset_complete")
    patient.user.refresh_from_db()
    assert patient.user.check_password("een-ander-wachtwoord-7")


def test_password_change_requires_the_old_password(client, therapist):
    client.force_login(therapist)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "fout",
            "new_password1": "nieuw-wachtwoord-12",
            "new_password2": "nieuw-wachtwoord-12",
        },
    )
    assert response.status_code == 200
    therapist.refresh_from_db()
    assert therapist.check_password(PASSWORD)


def test_a_user_switches_to_english_and_it_is_remembered(client, patient):
    client.force_login(patient.user)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/mijn/"})
    patient.user.refresh_from_db()
    assert patient.user.language == "en"
    html = client.get(reverse("web:patient_home")).content.decode()
    assert '<html lang="en">' in html


def test_an_anonymous_visitor_can_choose_english_for_the_login(client, db):
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/inloggen/"})
    assert "<h1>Log in</h1>" in client.get(reverse("accounts:login")).content.decode()


def test_the_language_switch_refuses_to_redirect_elsewhere(client, db):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"


@pytest.mark.parametrize("language", ["de", ""])
def test_an_unknown_language_changes_nothing(client, patient, language):
    client.force_login(patient.user)
    client.post(reverse("accounts:set_language"), {"language": language})
    patient.user.refresh_from_db()
    assert patient.user.language == "nl"


def test_logout_takes_a_post_and_ends_the_session(client, therapist):
    client.force_login(therapist)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("patients:caseload")).status_code == 302
