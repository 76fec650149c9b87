"""A patient with years of data gets the download from a task (issue #14): the page says
it is being made, then offers the ZIP; it holds what the direct download holds, only the
patient can fetch it, every download is logged, and it is pruned."""

import io
import json
import os
import time
import zipfile
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.mydata.export import FILES, OWN_EXPORT_KIND
from tests.mydata.conftest import give_programme, nprs, scores

DOWNLOAD = reverse("mydata:download")


@pytest.fixture(autouse=True)
def kept_folder(settings, tmp_path, monkeypatch):
    from ruggensteun.mydata import export

    # The PDF is drawn in test_own_data; a stand-in keeps this test quick.
    monkeypatch.setattr(export, "summary_pdf", lambda patient, language: b"%PDF-1.7 stand-in")
    settings.KEPT_FILES_DIR = tmp_path / "kept"
    return tmp_path / "kept" / OWN_EXPORT_KIND


@pytest.fixture
def followed(patient, therapist):
    give_programme(patient, therapist, weeks=3, pains=[7, 6, 5])
    scores(patient, "nprs", [7, 4], nprs)
    return patient


def ordered(client, settings, *, run=True):
    settings.OWN_EXPORT_TASK_FROM_ROWS = 0
    with TestCase.captureOnCommitCallbacks(execute=run):
        response = client.post(DOWNLOAD)
    assert response.status_code == 302
    return response["Location"]


def file_url(page):
    return reverse("mydata:own_export_file", args=[page.rstrip("/").split("/")[-1]])


def members(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name) for name in archive.namelist()}


def test_the_task_makes_the_zip_of_the_direct_download(client, settings, followed):
    client.force_login(followed.user)
    direct = client.post(DOWNLOAD)
    assert direct["Content-Type"] == "application/zip"
    page = ordered(client, settings)
    html = client.get(page).content.decode()
    assert "Uw bestand is klaar." in html and file_url(page) in html
    made = client.get(file_url(page))
    assert made.status_code == 200 and made["Content-Type"] == "application/zip"
    assert made["Content-Disposition"] == direct["Content-Disposition"]
    got, expected = members(made.content), members(direct.content)
    assert set(got) == set(expected) == set(FILES.values())
    # The same files. They differ only in the moment they were made and, in the JSON, in
    # the access log: the first download and the order are in it by the time the task runs.
    for name in (FILES["pdf"], FILES["readme"]):
        assert got[name] == expected[name], name
    records, records_direct = json.loads(got[FILES["json"]]), json.loads(expected[FILES["json"]])
    for made_now in (records, records_direct):
        made_now.pop("created_at")
    log, log_direct = records.pop("access_log"), records_direct.pop("access_log")
    assert records == records_direct
    assert log[: len(log_direct)] == log_direct and len(log) > len(log_direct)
    fhir, fhir_direct = json.loads(got[FILES["fhir"]]), json.loads(expected[FILES["fhir"]])
    for bundle in (fhir, fhir_direct):  # the moment and the Bundle's own random id
        bundle.pop("timestamp"), bundle.pop("id")
    assert fhir == fhir_direct


def test_while_it_is_made_the_page_says_so(client, settings, followed):
    client.force_login(followed.user)
    page = ordered(client, settings, run=False)
    html = client.get(page).content.decode()
    assert "Uw bestand wordt gemaakt." in html and 'aria-live="polite"' in html
    assert 'hx-trigger="every 3s"' in html and f'<a href="{page}">Kijk opnieuw</a>' in html
    early = client.get(file_url(page))
    assert early.status_code == 302 and early["Location"] == page


def test_only_the_patient_can_fetch_it_and_each_download_is_logged(
    client, settings, followed, outsider_patient, therapist
):
    client.force_login(followed.user)
    page = ordered(client, settings)
    before = AuditEvent.objects.filter(action="export", patient=followed).count()
    client.get(file_url(page))
    client.get(file_url(page))
    assert AuditEvent.objects.filter(action="export", patient=followed).count() == before + 2
    for other in (outsider_patient.user, therapist):
        client.force_login(other)
        assert client.get(page).status_code == 404
        assert client.get(file_url(page)).status_code == 404


def test_it_is_pruned_after_the_days_unread(client, settings, followed, kept_folder):
    settings.KEPT_FILES_DAYS = 7
    client.force_login(followed.user)
    page = ordered(client, settings)
    long_ago = time.time() - timedelta(days=8).total_seconds()
    for file in kept_folder.iterdir():
        os.utime(file, (long_ago, long_ago))
    call_command("prune", stdout=StringIO())
    assert list(kept_folder.iterdir()) == []
    assert client.get(page).status_code == 404
