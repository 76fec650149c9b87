"""Who may open what: the patient's own pages, the staff's deletion pages, and the pages
without a login (written out per view)."""

import pytest
from django.urls import reverse

from ruggensteun.mydata.models import DeletionRequest
from tests import personas

OWN_PAGES = [
    "mydata:progress",
    "mydata:reminders",
    "mydata:own_data",
    "mydata:request_deletion",
]
LOGIN = reverse("accounts:login")


@pytest.mark.parametrize("name", OWN_PAGES)
def test_the_patient_opens_her_own_page(client, patient, name):
    client.force_login(patient.user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("name", [*OWN_PAGES, "mydata:download"])
@pytest.mark.parametrize("person", ["therapist", "admin", "outsider_therapist"])
def test_staff_get_404_on_a_patients_own_pages(client, request, name, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse(name), follow=True).status_code == 404
    assert client.post(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", [*OWN_PAGES, "mydata:download"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_the_login(client, name, method):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_another_patient_sees_only_her_own_data(client, patient, practice, therapist):
    from tests.mydata.conftest import nprs, scores

    scores(patient, "nprs", [8, 4], nprs)
    neighbour = personas.patient(practice, therapist, "Nina Naaste")
    client.force_login(neighbour.user)
    html = client.get(reverse("mydata:progress")).content.decode()
    assert "nog geen vragenlijsten ingevuld" in html


def test_the_staff_list_of_requests_is_for_staff_only(client, patient, therapist):
    url = reverse("mydata:deletion_requests")
    client.force_login(therapist)
    assert client.get(url).status_code == 200
    client.force_login(patient.user)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).url.startswith(LOGIN)


def test_the_staff_list_shows_only_the_own_practices_requests(
    client, patient, outsider_patient, therapist
):
    DeletionRequest.ask(patient, by=patient.user, message="")
    DeletionRequest.ask(outsider_patient, by=outsider_patient.user, message="")
    client.force_login(therapist)
    html = client.get(reverse("mydata:deletion_requests")).content.decode()
    assert patient.name in html
    assert outsider_patient.name not in html


@pytest.mark.parametrize("person", ["outsider_therapist", "outsider_admin"])
def test_the_handling_page_answers_404_outside_the_practice(client, request, patient, person):
    DeletionRequest.ask(patient, by=patient.user, message="")
    client.force_login(request.getfixturevalue(person))
    url = reverse("mydata:handle_deletion", args=[patient.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "account_closed"}).status_code == 404


def test_a_therapist_sees_the_request_but_cannot_carry_it_out(client, patient, therapist):
    DeletionRequest.ask(patient, by=patient.user, message="Graag alles weg.")
    client.force_login(therapist)
    url = reverse("mydata:handle_deletion", args=[patient.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Graag alles weg." in page.content.decode()
    assert client.post(url, {"outcome": "account_closed"}).status_code == 403
    assert DeletionRequest.objects.open().filter(patient=patient).exists()


def test_a_patient_cannot_open_the_handling_page(client, patient):
    client.force_login(patient.user)
    url = reverse("mydata:handle_deletion", args=[patient.pk])
    assert client.get(url).status_code == 404
