"""The release in the footer: staff name it in a bug report; patients never see it."""

import re
from importlib.metadata import version

import pytest
from django.conf import settings
from django.urls import reverse

FOOTER = re.compile(r'<footer class="site-footer">(.*?)</footer>', re.S)


def footer(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    match = FOOTER.search(response.content.decode())
    assert match, "the page has no site footer"
    return match.group(1)


def test_the_version_is_read_from_the_installed_package():
    assert version("ruggensteun") == settings.RUGGENSTEUN_VERSION
    assert settings.RUGGENSTEUN_VERSION


@pytest.mark.parametrize("role", ["therapist", "admin"])
def test_staff_see_the_version_in_the_footer(client, request, role, settings):
    settings.RUGGENSTEUN_VERSION = "9.8.7"
    client.force_login(request.getfixturevalue(role))
    assert '<span class="app-version">9.8.7</span>' in footer(client, reverse("patients:caseload"))


def test_patients_do_not_see_the_version(client, patient, settings):
    settings.RUGGENSTEUN_VERSION = "9.8.7"
    client.force_login(patient.user)
    page = client.get(reverse("web:patient_home"))
    assert page.status_code == 200
    assert "9.8.7" not in page.content.decode()
    assert "app-version" not in footer(client, reverse("web:patient_home"))


def test_visitors_do_not_see_the_version(client, db, settings):
    settings.RUGGENSTEUN_VERSION = "9.8.7"
    assert "9.8.7" not in footer(client, reverse("accounts:login"))
