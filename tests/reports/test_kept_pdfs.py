"""A PDF is drawn once per content and kept by the hash of its HTML (issue #15): the next
download of the same content is the kept file, any change in the data draws a new one,
every download is still logged, and kept files go with ``manage.py prune``."""

import os
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from ruggensteun.audit.models import AuditEvent
from ruggensteun.pdf import kept
from ruggensteun.programme.models import DayLog
from tests.reports.test_pdfs import made, pdf_url, treated  # noqa: F401 - the fixture

SENTINEL = b"%PDF-1.7 kept, not drawn again"


def kept_files(folder):
    return sorted(folder.glob("*.pdf")) if folder.is_dir() else []


def test_the_same_report_is_the_kept_file_and_new_data_draw_a_new_one(
    client,
    therapist,
    treated,  # noqa: F811 - the fixture of test_pdfs
    kept_folder,
):
    client.force_login(therapist)
    url = pdf_url(treated, "voortgangsverslag")
    first = made(client, url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF-")
    (file,) = kept_files(kept_folder)
    assert file.read_bytes() == first.content
    # The second download reads the kept file: changed on disk, the change is served.
    file.write_bytes(SENTINEL)
    assert client.get(url).content == SENTINEL
    # A new day log is other content: drawn anew, and kept beside the first.
    last = DayLog.objects.filter(patient=treated).order_by("-date").first()
    DayLog.objects.filter(pk=last.pk).update(pain=9)
    changed = made(client, url)
    assert changed.content.startswith(b"%PDF-") and changed.content != SENTINEL
    assert len(kept_files(kept_folder)) == 2
    # The report for the GP is another document (other words): its own file.
    made(client, pdf_url(treated, "voortgangsverslag", voor="huisarts"))
    assert len(kept_files(kept_folder)) == 3
    # Every download is logged, the kept ones too.
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, patient=treated).count() == 4


def test_kept_files_go_with_prune_after_the_days_unread(db, settings):
    settings.KEPT_FILES_DAYS = 7
    old = kept.write("pdf", "a" * 64 + ".pdf", b"%PDF old")
    recent = kept.write("exports", "b" * 64 + ".csv", b"recent")
    eight_days_ago = time.time() - timedelta(days=8).total_seconds()
    os.utime(old, (eight_days_ago, eight_days_ago))
    out = StringIO()
    call_command("prune", stdout=out)
    assert not old.exists() and recent.exists()
    assert "kept files" in out.getvalue()


def test_a_kept_name_cannot_leave_its_folder():
    for name in ("../settings.py", ".hidden", "a/b"):
        with pytest.raises(ValueError):
            kept.path("pdf", name)


def test_a_kept_file_is_created_once(db):
    assert kept.create("pdf-orders", "c" * 64 + ".json", b"first")
    assert not kept.create("pdf-orders", "c" * 64 + ".json", b"second")
    assert kept.read("pdf-orders", "c" * 64 + ".json") == b"first"
    assert [file.name for file in kept.folder("pdf-orders").iterdir()] == ["c" * 64 + ".json"]
