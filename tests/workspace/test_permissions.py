"""Who may open which workspace page: the permission matrix, written out per view."""

import pytest
from django.urls import reverse

from tests.workspace.conftest import store_video, write_note

STAFF_OF_THE_PRACTICE = {"therapist": 200, "admin": 200}
EVERYONE_ELSE = {
    "patient": 404,
    "outsider_therapist": 404,
    "outsider_admin": 404,
    "outsider_patient": 404,
    "anonymous": "login",
}


@pytest.fixture
def objects(patient, therapist):
    return {"note": write_note(patient, therapist), "video": store_video(patient, therapist)}


def _login(client, request, persona):
    if persona == "anonymous":
        return
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))


def _check(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected


STAFF_PAGES = {
    "sessions": lambda p, o: reverse("workspace:sessions", args=[p.pk]),
    "note_new": lambda p, o: reverse("workspace:note_new", args=[p.pk]),
    "note_edit": lambda p, o: reverse("workspace:note_edit", args=[p.pk, o["note"].pk]),
    "discharge": lambda p, o: reverse("workspace:discharge", args=[p.pk]),
    "reopen": lambda p, o: reverse("workspace:reopen", args=[p.pk]),
    "video_upload": lambda p, o: reverse("workspace:video_upload", args=[p.pk]),
    "video": lambda p, o: reverse("workspace:video", args=[p.pk, o["video"].pk]),
    "video_delete": lambda p, o: reverse("workspace:video_delete", args=[p.pk, o["video"].pk]),
}


@pytest.mark.parametrize("page", sorted(STAFF_PAGES))
@pytest.mark.parametrize(
    ("persona", "expected"), [*STAFF_OF_THE_PRACTICE.items(), *EVERYONE_ELSE.items()]
)
def test_patient_pages_of_the_workspace_open_only_for_staff_of_her_practice(
    client, request, patient, objects, page, persona, expected
):
    _login(client, request, persona)
    _check(client.get(STAFF_PAGES[page](patient, objects)), expected)


@pytest.mark.parametrize("page", sorted(STAFF_PAGES))
@pytest.mark.parametrize("persona", ["patient", "outsider_therapist", "outsider_admin"])
def test_nobody_outside_the_practice_can_post_to_a_patients_workspace(
    client, request, patient, objects, page, persona
):
    _login(client, request, persona)
    response = client.post(STAFF_PAGES[page](patient, objects), {"reason": "x", "summary": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("patient", 200),
        ("therapist", 404),
        ("admin", 404),
        ("outsider_therapist", 404),
        ("outsider_admin", 404),
        ("outsider_patient", 404),
        ("anonymous", "login"),
    ],
)
def test_the_patients_own_video_address_opens_only_for_her(
    client, request, objects, persona, expected
):
    _login(client, request, persona)
    _check(client.get(reverse("workspace:my_video", args=[objects["video"].pk])), expected)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("therapist", 200),
        ("admin", 200),
        ("outsider_therapist", 200),  # their own practice's exports
        ("patient", 403),
        ("anonymous", "login"),
    ],
)
@pytest.mark.parametrize("name", ["workspace:exports", "workspace:export_download"])
def test_exports_are_for_practice_staff(client, request, patient, name, persona, expected):
    _login(client, request, persona)
    _check(client.get(reverse(name)), expected)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", 200),
        ("outsider_admin", 200),  # their own practice's figures
        ("therapist", 403),
        ("patient", 403),
        ("anonymous", "login"),
    ],
)
def test_the_practice_figures_are_for_admins(client, request, patient, persona, expected):
    _login(client, request, persona)
    _check(client.get(reverse("workspace:dashboard")), expected)
