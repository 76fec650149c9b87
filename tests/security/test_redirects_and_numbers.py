"""Issue #11, finding 3: hostile ``next`` values, numbers that are not ASCII digits and a
Range header of thousands of digits answer calmly, never with a 500.

One helper decides every ``next`` (ruggensteun.base.redirects: only a path of this site),
one parses every number a request sends (ruggensteun.base.numbers: ASCII digits only)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ruggensteun.base.numbers import parse_int
from ruggensteun.base.redirects import safe_next_url
from ruggensteun.questionnaires.models import PracticeSchedule
from ruggensteun.workspace import videofiles
from tests.accounts.conftest import log_in_with_password
from tests.accounts.helpers import app_code, both_factors, give_authenticator
from tests.intake.test_alert_handling import triaged
from tests.personas import PASSWORD
from tests.today.conftest import day, patient_client, programme, tick, week  # noqa: F401
from tests.workspace.conftest import store_video, write_note

# "abc" is no path: redirect() took it for a URL name and failed (500). "web:home" is one.
NOT_A_PATH = ["abc", "web:home", "", "mijn/", "javascript:alert(1)"]
ELSEWHERE = ["https://elders.example/", "//elders.example/", "/\\elders.example/", "\\\\x"]
HOME = reverse("web:home")

# --- the helper ---------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", NOT_A_PATH + ELSEWHERE)
def test_the_helper_gives_the_fallback_for_anything_but_a_path_of_this_site(hostile):
    request = RequestFactory().post("/", {"next": hostile})
    assert safe_next_url(request, "/terug/") == "/terug/"


@pytest.mark.parametrize("path", ["/mijn/", "/mijn/vandaag/?dag=2#walks", "/praktijk/patienten/"])
def test_the_helper_keeps_a_path_of_this_site(path):
    assert safe_next_url(RequestFactory().get("/", {"next": path}), "/terug/") == path


def test_the_helper_can_keep_the_patient_within_their_own_pages():
    request = RequestFactory().post("/", {"next": "/praktijk/patienten/"})
    assert safe_next_url(request, "/mijn/", within="/mijn/") == "/mijn/"
    request = RequestFactory().post("/", {"next": "/mijn/vandaag/#walks"})
    assert safe_next_url(request, "/mijn/", within="/mijn/") == "/mijn/vandaag/#walks"


# --- the pages that read next -------------------------------------------------------------


@pytest.mark.parametrize("hostile", ["abc", "https://elders.example/"])
def test_handling_an_alert_with_a_bad_next_goes_back_to_the_triage_page(
    client, patient, therapist, hostile, django_capture_on_commit_callbacks
):
    [alert] = triaged(patient, fever=True)
    client.force_login(therapist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:handle_alert", args=[patient.pk, alert.pk]),
            {"action": "not_relevant", "reason": "Griep", "next": hostile},
        )
    assert response.status_code == 302
    assert response.url == reverse("intake:triage", args=[patient.pk])
    alert.refresh_from_db()
    assert alert.handled_at is not None


@pytest.mark.parametrize("hostile", ["abc", "web:home", "//elders.example/"])
def test_re_authenticating_with_a_bad_next_goes_home(client, therapist, hostile):
    client.force_login(therapist)
    confirm = reverse("accounts:reauthenticate")
    page = client.get(confirm, {"next": hostile})
    assert page.status_code == 200 and page.context["next"] == HOME
    # Staff confirm with their password and a fresh code from their app (finding 5).
    response = client.post(confirm, {**both_factors(therapist), "next": hostile})
    assert response.status_code == 302 and response.url == HOME


@pytest.mark.real_two_factor
@pytest.mark.parametrize("hostile", ["abc", "web:home", "//elders.example/"])
def test_the_code_step_with_a_bad_next_goes_home(client, therapist, hostile):
    device = give_authenticator(therapist)
    log_in_with_password(client, therapist.email)
    verify = reverse("accounts:two_factor_verify")
    assert client.get(verify, {"next": hostile}).status_code == 200
    response = client.post(verify, {"code": app_code(device), "next": hostile})
    assert response.status_code == 302 and response.url == HOME
    # Already verified: the code page sends on at once, and still only to a path.
    again = client.get(verify, {"next": hostile})
    assert again.status_code == 302 and again.url == HOME


@pytest.mark.real_two_factor
def test_logging_in_with_a_bad_next_goes_home_and_a_path_is_kept(client, patient):
    login = reverse("accounts:login")
    data = {"username": patient.user.email, "password": PASSWORD}
    response = client.post(f"{login}?next=abc", data)
    assert response.status_code == 302 and response.url == reverse("web:home")
    client.logout()
    response = client.post(f"{login}?next=/mijn/voortgang/", data)
    assert response.url == "/mijn/voortgang/"


def test_logging_out_with_a_bad_next_does_not_follow_it(client, patient):
    client.force_login(patient.user)
    response = client.post(reverse("accounts:logout"), {"next": "abc"})
    assert response.status_code == 302 and response.url == reverse("accounts:login")


def test_the_language_switch_with_a_bad_next_goes_to_the_start(client):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "abc"})
    assert response.status_code == 302 and response.url == "/"


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        ("0012", 12),
        *[(value, None) for value in ("²", "٣", "-1", " 7", "", None, "1e3", "7\n")],
        ("9" * 5000, None),
    ],
)
def test_only_ascii_digits_make_a_number(value, expected):
    assert parse_int(value) == expected


def test_a_number_outside_its_bounds_is_none():
    assert parse_int("0", minimum=1) is None
    assert parse_int("53", maximum=52) is None
    assert parse_int("52", minimum=1, maximum=52) == 52


@pytest.mark.parametrize("sessie", ["²", "٣", "9" * 5000, "-3"])
def test_the_video_page_ignores_a_session_that_is_not_a_number(client, patient, therapist, sessie):
    client.force_login(therapist)
    url = reverse("workspace:video_upload", args=[patient.pk])
    response = client.get(url, {"sessie": sessie})
    assert response.status_code == 200
    assert response.context["form"].initial.get("session_note") is None


def test_the_video_page_still_preselects_a_session_given_in_digits(client, patient, therapist):
    note = write_note(patient, therapist)
    client.force_login(therapist)
    url = reverse("workspace:video_upload", args=[patient.pk])
    response = client.get(url, {"sessie": str(note.pk)})
    assert response.context["form"].initial["session_note"] == note.pk


@pytest.mark.parametrize("weeks", ["²", "5, ²", "٣", "5, ١٢"])
def test_follow_up_weeks_that_are_not_ascii_digits_are_refused_in_dutch(client, admin, weeks):
    client.force_login(admin)
    page = client.post(
        reverse("questionnaires:practice_settings"),
        {"action": "schedule", "follow_up_weeks": weeks, "week_0": ["nprs"]},
    )
    assert page.status_code == 200
    assert "Gebruik hele weken van 1 tot en met" in page.content.decode()
    assert not PracticeSchedule.objects.exists()


@pytest.mark.parametrize("item", ["²", "٣", "¹"])
def test_ticking_a_walk_that_is_not_a_number_is_not_in_the_plan(patient_client, week, item):  # noqa: F811
    response = tick(patient_client, "walk", item)
    assert response.status_code == 303
    page = patient_client.get(response.url).content.decode()
    assert "Dit staat niet in uw plan van vandaag." in page


# --- the Range header ---------------------------------------------------------------------


def test_a_range_of_thousands_of_digits_sends_the_whole_file(
    client, patient, therapist, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    video = store_video(patient, therapist)
    client.force_login(therapist)
    url = reverse("workspace:video", args=[patient.pk, video.pk])
    for header in ("bytes=" + "9" * 5000 + "-", "bytes=0-" + "9" * 5000, "bytes=-" + "9" * 5000):
        response = client.get(url, HTTP_RANGE=header)
        assert response.status_code == 200, header
        assert int(response["Content-Length"]) == video.size


def test_the_range_pattern_is_bounded_and_ascii():
    assert videofiles.byte_range("bytes=" + "1" * 5000 + "-", 100) is None
    assert videofiles.byte_range("bytes=²-", 100) is None
    assert videofiles.byte_range("bytes=٣-", 100) is None
    part = videofiles.byte_range("bytes=10-19", 100)
    assert part is not None and (part.start, part.end) == (10, 19)
