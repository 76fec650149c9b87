"""Enforcement in one place: a staff session that has only passed the password reaches no
patient data and no staff page, on every URL the project has (including later ones)."""

import pytest
from django.urls import reverse

from ruggensteun.accounts.two_factor.middleware import OPEN_BEFORE_SECOND_FACTOR
from ruggensteun.audit.models import AuditEvent
from tests.urls_walk import all_routes, patient_routes

pytestmark = pytest.mark.real_two_factor

SECOND_FACTOR_PAGES = (reverse("accounts:two_factor_setup"), reverse("accounts:two_factor_verify"))
GUARDED = [route for route in all_routes() if route.name not in OPEN_BEFORE_SECOND_FACTOR]


def test_there_are_patient_urls_to_guard():
    assert len(patient_routes()) >= 10


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ["therapist", "admin"])
def test_a_password_only_staff_session_gets_no_patient_data(
    client, request, route, method, role, patient
):
    client.force_login(request.getfixturevalue(role))
    response = getattr(client, method)(reverse(route.name, kwargs=route.kwargs(patient.pk)))
    assert response.status_code == 302
    assert response.url.startswith(SECOND_FACTOR_PAGES)
    assert patient.user.full_name not in response.content.decode()
    assert not AuditEvent.objects.filter(patient=patient).exists()  # nothing was even read


@pytest.mark.parametrize("route", GUARDED, ids=lambda route: route.name)
def test_every_other_page_sends_a_password_only_staff_session_to_the_second_factor(
    client, route, therapist, patient
):
    client.force_login(therapist)
    response = client.get(reverse(route.name, kwargs=route.kwargs(patient.pk)))
    assert response.status_code == 302
    assert response.url.startswith(SECOND_FACTOR_PAGES)


def test_the_open_pages_are_only_the_login_the_second_factor_and_public_ones():
    expected = {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "accounts:set_language",
        "accounts:accept_invitation",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "web:home",
        "web:health",
    }
    assert expected == OPEN_BEFORE_SECOND_FACTOR
    assert {route.name for route in all_routes()} >= OPEN_BEFORE_SECOND_FACTOR


def test_the_way_back_keeps_the_page_the_staff_member_asked_for(client, therapist, patient):
    client.force_login(therapist)
    url = reverse("patients:detail", args=[patient.pk])
    assert client.get(url).url == f"{reverse('accounts:two_factor_setup')}?next={url}"


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
def test_a_patient_session_is_not_asked_for_a_second_factor(client, route, patient):
    """Patients see what they saw before: their own pages, and 404 on staff pages."""
    client.force_login(patient.user)
    response = client.get(reverse(route.name, kwargs=route.kwargs(patient.pk)))
    if response.status_code == 302:
        assert not response.url.startswith(SECOND_FACTOR_PAGES)


def test_a_patient_reaches_her_own_pages(client, patient):
    client.force_login(patient.user)
    assert client.get(reverse("questionnaires:mine")).status_code == 200
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_a_patient_who_also_works_in_a_practice_is_asked_for_the_second_factor(
    client, patient, practice
):
    from ruggensteun.accounts.models import Membership

    Membership.objects.create(user=patient.user, practice=practice, role="therapist")
    client.force_login(patient.user)
    assert client.get(reverse("web:patient_home")).url.startswith(SECOND_FACTOR_PAGES)


def test_the_middleware_refuses_to_run_without_django_otp_before_it(settings):
    from django.core.exceptions import ImproperlyConfigured

    from ruggensteun.accounts.two_factor.middleware import StaffTwoFactorMiddleware

    settings.MIDDLEWARE = [
        entry for entry in settings.MIDDLEWARE if entry != "django_otp.middleware.OTPMiddleware"
    ]
    with pytest.raises(ImproperlyConfigured):
        StaffTwoFactorMiddleware(lambda request: None)
