"""Patients like this one (issue #17) in a real browser: the patient page loads the section
by URL (htmx), with no CSP violation and no axe-core finding; the dashboard loads the
recovery curve the same way."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)  # password and second factor (tests/conftest.py)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_the_patient_page_loads_the_section(live_server, laptop, patient, therapist, practice):
    from tests.browser.conftest import csp_violations
    from tests.browser.test_accessibility import violations
    from tests.outcomes.helpers import make_cases, triaged

    make_cases(practice, 30)
    triaged(patient)
    logged_in(laptop, live_server, therapist)
    blocked = csp_violations(laptop)
    laptop.goto(f"{live_server.url}/praktijk/patienten/{patient.pk}/")
    section = laptop.locator("section#similar-patients")
    section.get_by_role("heading", name="Patiënten zoals Petra Patiënt").wait_for()
    assert "Beslissingsondersteuning: dit doet zelf geen voorstel." in section.inner_text()
    assert "De 20 meest vergelijkbare afgesloten behandelingen van 30" in section.inner_text()
    assert laptop.locator("h1").count() == 1
    assert violations(laptop) == []
    assert blocked == []


def test_the_dashboard_loads_the_recovery_curve(live_server, laptop, admin, practice):
    from tests.outcomes.helpers import make_cases

    make_cases(practice, 30)
    logged_in(laptop, live_server, admin)
    laptop.goto(f"{live_server.url}/praktijk/beheer/cijfers/")
    section = laptop.locator("section#recovery-curve")
    section.get_by_role("heading", name="Herstel in uw praktijk en volgens de richtlijn").wait_for()
    assert "ongeveer 25%" in section.inner_text()
