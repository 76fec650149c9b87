"""Large outcome exports are made by a task (issues #14, #15): the page says the export is
being made and then offers the file; the file is the same as the direct answer, only the
practice's own staff can fetch it, every download is audited, and it is pruned."""

import os
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.workspace.exports import EXPORT_KIND
from tests.clock import TODAY
from tests.workspace.outcomes import episode
from tests.workspace.test_exports import START

FORM = {
    "first": START.isoformat(),
    "last": TODAY.isoformat(),
    "scope": "ended",
    "csv_format": "excel_nl",
}


@pytest.fixture(autouse=True)
def kept_folder(settings, tmp_path):
    settings.KEPT_FILES_DIR = tmp_path / "kept"
    return tmp_path / "kept" / EXPORT_KIND


@pytest.fixture
def treated(patient, therapist):
    return episode(patient, therapist, START)


def direct(client, settings, fmt="csv"):
    settings.EXPORT_TASK_FROM_PATIENTS = 100
    response = client.post(reverse("workspace:export_download"), {**FORM, "format": fmt})
    assert response.status_code == 200
    return response


def ordered(client, settings, fmt="csv", *, run=True):
    """Order the export of a 'large' practice; the task runs at the commit (immediate
    backend, tests/settings.py) unless ``run`` is False."""
    settings.EXPORT_TASK_FROM_PATIENTS = 0
    with TestCase.captureOnCommitCallbacks(execute=run):
        response = client.post(reverse("workspace:export_download"), {**FORM, "format": fmt})
    assert response.status_code == 302
    return response["Location"]


def token_of(page: str) -> str:
    return page.rstrip("/").split("/")[-1]


def test_the_task_makes_the_same_bytes_as_the_direct_export(client, settings, therapist, treated):
    client.force_login(therapist)
    expected = direct(client, settings)
    page = ordered(client, settings)
    shown = client.get(page)
    assert shown.status_code == 200
    assert "Uw export is klaar." in shown.content.decode()
    file_url = reverse("workspace:export_file", args=[token_of(page)])
    assert file_url in shown.content.decode()
    made = client.get(file_url)
    assert made.status_code == 200
    assert made.content == expected.content
    assert made["Content-Type"] == expected["Content-Type"]
    assert made["Content-Disposition"] == expected["Content-Disposition"]


def test_a_fhir_bundle_is_made_by_the_task_too(client, settings, therapist, treated):
    client.force_login(therapist)
    page = ordered(client, settings, "fhir")
    made = client.get(reverse("workspace:export_file", args=[token_of(page)]))
    assert made["Content-Type"] == "application/fhir+json"
    assert b'"resourceType": "Bundle"' in made.content


def test_while_it_is_made_the_page_says_so_and_looks_again(client, settings, therapist, treated):
    client.force_login(therapist)
    page = ordered(client, settings, run=False)
    html = client.get(page).content.decode()
    assert "Uw export wordt gemaakt." in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert f'hx-get="{page}"' in html and 'hx-trigger="every 3s"' in html
    assert f'<a href="{page}">Kijk opnieuw</a>' in html  # without JavaScript
    assert html.count("<h1") == 1
    # htmx asks for the status part only.
    part = client.get(page, headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<div id="export-progress"') and "<h1" not in part
    # The file is not there yet: its address leads back to the page.
    early = client.get(reverse("workspace:export_file", args=[token_of(page)]))
    assert early.status_code == 302 and early["Location"] == page
    # Nothing has left the practice yet, so nothing is logged as exported.
    assert not AuditEvent.objects.filter(action="export").exists()


def test_every_download_is_audited_for_the_export_and_each_patient(
    client, settings, therapist, treated, practice
):
    client.force_login(therapist)
    file_url = reverse("workspace:export_file", args=[token_of(ordered(client, settings))])
    client.get(file_url)
    client.get(file_url)
    wholes = AuditEvent.objects.filter(action="export", patient=None)
    assert wholes.count() == 2
    for whole in wholes:
        assert whole.actor == therapist and whole.practice == practice
        assert whole.detail["patient_ids"] == [treated.pk]
        assert whole.detail["format"] == "csv-excel_nl"
    assert AuditEvent.objects.filter(action="export", patient=treated).count() == 2


def test_another_practices_staff_cannot_see_or_fetch_it(
    client, settings, therapist, treated, outsider_therapist, outsider_admin
):
    client.force_login(therapist)
    page = ordered(client, settings)
    file_url = reverse("workspace:export_file", args=[token_of(page)])
    for outsider in (outsider_therapist, outsider_admin):
        client.force_login(outsider)
        assert client.get(page).status_code == 404
        assert client.get(file_url).status_code == 404
    client.logout()
    assert client.get(file_url).status_code == 302  # to the login
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_unknown_or_broken_token_is_not_found(client, therapist):
    client.force_login(therapist)
    for token in ("nothing-here", "..%2Fpdf", "a" * 200):
        assert client.get(f"/praktijk/uitkomsten/export/{token}/").status_code == 404


def test_a_made_export_is_pruned_after_the_days_unread(
    client, settings, therapist, treated, kept_folder
):
    settings.KEPT_FILES_DAYS = 7
    client.force_login(therapist)
    page = ordered(client, settings)
    assert len(list(kept_folder.iterdir())) == 2  # the file and its order
    long_ago = time.time() - timedelta(days=8).total_seconds()
    for file in kept_folder.iterdir():
        os.utime(file, (long_ago, long_ago))
    call_command("prune", stdout=StringIO())
    assert list(kept_folder.iterdir()) == []
    assert client.get(page).status_code == 404
