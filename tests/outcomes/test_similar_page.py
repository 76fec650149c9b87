"""The section "Patiënten zoals [naam]": access, audit, fixed queries, too little data,
the pooled case base and the patient's own case left out."""

from datetime import timedelta

import pytest
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.outcomes.models import EpisodeCase, OutcomeSharing, patient_key
from tests.clock import TODAY
from tests.outcomes.helpers import make_cases, triaged
from tests.workspace.outcomes import episode

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(patient):
    return reverse("outcomes:similar", args=[patient.pk])


@pytest.fixture
def measured(patient, therapist):
    """The patient on the page: an intake triage, NPRS and QBPDS; still in treatment."""
    episode(
        patient,
        therapist,
        TODAY - timedelta(days=21),
        follow_up_days=None,
        discharged_after_days=None,
    )
    triaged(patient, "medium", ("fear",), duration_class="acute", pathway="exercise")
    return patient


def test_too_little_data_says_so_and_shows_no_figure(client, therapist, measured, practice):
    make_cases(practice, 12)
    client.force_login(therapist)
    response = client.get(url(measured), **HTMX)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nog te weinig gegevens." in text
    assert "12 afgesloten behandelingen" in text and "minstens 20" in text
    assert "Beslissingsondersteuning: dit doet zelf geen voorstel." in text
    assert "Hoe het hen verging" not in text
    assert "<html" not in text  # the fragment alone for htmx


def test_the_section_with_counts_why_and_the_patient_own_course(
    client, therapist, measured, practice
):
    make_cases(practice, 60)
    client.force_login(therapist)
    text = client.get(url(measured), **HTMX).content.decode()
    assert "Patiënten zoals Petra Patiënt" in text
    assert "De 20 meest vergelijkbare afgesloten behandelingen van 60" in text
    assert "van de 20 patiënten" in text
    assert "Waarom deze patiënten vergelijkbaar zijn" in text
    assert "STarT Back-groep" in text
    assert 'id="chart-similar' in text
    event = AuditEvent.objects.filter(action="view", patient=measured).latest("at")
    assert event.what == "outcomes:similar"


def test_without_htmx_the_plain_link_gets_a_whole_page(client, therapist, measured, practice):
    client.force_login(therapist)
    text = client.get(url(measured)).content.decode()
    assert "<html" in text and text.count("<h1") == 1


def test_other_practices_and_patients_get_404_and_the_attempt_is_logged(
    client, measured, outsider_therapist, outsider_patient
):
    client.force_login(outsider_therapist)
    assert client.get(url(measured), **HTMX).status_code == 404
    assert AuditEvent.objects.filter(action="denied", actor=outsider_therapist).exists()
    client.force_login(measured.user)
    assert client.get(url(measured), **HTMX).status_code == 404
    client.logout()
    assert client.get(url(measured), **HTMX).status_code in (302, 404)


def _queries(client, patient, counter):
    with counter() as context:
        assert client.get(url(patient), **HTMX).status_code == 200
    return len(context.captured_queries)


def test_the_same_number_of_queries_with_20_and_200_cases(
    client, therapist, measured, practice, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_cases(practice, 20)
    client.force_login(therapist)
    few = _queries(client, measured, lambda: CaptureQueriesContext(connection))
    make_cases(practice, 180, start=20)
    with django_assert_num_queries(few):
        text = client.get(url(measured), **HTMX).content.decode()
    assert "van 200" in text


def test_the_pooled_base_only_with_practices_that_share(
    client, therapist, measured, practice, other_practice
):
    make_cases(practice, 5)
    make_cases(other_practice, 30)
    client.force_login(therapist)
    assert "Nog te weinig gegevens." in client.get(url(measured), **HTMX).content.decode()
    OutcomeSharing.objects.create(practice=practice, pooled=True)
    # Our practice shares, the other does not: still only our own cases.
    assert "Nog te weinig gegevens." in client.get(url(measured), **HTMX).content.decode()
    OutcomeSharing.objects.create(practice=other_practice, pooled=True)
    text = client.get(url(measured), **HTMX).content.decode()
    assert "van 35" in text and "de praktijken die gegevens delen" in text


def test_the_patient_own_case_is_left_out(client, therapist, measured, practice):
    make_cases(practice, 20)
    EpisodeCase.objects.create(practice=practice, patient_key=patient_key(measured.pk))
    client.force_login(therapist)
    assert "van 20 " in client.get(url(measured), **HTMX).content.decode()


def test_k_comes_from_the_practice_setting(client, therapist, measured, practice):
    make_cases(practice, 40)
    OutcomeSharing.objects.create(practice=practice, neighbours=30)
    client.force_login(therapist)
    assert "De 30 meest vergelijkbare" in client.get(url(measured), **HTMX).content.decode()


def test_in_english(client, practice, therapist, measured):
    therapist.language = "en"
    therapist.save(update_fields=["language"])
    make_cases(practice, 3)
    client.force_login(therapist)
    text = client.get(url(measured), HTTP_ACCEPT_LANGUAGE="en", **HTMX).content.decode()
    assert "Decision support: this makes no proposal by itself." in text
    assert "Not enough data yet." in text


def test_a_patient_with_no_baseline_yet_is_compared_with_nobody(
    client, therapist, patient, practice
):
    make_cases(practice, 30)
    client.force_login(therapist)
    text = client.get(url(patient), **HTMX).content.decode()
    assert "Nog te weinig gegevens." in text
    assert "bij de start nog niets bekend" in text
    assert "Hoe het hen verging" not in text
