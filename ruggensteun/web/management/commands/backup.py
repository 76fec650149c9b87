"""A backup of everything an installation keeps: the database and the uploaded files.

    manage.py backup --to /var/backups/ruggensteun

writes, with one timestamp (UTC) in every name:

- ``ruggensteun-<stamp>.dump``: on PostgreSQL ``pg_dump --format=custom`` of the configured
  database (restore with ``pg_restore``; docs/deployment.md, "Backups and restoring"), or
  ``ruggensteun-<stamp>.sqlite3``: on SQLite a consistent copy made with SQLite's own backup
  API while the app keeps running;
- ``ruggensteun-<stamp>-media.tar.gz``: MEDIA_ROOT (the exercise videos), as ``media/...``;
- ``ruggensteun-<stamp>.sha256``: the SHA-256 of both, in the format of ``sha256sum -c``.

The files hold patient data: they are made readable by their owner only. Copy them to
storage outside the server (and keep them as long as the records, with the audit log).
When a step fails, the files of this run are removed and the command fails.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

PREFIX = "ruggensteun"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dump_postgresql(target: Path) -> None:
    db = connection.settings_dict
    if not shutil.which("pg_dump"):
        raise CommandError("pg_dump is not installed (Debian: apt-get install postgresql-client).")
    command = ["pg_dump", "--format=custom", f"--file={target}", "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.append(f"{option}={db[key]}")
    command.append(f"--dbname={db['NAME']}")
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"pg_dump failed: {result.stderr.strip()}")


def copy_sqlite(target: Path) -> None:
    source = sqlite3.connect(str(connection.settings_dict["NAME"]))
    copy = sqlite3.connect(str(target))
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


def tar_media(target: Path) -> int:
    """MEDIA_ROOT as media/... (empty when there is none yet); returns the number of files."""
    media = Path(settings.MEDIA_ROOT)
    count = 0
    with tarfile.open(target, "w:gz") as tar:
        if media.is_dir():
            tar.add(media, arcname="media")
            count = sum(1 for path in media.rglob("*") if path.is_file())
    return count


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or SQLite's backup API) and MEDIA_ROOT to a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, type=Path, help="the folder to write to")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["to"]
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        vendor = connection.vendor
        if vendor == "postgresql":
            database = folder / f"{PREFIX}-{stamp}.dump"
        elif vendor == "sqlite":
            database = folder / f"{PREFIX}-{stamp}.sqlite3"
        else:
            raise CommandError(f"No backup for a {vendor} database; use its own tools.")
        media = folder / f"{PREFIX}-{stamp}-media.tar.gz"
        manifest = folder / f"{PREFIX}-{stamp}.sha256"
        made = [database, media, manifest]
        if any(path.exists() for path in made):
            raise CommandError(f"A backup named {PREFIX}-{stamp} is already in {folder}.")

        old_umask = os.umask(0o077)  # patient data: readable by the owner only
        try:
            if vendor == "postgresql":
                dump_postgresql(database)
            else:
                copy_sqlite(database)
            files = tar_media(media)
            manifest.write_text(
                "".join(f"{sha256_of(path)}  {path.name}\n" for path in (database, media))
            )
        except BaseException:
            for path in made:
                path.unlink(missing_ok=True)
            raise
        finally:
            os.umask(old_umask)

        for path in made:
            self.stdout.write(f"{path}  {path.stat().st_size} bytes")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the database and {files} media files; check with "
                f"`cd {folder} && sha256sum -c {manifest.name}`."
            )
        )
