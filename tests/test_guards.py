"""Guards for the whole project: they cover every URL, including those added later."""

import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests import personas
from tests.objects import (
    OWNED,
    SHARED,
    Records,
    UnknownParameter,
    kwargs_for,
    record_ids,
    records_of,
    unknown_parameters,
)
from tests.urls_walk import Route, all_routes, patient_routes, plain_routes

# Endpoints that are not pages: they only take a POST, or answer in plain text.
NOT_PAGES = {
    "accounts:logout",
    "accounts:set_language",
    "web:health",
    "web:manifest",  # JSON for the browser (issue #16)
    "web:service_worker",  # JavaScript
}
PACKAGE_DIR = Path(__file__).resolve().parent.parent / "ruggensteun"
DENIED = {403, 404}
# Every URL that names a record of a patient besides (or instead of) the patient: a session
# note, a video, an alert, a plan week, a check-in, a questionnaire ...
RECORD_ROUTES = [route for route in all_routes() if record_ids(route)]


def count_h1(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def is_html(response) -> bool:
    return "text/html" in response.get("Content-Type", "")


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded videos go to a folder of the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def own_records(media, patient, therapist) -> Records:
    """The patient of practice A (the ``patient`` fixture) with a record of every kind."""
    return records_of(patient, therapist)


@pytest.fixture
def foreign_records(media, outsider_patient, outsider_therapist) -> Records:
    """The patient of practice B with a record of every kind."""
    return records_of(outsider_patient, outsider_therapist)


def needs_records(route: Route) -> bool:
    """Whether the URL names more than the patient (a record, or content of their plan)."""
    from_records = {name for name, value in SHARED.items() if value is None}
    return bool(record_ids(route) or route.parameters & from_records)


def real_url(route: Route, request, patient) -> str:
    """The patient's address with real objects of the patient for every other id. The
    records are built only for a URL that names them: most name only the patient."""
    if needs_records(route):
        records = request.getfixturevalue("own_records")
    else:
        records = Records(patient, {"patient_id": patient.pk})
    return reverse(route.name, kwargs=kwargs_for(route, records))


def test_no_model_change_lacks_a_migration(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_there_are_patient_urls_to_guard():
    assert {"patients:detail", "patients:resend_invitation"} <= {
        route.name for route in patient_routes()
    }


def test_every_path_parameter_can_be_filled_with_a_real_object():
    """A new URL with an id of a new kind fails here until tests/objects.py builds a real
    object for it: a guard test with an id that names nothing would pass whatever the view
    checks."""
    unknown = unknown_parameters(all_routes())
    assert unknown == {}, "\n".join(
        f"URL {name!r}: tests/objects.py cannot fill <{'>, <'.join(parameters)}>"
        for name, parameters in unknown.items()
    )


def test_every_kind_of_record_id_is_guarded_on_some_url():
    named = {name for route in RECORD_ROUTES for name in route.parameters}
    assert set(OWNED) - {"patient_id"} <= named, "an id kind no URL uses: remove it from OWNED"
    assert {
        "workspace:note_edit",
        "workspace:video",
        "intake:handle_alert",
        "programme:approve",
        "programme:change_exercise",
    } <= {route.name for route in RECORD_ROUTES}


def test_a_path_parameter_without_a_real_object_is_named_with_its_url(patient):
    parameters = (("patient_id", "IntConverter"), ("bill_id", "IntConverter"))
    route = Route("rekeningen:detail", parameters)
    assert unknown_parameters([route]) == {"rekeningen:detail": ["bill_id"]}
    with pytest.raises(UnknownParameter, match=r"'rekeningen:detail'.*<bill_id>"):
        kwargs_for(route, Records(patient, {"patient_id": patient.pk}))


@pytest.mark.parametrize("route", RECORD_ROUTES, ids=lambda route: route.name)
def test_a_record_of_another_practice_never_opens_and_the_own_one_does(
    client,
    route,
    patient,
    therapist,
    admin,
    own_records,
    foreign_records,
    outsider_therapist,
    outsider_admin,
    outsider_patient,
):
    """The same address three ways: practice A's patient with a record of practice B's
    patient must be refused to everyone of A (the view checks the record, not only the
    patient); A's own record must be refused to everyone of B; and A's own record must open
    for someone of A, so that the refusals are the access check at work, not an id that
    names nothing."""
    own = reverse(route.name, kwargs=kwargs_for(route, own_records))
    foreign = reverse(route.name, kwargs=kwargs_for(route, foreign_records, patient_id=patient.pk))
    insiders = (therapist, admin, patient.user)
    outsiders = (outsider_therapist, outsider_admin, outsider_patient.user)
    for users, url in ((insiders, foreign), (outsiders, own)):
        for user in users:
            client.force_login(user)
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                # A view that takes only POST refuses a GET before it looks anything up.
                allowed = DENIED | {405} if method == "get" else DENIED
                assert status in allowed, f"{method.upper()} {url} as {user}: {status}"
    opened = {}
    for user in insiders:
        client.force_login(user)
        status = client.get(own).status_code
        if status == 405:
            status = client.post(own).status_code
        opened[user.email] = status
    assert set(opened.values()) - DENIED, f"{own}: nobody of practice A gets in: {opened}"


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_patient_url_answers_404_to_a_therapist_of_another_practice(
    client, request, route, method, patient, outsider_therapist
):
    url = real_url(route, request, patient)
    client.force_login(outsider_therapist)
    response = getattr(client, method)(url)
    assert response.status_code == 404


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
def test_patient_url_answers_404_to_an_admin_of_another_practice(
    client, request, route, patient, outsider_admin
):
    url = real_url(route, request, patient)
    client.force_login(outsider_admin)
    response = client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
def test_patient_url_answers_404_to_another_patient(
    client, request, route, patient, practice, therapist
):
    url = real_url(route, request, patient)
    neighbour = personas.patient(practice, therapist, "Nina Naaste")
    client.force_login(neighbour.user)
    response = client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize("route", patient_routes(), ids=lambda route: route.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_patient_url_sends_an_anonymous_visitor_to_the_login(
    client, request, route, method, patient
):
    url = real_url(route, request, patient)
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
def test_every_patient_page_has_exactly_one_h1_for_its_therapist(
    client, request, route, patient, therapist
):
    url = real_url(route, request, patient)
    client.force_login(therapist)
    response = client.get(url)
    if response.status_code == 405:
        pytest.skip("takes only POST")
    assert response.status_code == 200
    if not is_html(response):
        pytest.skip(f"not a page: {response['Content-Type']}")
    assert count_h1(response.content.decode()) == 1


@pytest.mark.parametrize(
    "route",
    [route for route in RECORD_ROUTES if "patient_id" not in route.parameters],
    ids=lambda route: route.name,
)
def test_every_page_of_a_record_has_exactly_one_h1_for_whoever_may_open_it(
    client, route, own_records, patient, therapist, admin
):
    """The addresses that name a record without the patient (the patient's own
    questionnaire, check-in, diary entry; a response for staff)."""
    url = reverse(route.name, kwargs=kwargs_for(route, own_records))
    seen = 0
    for user in (patient.user, therapist, admin):
        client.force_login(user)
        response = client.get(url, follow=True)  # a redirect must lead to a proper page
        if response.status_code == 200 and is_html(response):
            seen += 1
            assert count_h1(response.content.decode()) == 1, f"{url} as {user}"
    if not seen:
        pytest.skip("not a page: takes only POST, or answers with a file")


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
