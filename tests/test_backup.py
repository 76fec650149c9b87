"""manage.py backup: the database (pg_dump on PostgreSQL, SQLite's backup API) and the media
files, with one timestamp and a SHA-256 manifest. The restore itself is tried in CI on
PostgreSQL (.ci/restore-drill)."""

import hashlib
import sqlite3
import stat
import subprocess
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ruggensteun.audit.log import Action, record
from ruggensteun.audit.models import AuditEvent

STAMP = "20260610T080000Z"  # tests.clock.NOW in UTC (the clock ticks on: seconds may differ)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "videos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "videos" / "bridge.mp4").write_bytes(b"\x00video bytes")
    return settings.MEDIA_ROOT


def backup(folder) -> str:
    out = StringIO()
    call_command("backup", "--to", str(folder), stdout=out)
    return out.getvalue()


def made(folder) -> dict[str, object]:
    files = {path.name: path for path in folder.iterdir()}
    assert len(files) == 3, sorted(files)
    return files


def check_manifest(folder, files) -> list[str]:
    (manifest,) = [path for name, path in files.items() if name.endswith(".sha256")]
    names = []
    for line in manifest.read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
        names.append(name)
    # The format sha256sum -c reads.
    result = subprocess.run(
        ["sha256sum", "-c", manifest.name], cwd=folder, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return names


def check_media(files) -> None:
    (archive,) = [path for name, path in files.items() if name.endswith("-media.tar.gz")]
    with tarfile.open(archive) as tar:
        assert tar.extractfile("media/videos/bridge.mp4").read() == b"\x00video bytes"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup")
def test_sqlite_backup_copies_the_database_and_the_media(transactional_db, media, tmp_path):
    for number in range(3):
        record(None, Action.VIEW, f"entry {number}")
    folder = tmp_path / "backups"

    out = backup(folder)

    files = made(folder)
    (copy,) = [path for name, path in files.items() if name.endswith(".sqlite3")]
    assert copy.name.startswith("ruggensteun-20260610T0800")
    with sqlite3.connect(copy) as db:
        rows = db.execute("SELECT what FROM audit_auditevent ORDER BY id").fetchall()
    assert rows == [("entry 0",), ("entry 1",), ("entry 2",)]
    assert sorted(check_manifest(folder, files)) == sorted(
        name for name in files if not name.endswith(".sha256")
    )
    check_media(files)
    # Patient data: readable by the owner only, the folder too.
    for path in [folder, *files.values()]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    assert "sha256sum -c" in out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL")
def test_postgresql_backup_is_a_pg_dump_with_the_audit_log(transactional_db, media, tmp_path):
    record(None, Action.VIEW, "an entry to keep")
    folder = tmp_path / "backups"

    backup(folder)

    files = made(folder)
    (dump,) = [path for name, path in files.items() if name.endswith(".dump")]
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    listing = subprocess.run(
        ["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE DATA public audit_auditevent" in listing
    assert "TRIGGER public audit_auditevent audit_auditevent_no_update" in listing
    check_manifest(folder, files)
    check_media(files)
    assert AuditEvent.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL")
def test_a_failing_pg_dump_fails_the_command_and_leaves_no_files(
    transactional_db, media, tmp_path, monkeypatch
):
    from types import SimpleNamespace

    from ruggensteun.web.management.commands import backup as command

    wrong = {**connection.settings_dict, "NAME": "no_such_database_here"}
    monkeypatch.setattr(
        command, "connection", SimpleNamespace(vendor="postgresql", settings_dict=wrong)
    )
    folder = tmp_path / "backups"
    with pytest.raises(CommandError, match="pg_dump failed"):
        backup(folder)
    assert list(folder.iterdir()) == []


def test_a_second_backup_in_the_same_second_refuses_to_overwrite(transactional_db, media, tmp_path):
    import time_machine

    from tests.clock import NOW

    folder = tmp_path / "backups"
    with time_machine.travel(NOW, tick=False):
        backup(folder)
        before = {path.name: path.read_bytes() for path in folder.iterdir()}
        with pytest.raises(CommandError, match="already in"):
            backup(folder)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
