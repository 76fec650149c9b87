"""Finding 7 of issue #11: an invitation link is claimed once, even by parallel requests."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from ruggensteun.accounts.models import Invitation
from tests import personas

NEW_PASSWORD = "mijn-nieuwe-rug-2026"


def _form():
    return {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def _invited_patient(practice, therapist):
    patient = personas.patient(practice, therapist, "Nina Nieuw")
    patient.user.set_unusable_password()
    patient.user.save()
    _invitation, token = Invitation.issue(
        user=patient.user, practice=practice, kind=Invitation.Kind.PATIENT, invited_by=therapist
    )
    return patient, token


def test_a_request_that_read_the_link_before_another_accepted_it_is_refused(
    client, practice, therapist, monkeypatch
):
    """Two requests read the open invitation; the first accepts it. The second, still
    holding the stale copy, must not log in a second session."""
    _patient, token = _invited_patient(practice, therapist)
    stale = Invitation.objects.find_by_token(token)
    first = Client()
    assert (
        first.post(reverse("accounts:accept_invitation", args=[token]), _form()).status_code == 302
    )

    monkeypatch.setattr(Invitation.objects, "find_by_token", lambda _token: stale, raising=False)
    second = client.post(reverse("accounts:accept_invitation", args=[token]), _form())
    assert second.status_code == 410
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises every writer, so no real race can happen",
)
def test_three_parallel_acceptances_log_in_one_session_on_postgresql(practice, therapist):
    _patient, token = _invited_patient(practice, therapist)
    url = reverse("accounts:accept_invitation", args=[token])
    barrier = threading.Barrier(3)
    logged_in = []

    def accept():
        try:
            client = Client()
            barrier.wait()
            response = client.post(url, _form())
            if "_auth_user_id" in client.session:
                logged_in.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(logged_in) == 1
