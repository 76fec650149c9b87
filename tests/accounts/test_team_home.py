"""Where staff land after logging in (issue #12): an admin on the practice overview, a
therapist on the caseload."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_admin_lands_on_the_practice_overview(client, admin):
    client.force_login(admin)
    response = client.get(reverse("web:home"))
    assert response.url == reverse("web:practice")


def test_a_therapist_lands_on_the_caseload(client, therapist):
    client.force_login(therapist)
    response = client.get(reverse("web:home"))
    assert response.url == reverse("patients:caseload")


def test_after_the_login_form_an_admin_reaches_the_practice_overview(client, admin):
    response = client.post(
        reverse("accounts:login"),
        {"username": admin.email, "password": "een-goed-wachtwoord-42"},
        follow=True,
    )
    # Staff pass the second factor first; either way the chain starts at the home route.
    assert reverse("web:home") in [url for url, _status in response.redirect_chain]
