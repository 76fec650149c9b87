"""Finding 10 of issue #11: the invite forms do not reveal that an address has an account
(in another practice); the existing user is told by e-mail instead."""

from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from ruggensteun.accounts.models import Invitation, Membership, User
from ruggensteun.patients.models import Patient


def _patient_form(therapist, email):
    return {
        "full_name": "Iemand Anders",
        "email": email,
        "date_of_birth": "1980-01-01",
        "language": "nl",
        "therapist": therapist.pk,
    }


def _post_as(user, url, data):
    """Each try in a session of its own, so no message of one shows in another."""
    client = Client()
    client.force_login(user)
    return client.post(url, data)


def _answer(response):
    """What the inviting user sees: the status, where it leads and the message."""
    return (
        response.status_code,
        response.get("Location"),
        [str(message) for message in get_messages(response.wsgi_request)],
    )


def test_inviting_a_patient_answers_alike_whether_or_not_the_address_exists(
    therapist, outsider_patient, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fresh = _post_as(
            therapist,
            reverse("patients:invite"),
            _patient_form(therapist, "nieuw.adres@test.example"),
        )
    with django_capture_on_commit_callbacks(execute=True):
        taken = _post_as(
            therapist,
            reverse("patients:invite"),
            _patient_form(therapist, "nieuw.adres@test.example"),
        )
    fresh_answer, taken_answer = _answer(fresh), _answer(taken)
    assert fresh_answer[0] == 302
    assert fresh_answer == taken_answer
    with django_capture_on_commit_callbacks(execute=True):
        other = _post_as(
            therapist,
            reverse("patients:invite"),
            _patient_form(therapist, outsider_patient.user.email.upper()),
        )
    assert _answer(other)[:2] == fresh_answer[:2]
    assert "Er bestaat al een account" not in str(_answer(other))
    # Nothing was made for the existing address, nor moved to this practice.
    outsider_patient.refresh_from_db()
    assert outsider_patient.practice_id != therapist.memberships.get().practice_id
    assert Patient.objects.filter(user__email=outsider_patient.user.email).count() == 1


def test_the_existing_patient_is_told_by_e_mail_without_medical_details(
    client, therapist, outsider_patient, django_capture_on_commit_callbacks
):
    client.force_login(therapist)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("patients:invite"), _patient_form(therapist, outsider_patient.user.email)
        )
    [message] = mail.outbox
    assert message.to == [outsider_patient.user.email]
    assert "al een account" in message.body
    assert "/uitnodiging/" not in message.body  # no link that could take over anything
    assert not Invitation.objects.filter(user=outsider_patient.user).exists()


def test_inviting_staff_answers_alike_whether_or_not_the_address_exists(
    admin, outsider_therapist, django_capture_on_commit_callbacks
):
    form = {"full_name": "Nieuwe Collega", "role": "therapist", "language": "nl"}
    url = reverse("accounts:invite_staff")
    with django_capture_on_commit_callbacks(execute=True):
        fresh = _post_as(admin, url, {**form, "email": "collega@test.example"})
    with django_capture_on_commit_callbacks(execute=True):
        taken = _post_as(admin, url, {**form, "email": outsider_therapist.email})
    assert _answer(fresh)[0] == 302
    assert _answer(fresh)[:2] == _answer(taken)[:2]
    assert [m.replace("collega@test.example", "X") for m in _answer(fresh)[2]] == [
        m.replace(outsider_therapist.email, "X") for m in _answer(taken)[2]
    ]
    # The outsider is not added to this practice, and is told by e-mail.
    assert not Membership.objects.filter(
        user=outsider_therapist, practice__memberships__user=admin
    ).exists()
    assert User.objects.filter(email=outsider_therapist.email).count() == 1
    told = [message for message in mail.outbox if message.to == [outsider_therapist.email]]
    assert len(told) == 1 and "al een account" in told[0].body
