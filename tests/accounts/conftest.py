import pytest
from django.urls import reverse

from tests.personas import PASSWORD


def log_in_with_password(client, email, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def therapist_with_app(therapist):
    """The therapist, with an authenticator app already set up."""
    from tests.accounts.helpers import give_authenticator

    return therapist, give_authenticator(therapist)
