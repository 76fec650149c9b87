"""The suite's force_login shortcut (tests/conftest.py) gives staff a verified session, and
the real_two_factor marker turns it off."""

import pytest
from django.urls import reverse


def test_force_login_gives_staff_a_session_past_the_second_factor(client, therapist):
    client.force_login(therapist)
    assert client.get(reverse("patients:caseload")).status_code == 200


@pytest.mark.real_two_factor
def test_with_the_marker_force_login_is_the_password_alone(client, therapist):
    client.force_login(therapist)
    assert client.get(reverse("patients:caseload")).status_code == 302
