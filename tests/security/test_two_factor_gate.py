"""The second-factor gate, with real addresses: every URL outside the short open list, built
with practice A's real records (so the page would open after the code), sends A's own
therapist and admin to the second-factor step while they have given only their password,
for GET, HEAD and POST. Nothing of the patient is shown, read or logged before that.
"""

import pytest
from django.urls import reverse

from ruggensteun.accounts.two_factor.middleware import OPEN_BEFORE_SECOND_FACTOR
from ruggensteun.audit.models import AuditEvent
from tests.accounts.helpers import give_authenticator
from tests.security.conftest import leaked_markers
from tests.security.test_matrix import ROUTES, kwargs_for
from tests.urls_walk import all_routes

pytestmark = pytest.mark.real_two_factor

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
GATED = [route for route in ROUTES if route.name not in OPEN_BEFORE_SECOND_FACTOR]


def test_every_open_page_exists_and_none_names_a_patient():
    names = {route.name for route in all_routes()}
    assert names >= OPEN_BEFORE_SECOND_FACTOR, "the open list names a URL that is gone"
    open_routes = [route for route in ROUTES if route.name in OPEN_BEFORE_SECOND_FACTOR]
    assert all("patient_id" not in route.parameters for route in open_routes)
    assert len(GATED) >= len(ROUTES) - len(OPEN_BEFORE_SECOND_FACTOR)


@pytest.mark.parametrize("route", GATED, ids=lambda route: route.name)
def test_password_only_staff_go_to_the_second_factor(client, route, world):
    url = reverse(route.name, kwargs=kwargs_for(route, world))
    give_authenticator(world.admin)  # the admin has an app: the code page, never a new app
    expected_step = {world.therapist: SETUP, world.admin: VERIFY}
    for user, step in expected_step.items():
        for method in ("get", "head", "post"):
            client.logout()
            client.force_login(user)  # the password only (real_two_factor)
            response = getattr(client, method)(url)
            where = f"{method.upper()} {url} as {user.email}"
            assert response.status_code == 302, where
            assert response.url.startswith(step), f"{where} went to {response.url}"
            assert leaked_markers(response.content) == [], where
    assert not AuditEvent.objects.filter(patient=world.patient).exists()
