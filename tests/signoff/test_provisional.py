"""Scores are provisional until the practice signs off the instrument's text: on the
therapist's pages, in the reports, the outcome CSV and the FHIR exports."""

import csv
import io
import json
from datetime import timedelta

from django.urls import reverse

from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse
from ruggensteun.reports.documents import progress_context
from tests.clock import TODAY
from tests.questionnaires.conftest import NPRS, submitted
from tests.signoff.conftest import sign_off
from tests.workspace.outcomes import episode

MARK = "voorlopig: tekst nog niet goedgekeurd"


def _nprs_response(patient):
    Assignment.objects.filter(patient=patient).delete()  # not the automatic schedule
    return submitted(patient, "nprs", NPRS)


def test_the_scores_page_marks_unsigned_scores_until_sign_off(client, therapist, lead, patient):
    _nprs_response(patient)
    client.force_login(therapist)
    url = reverse("questionnaires:scores", args=[patient.pk])
    assert MARK in client.get(url).content.decode()
    sign_off(patient.practice, lead, "instrument:nprs")
    page = client.get(url)
    assert MARK not in page.content.decode()
    assert not page.context["results"][0].provisional


def test_the_answers_page_marks_unsigned_scores(client, therapist, lead, patient):
    response = _nprs_response(patient)
    client.force_login(therapist)
    url = reverse("questionnaires:response", args=[response.pk])
    assert MARK in client.get(url).content.decode()
    sign_off(patient.practice, lead, "instrument:nprs")
    assert MARK not in client.get(url).content.decode()


def test_a_sign_off_of_another_instrument_leaves_these_scores_provisional(
    client, therapist, lead, patient
):
    _nprs_response(patient)
    sign_off(patient.practice, lead, "instrument:gpe")
    client.force_login(therapist)
    page = client.get(reverse("questionnaires:scores", args=[patient.pk]))
    assert MARK in page.content.decode()


def test_another_practices_sign_off_leaves_these_scores_provisional(
    client, therapist, outsider_lead, patient, other_practice
):
    _nprs_response(patient)
    sign_off(other_practice, outsider_lead, "instrument:nprs")
    client.force_login(therapist)
    page = client.get(reverse("questionnaires:scores", args=[patient.pk]))
    assert MARK in page.content.decode()


def test_the_progress_report_marks_unsigned_scores(lead, patient):
    _nprs_response(patient)
    outcomes = progress_context(patient, TODAY, for_gp=True)["outcomes"]
    assert [outcome.result.provisional for outcome in outcomes] == [True]
    sign_off(patient.practice, lead, "instrument:nprs")
    outcomes = progress_context(patient, TODAY, for_gp=True)["outcomes"]
    assert [outcome.result.provisional for outcome in outcomes] == [False]


def _observation_statuses(client, patient):
    response = client.post(reverse("questionnaires:export_fhir", args=[patient.pk]))
    bundle = json.loads(response.content)
    return [
        entry["resource"]["status"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation"
    ]


def test_the_fhir_export_says_preliminary_until_sign_off(client, therapist, lead, patient):
    _nprs_response(patient)
    client.force_login(therapist)
    assert _observation_statuses(client, patient) == ["preliminary"]
    sign_off(patient.practice, lead, "instrument:nprs")
    assert _observation_statuses(client, patient) == ["final"]


START = TODAY - timedelta(weeks=20)


def _export(client, fmt):
    return client.post(
        reverse("workspace:export_download"),
        {
            "first": START.isoformat(),
            "last": TODAY.isoformat(),
            "scope": "ended",
            "csv_format": "excel_nl",
            "format": fmt,
        },
    )


def _csv_rows(client):
    text = _export(client, "csv").content.decode("utf-8")[1:]
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_outcome_csv_names_the_provisional_instruments(client, therapist, lead, patient):
    episode(patient, therapist, START)
    client.force_login(therapist)
    assert _csv_rows(client)[0]["provisional"] == "nprs qbpds psk gpe"
    sign_off(patient.practice, lead, "instrument:nprs")
    assert _csv_rows(client)[0]["provisional"] == "qbpds psk gpe"
    for code in ("qbpds", "psk", "gpe"):
        sign_off(patient.practice, lead, f"instrument:{code}")
    assert _csv_rows(client)[0]["provisional"] == ""


def test_the_outcome_bundle_says_preliminary_until_sign_off(client, therapist, lead, patient):
    episode(patient, therapist, START)
    client.force_login(therapist)

    def statuses():
        bundle = json.loads(_export(client, "fhir").content)
        found = {}
        for entry in bundle["entry"]:
            resource = entry["resource"]
            if resource["resourceType"] == "Observation":
                code = resource["code"]["coding"][-1]["code"]
                found.setdefault(code, set()).add(resource["status"])
        return found

    before = statuses()
    assert before["nprs-score"] == {"preliminary"}
    assert before["nprs-mic-points"] == {"preliminary"}
    assert before["sessions"] == {"final"}
    sign_off(patient.practice, lead, "instrument:nprs")
    after = statuses()
    assert after["nprs-score"] == {"final"}
    assert after["nprs-mic-points"] == {"final"}
    assert after["qbpds-total"] == {"preliminary"}


def test_submitted_answers_score_the_same_with_an_imported_text(client, lead, patient):
    from tests.signoff.conftest import official_file

    client.force_login(lead)
    client.post(reverse("signoff:import", args=["nprs"]), {"file": official_file()})
    response = _nprs_response(patient)
    assert QuestionnaireResponse.objects.get(pk=response.pk).scores == {"score": 7}


def test_the_patient_pages_charts_mark_unsigned_scores(client, therapist, lead, patient):
    _nprs_response(patient)
    client.force_login(therapist)
    url = reverse("patients:detail", args=[patient.pk])

    def charts_section():
        html = client.get(url).content.decode()
        start = html.index('<section aria-labelledby="charts">')
        return html[start : html.index("</section>", start)]

    assert MARK in charts_section()
    sign_off(patient.practice, lead, "instrument:nprs")
    assert MARK not in charts_section()
