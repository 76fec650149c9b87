"""Outcome exports for quality registration: pseudonymised, logged, with both MIC flags as
the clinical core judges them, as CSV and as a FHIR R4 Bundle."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from ruggensteun.audit.models import AuditEvent
from ruggensteun.workspace.episodes import age_band
from ruggensteun.workspace.models import PracticeExportKey
from tests import personas
from tests.clock import TODAY
from tests.workspace.outcomes import episode

START = TODAY - timedelta(weeks=20)


@pytest.fixture
def treated(patient, therapist):
    """Petra: NPRS 7 -> 5 and QBPDS 50 -> 35 after 12 weeks, 3 sessions, discharged."""
    return episode(patient, therapist, START)


def export(client, fmt="csv", **changes):
    data = {
        "first": START.isoformat(),
        "last": TODAY.isoformat(),
        "scope": "ended",
        "csv_format": "excel_nl",
        "format": fmt,
    }
    data.update(changes)
    response = client.post(reverse("workspace:export_download"), data)
    assert response.status_code == 200, response.content[:500]
    return response


def rows(response, delimiter=";"):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


def test_the_csv_has_a_header_row_and_opens_in_dutch_excel(client, therapist, treated):
    client.force_login(therapist)
    response = export(client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    header = response.content.decode("utf-8")[1:].splitlines()[0]
    assert header.startswith("pseudonym;age_band;sex;pathway;")
    assert len(rows(response)) == 1


def test_the_worked_example_gives_both_mic_flags_as_the_core_judges_them(
    client, therapist, treated
):
    client.force_login(therapist)
    (row,) = rows(export(client))
    # NPRS 7 -> 5: 2 points reaches the absolute MIC (2), but 2/7 = 28.6% misses 30%.
    assert (row["nprs_intake"], row["nprs_final"], row["nprs_improvement"]) == ("7", "5", "2")
    assert (row["nprs_mic_points"], row["nprs_mic_30pct"]) == ("1", "0")
    # QBPDS 50 -> 35: 15 points misses the absolute MIC (20); 15/50 is exactly 30%.
    assert (row["qbpds_intake"], row["qbpds_final"]) == ("50", "35")
    assert (row["qbpds_mic_points"], row["qbpds_mic_30pct"]) == ("0", "1")
    assert (row["psk_mean_intake"], row["psk_mean_final"]) == ("7,00", "4,33")
    assert (row["gpe_final"], row["gpe_improved"]) == ("2", "1")
    assert row["sessions"] == "3"
    assert row["duration_weeks"] == "13,0"
    # Episode dates to the ISO week (issue #11, finding 2).
    assert row["episode_start_week"] == "{}-W{:02d}".format(*START.isocalendar()[:2])
    end = START + timedelta(days=91)
    assert row["episode_end_week"] == "{}-W{:02d}".format(*end.isocalendar()[:2])
    assert row["discharge_reason"] == "goals_reached"
    assert row["sex"] == "female"
    assert row["age_band"] == age_band(treated.age_on(START))


def test_the_standard_csv_uses_commas_and_decimal_points(client, therapist, treated):
    client.force_login(therapist)
    (row,) = rows(export(client, csv_format="standard"), delimiter=",")
    assert row["psk_mean_final"] == "4.33"
    assert row["duration_weeks"] == "13.0"


def test_the_export_names_no_one(client, therapist, treated):
    client.force_login(therapist)
    for response in (export(client), export(client, "fhir")):
        text = response.content.decode("utf-8")
        for identifying in (
            "Petra",
            treated.name,
            treated.user.email,
            "1985-05-17",
            "17-05-1985",
            f"Patient/{treated.pk}",
            "Truus",  # a PSK activity in the patient's own words
        ):
            assert identifying not in text


def test_the_pseudonym_is_stable_and_differs_between_practices(
    client, therapist, treated, other_practice
):
    client.force_login(therapist)
    first = rows(export(client))[0]["pseudonym"]
    again = rows(export(client))[0]["pseudonym"]
    assert first == again
    assert first.startswith("RS-") and len(first) == 19
    elsewhere = PracticeExportKey.for_practice(other_practice).pseudonym(treated.pk)
    assert elsewhere != first


def test_the_export_is_in_the_audit_log(client, therapist, treated, practice):
    client.force_login(therapist)
    export(client)
    event = AuditEvent.objects.get(action="export", patient=None)  # and one per patient
    assert event.actor == therapist and event.practice == practice
    assert event.detail["patient_ids"] == [treated.pk]
    assert event.detail["format"] == "csv-excel_nl"


def test_opening_the_export_page_exports_nothing(client, therapist, treated):
    client.force_login(therapist)
    for name in ("workspace:exports", "workspace:export_download"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "text/html" in response["Content-Type"]
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_export_needs_a_recent_authentication(client, therapist, treated):
    from ruggensteun.accounts.reauth import SESSION_KEY

    client.force_login(therapist)
    session = client.session
    session[SESSION_KEY] = 0
    session.save()
    response = client.post(reverse("workspace:export_download"), {"format": "csv"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:reauthenticate"))
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_period_chooses_ended_or_running_episodes(client, therapist, practice, treated):
    running = episode(
        personas.patient(practice, therapist, "Rob Loopt"),
        therapist,
        START,
        discharged_after_days=None,
    )
    long_ago = episode(
        personas.patient(practice, therapist, "Olga Oud"), therapist, START - timedelta(weeks=60)
    )
    key = PracticeExportKey.for_practice(practice)
    client.force_login(therapist)
    ended = {row["pseudonym"] for row in rows(export(client, scope="ended"))}
    active = {row["pseudonym"] for row in rows(export(client, scope="active"))}
    assert ended == {key.pseudonym(treated.pk)}
    assert active == {key.pseudonym(treated.pk), key.pseudonym(running.pk)}
    assert key.pseudonym(long_ago.pk) not in active


def test_another_practice_exports_only_its_own_patients(client, outsider_therapist, treated):
    client.force_login(outsider_therapist)
    assert rows(export(client)) == []


def test_a_patient_without_a_follow_up_has_empty_outcome_cells(client, therapist, patient):
    episode(patient, therapist, START, follow_up_days=None)
    client.force_login(therapist)
    (row,) = rows(export(client))
    assert row["nprs_intake"] == "7" and row["nprs_final"] == ""
    assert row["nprs_mic_points"] == "" and row["gpe_final"] == ""


def test_the_bundle_parses_as_fhir_r4_with_the_pseudonym_as_subject(client, therapist, treated):
    client.force_login(therapist)
    response = export(client, "fhir")
    assert response["Content-Type"] == "application/fhir+json"
    data = json.loads(response.content)
    bundle = Bundle.model_validate(data)
    assert bundle.type == "collection"
    pseudonym = PracticeExportKey.for_practice(treated.practice).pseudonym(treated.pk)
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    # NPRS, QBPDS, PSK at the start and at the end, and the GPE.
    assert kinds.count("QuestionnaireResponse") == 7
    for entry in bundle.entry:
        subject = entry.resource.subject
        assert subject.reference is None
        assert subject.identifier.value == pseudonym
    full_urls = {entry.fullUrl for entry in bundle.entry}
    for entry in bundle.entry:
        for source in getattr(entry.resource, "derivedFrom", None) or []:
            assert source.reference in full_urls


def test_the_bundle_carries_the_episode_figures_and_mic_flags(client, therapist, treated):
    client.force_login(therapist)
    data = json.loads(export(client, "fhir").content)
    figures = {
        entry["resource"]["code"]["coding"][0]["code"]: entry["resource"]
        for entry in data["entry"]
        if entry["resource"]["resourceType"] == "Observation"
        and entry["resource"]["code"]["coding"][0]["system"].endswith("/CodeSystem/episode")
    }
    assert figures["sessions"]["valueInteger"] == 3
    assert figures["duration"]["valueQuantity"]["value"] == 13.0
    assert figures["nprs-mic-points"]["valueBoolean"] is True
    assert figures["nprs-mic-30-percent"]["valueBoolean"] is False
    assert figures["qbpds-mic-points"]["valueBoolean"] is False
    assert figures["qbpds-mic-30-percent"]["valueBoolean"] is True
    assert len(figures["nprs-mic-points"]["derivedFrom"]) == 2
    assert figures["sex"]["valueCodeableConcept"]["coding"][0]["code"] == "female"


@pytest.mark.parametrize("fmt", ["csv", "fhir"])
def test_the_export_costs_the_same_queries_for_few_and_many_patients(
    client, therapist, practice, fmt
):
    """The FHIR bundle reads each response's item answers, the CSV does not (they are
    left out of its query): neither reads them per patient."""

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            export(client, fmt)
        return len(captured)

    episode(personas.patient(practice, therapist, "Eerste Patiënt"), therapist, START)
    client.force_login(therapist)
    export(client, fmt)  # the practice's pseudonym key is made once, on its first export
    few = queries()
    for number in range(6):
        episode(personas.patient(practice, therapist, f"Extra {number}"), therapist, START)
    assert queries() == few
