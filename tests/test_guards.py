"""Guards for the whole project: they cover every URL, including those added later."""

import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.urls_walk import patient_routes, plain_routes

# Endpoints that are not pages: they only take a POST, or answer in plain text.
NOT_PAGES = {"accounts:logout", "accounts:set_language", "web:health"}
PACKAGE_DIR = Path(__file__).resolve().parent.parent / "ruggensteun"


def count_h1(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def test_no_model_change_lacks_a_migration(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_there_are_patient_urls_to_guard():
    assert {"patients:detail", "patients:resend_invitation"} <= {
        route.name for route in patient_routes()
    }


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_patient_url_answers_404_to_a_therapist_of_another_practice(
    client, route, method, patient, outsider_therapist
):
    client.force_login(outsider_therapist)
    response = getattr(client, method)(reverse(route.name, kwargs=route.kwargs(patient.pk)))
    assert response.status_code == 404


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
def test_patient_url_answers_404_to_an_admin_of_another_practice(
    client, route, patient, outsider_admin
):
    client.force_login(outsider_admin)
    response = client.get(reverse(route.name, kwargs=route.kwargs(patient.pk)))
    assert response.status_code == 404


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
def test_patient_url_answers_404_to_another_patient(client, route, patient, practice, therapist):
    from tests import personas

    neighbour = personas.patient(practice, therapist, "Nina Naaste")
    client.force_login(neighbour.user)
    response = client.get(reverse(route.name, kwargs=route.kwargs(patient.pk)))
    assert response.status_code == 404


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_patient_url_sends_an_anonymous_visitor_to_the_login(client, route, method, patient):
    url = reverse(route.name, kwargs=route.kwargs(patient.pk))
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("route", plain_routes(), ids=lambda route: route.name)
def test_every_page_has_exactly_one_h1_for_whoever_may_see_it(
    client, route, patient, therapist, admin
):
    if route.name in NOT_PAGES:
        pytest.skip("not a page")
    url = reverse(route.name)
    seen = 0
    for user in (None, patient.user, therapist, admin):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url, follow=True)  # a redirect must lead to a proper page
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            seen += 1
            assert count_h1(response.content.decode()) == 1, f"{url} as {user}"
    assert seen, f"no persona could open {url}"


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
def test_every_patient_page_has_exactly_one_h1_for_its_therapist(client, route, patient, therapist):
    if route.parameters != {"patient_id"}:
        pytest.skip("needs real objects besides the patient: covered by the app's own tests")
    client.force_login(therapist)
    response = client.get(reverse(route.name, kwargs=route.kwargs(patient.pk)))
    if response.status_code == 405:
        pytest.skip("takes only POST")
    assert response.status_code == 200
    assert count_h1(response.content.decode()) == 1


@pytest.mark.parametrize("template", ["403.html", "404.html", "500.html", "403_csrf.html"])
def test_error_pages_are_dutch_with_one_h1(template):
    from django.template.loader import render_to_string

    html = render_to_string(template)
    assert count_h1(html) == 1
    assert 'lang="nl"' in html


def test_an_unknown_address_gets_the_friendly_dutch_404(client, therapist):
    client.force_login(therapist)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_translations_compile():
    catalogues = sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/*.po"))
    assert catalogues, "no translation catalogues found"
    for catalogue in catalogues:
        result = subprocess.run(
            ["msgfmt", "--check", "--output-file=/dev/null", str(catalogue)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{catalogue}: {result.stderr}"
