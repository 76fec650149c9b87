"""Who may open which questionnaire page: the permission matrix, written out per view."""

import pytest
from django.urls import reverse

from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse
from tests.questionnaires.conftest import submitted

PERSONAS = ("patient", "therapist", "admin", "outsider_therapist", "outsider_admin", "anonymous")


@pytest.fixture
def objects(patient):
    """An open NPRS the patient has begun, and a submitted one."""
    open_nprs = Assignment.objects.filter(patient=patient, instrument="nprs", schedule_week=0).get()
    response = QuestionnaireResponse.start(open_nprs, "nl")
    response.save_answers({"1": 4}, "nl")
    done = submitted(patient, "tsk17", {str(n): 2 for n in range(1, 18)})
    return {"assignment": open_nprs, "response": done}


def _user(request, persona):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    return getattr(user, "user", user)


def _open(client, request, persona, method, url, data=None):
    user = _user(request, persona)
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {})


def _is_login_redirect(response):
    return response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


# --- the patient's own pages --------------------------------------------------------------

PATIENT_PAGES = {
    "start": lambda a: reverse("questionnaires:start", args=[a.pk]),
    "intro": lambda a: reverse("questionnaires:intro", args=[a.pk]),
    "step": lambda a: reverse("questionnaires:step", args=[a.pk, 1]),
}


@pytest.mark.parametrize("page", sorted(PATIENT_PAGES))
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
def test_patient_pages_open_only_for_the_patient_herself(
    client, request, objects, page, persona, expected
):
    url = PATIENT_PAGES[page](objects["assignment"])
    response = _open(client, request, persona, "get", url)
    if expected == "login":
        assert _is_login_redirect(response)
    elif page == "start" and expected == 200:
        # She has begun: the start page takes her to the first open question.
        assert response.status_code == 302
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    "persona", ["therapist", "admin", "outsider_therapist", "outsider_patient"]
)
def test_nobody_else_can_answer_for_the_patient(client, request, objects, persona):
    assignment = objects["assignment"]
    url = reverse("questionnaires:step", args=[assignment.pk, 1])
    response = _open(client, request, persona, "post", url, {"item_1": "9", "richting": "verder"})
    assert response.status_code == 404
    assert QuestionnaireResponse.objects.get(assignment=assignment).answers == {"1": 4}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("patient", 200),
        ("therapist", 404),
        ("admin", 404),
        ("outsider_therapist", 404),
        ("outsider_admin", 404),
        ("anonymous", "login"),
    ],
)
def test_the_list_of_questionnaires_is_for_patients(client, request, objects, persona, expected):
    response = _open(client, request, persona, "get", reverse("questionnaires:mine"))
    if expected == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected


def test_another_patient_does_not_see_her_questionnaires(client, objects, outsider_patient):
    client.force_login(outsider_patient.user)
    html = client.get(reverse("questionnaires:mine")).content.decode()
    assert reverse("questionnaires:start", args=[objects["assignment"].pk]) not in html


# --- staff pages of one patient -----------------------------------------------------------

STAFF_MATRIX = [
    ("patient", 404),
    ("therapist", 200),
    ("admin", 200),
    ("outsider_therapist", 404),
    ("outsider_admin", 404),
    ("anonymous", "login"),
]


def _staff_url(name, objects, patient):
    if name == "response":
        return reverse("questionnaires:response", args=[objects["response"].pk])
    return reverse(f"questionnaires:{name}", args=[patient.pk])


@pytest.mark.parametrize("name", ["scores", "assign", "response"])
@pytest.mark.parametrize(("persona", "expected"), STAFF_MATRIX)
def test_staff_pages_of_a_patient_open_only_for_her_practice(
    client, request, objects, patient, name, persona, expected
):
    response = _open(client, request, persona, "get", _staff_url(name, objects, patient))
    if expected == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), STAFF_MATRIX)
def test_only_her_practice_can_download_her_answers_as_fhir(
    client, request, objects, patient, persona, expected
):
    url = reverse("questionnaires:export_fhir", args=[patient.pk])
    response = _open(client, request, persona, "post", url)
    if expected == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), STAFF_MATRIX)
def test_only_her_practice_can_assign_a_questionnaire(
    client, request, objects, patient, persona, expected
):
    url = reverse("questionnaires:assign", args=[patient.pk])
    data = {"instrument": "rmdq", "due_on": str(patient.created_at.date())}
    response = _open(client, request, persona, "post", url, data)
    created = Assignment.objects.filter(patient=patient, instrument="rmdq").exists()
    if expected == "login":
        assert _is_login_redirect(response)
    elif expected == 200:
        assert response.status_code == 302
    else:
        assert response.status_code == expected
    assert created == (expected == 200)


@pytest.mark.parametrize(("persona", "expected"), STAFF_MATRIX)
def test_only_her_practice_can_withdraw_a_questionnaire(
    client, request, objects, patient, persona, expected
):
    assignment = objects["assignment"]
    url = reverse("questionnaires:withdraw", args=[assignment.pk])
    response = _open(client, request, persona, "post", url)
    assignment.refresh_from_db()
    if expected == "login":
        assert _is_login_redirect(response)
    elif expected == 200:
        assert response.status_code == 302
    else:
        assert response.status_code == expected
    assert (assignment.withdrawn_at is not None) == (expected == 200)


# --- practice-wide pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "persona", "expected"),
    [
        ("overview", "patient", 403),
        ("overview", "therapist", 200),
        ("overview", "admin", 200),
        ("overview", "outsider_therapist", 200),
        ("overview", "anonymous", "login"),
        ("instruments", "patient", 403),
        ("instruments", "therapist", 200),
        ("instruments", "admin", 200),
        ("instruments", "anonymous", "login"),
        ("practice_settings", "patient", 403),
        ("practice_settings", "therapist", 403),
        ("practice_settings", "admin", 200),
        ("practice_settings", "outsider_admin", 200),
        ("practice_settings", "anonymous", "login"),
    ],
)
def test_practice_pages_by_role(client, request, objects, name, persona, expected):
    response = _open(client, request, persona, "get", reverse(f"questionnaires:{name}"))
    if expected == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected


def test_the_overview_of_another_practice_does_not_list_her(
    client, objects, patient, outsider_therapist
):
    client.force_login(outsider_therapist)
    html = client.get(reverse("questionnaires:overview"), {"scope": "practice"}).content.decode()
    assert patient.name not in html


def test_her_therapist_sees_her_open_questionnaires_in_the_overview(
    client, objects, patient, therapist
):
    client.force_login(therapist)
    html = client.get(reverse("questionnaires:overview")).content.decode()
    assert patient.name in html


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("patient", 403), ("therapist", 200), ("outsider_admin", 200), ("anonymous", "login")],
)
def test_questionnaire_definitions_as_fhir_are_for_staff(client, request, persona, expected, db):
    if persona == "patient":
        request.getfixturevalue("patient")
    url = reverse("questionnaires:questionnaire_fhir", args=["startback"])
    response = _open(client, request, persona, "get", url)
    if expected == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected


def test_an_unknown_instrument_is_not_found(client, therapist):
    client.force_login(therapist)
    url = reverse("questionnaires:questionnaire_fhir", args=["nope"])
    assert client.get(url).status_code == 404


def test_reading_her_scores_is_written_to_the_audit_log(client, objects, patient, therapist):
    from ruggensteun.audit.models import AuditEvent

    client.force_login(therapist)
    client.get(reverse("questionnaires:response", args=[objects["response"].pk]))
    event = AuditEvent.objects.filter(patient=patient).first()
    assert event.action == "view"
    assert event.detail == {"response_id": objects["response"].pk}
