"""Files kept for a while on the server: PDFs by the hash of their content, exports made by
a task until they are fetched (issue #15, #14).

One folder, ``KEPT_FILES_DIR`` (default ``<VAR_DIR>/kept``), one subfolder per kind. A file
is written to a temporary name and renamed, so a reader never sees half a file, and two
workers writing the same name write the same bytes. What is kept holds patient data like
the media folder does: it lives on the server only, is served only by views that check
access and audit, and is removed by ``manage.py prune`` after ``KEPT_FILES_DAYS`` (default
7) without being read.
"""

import json
import os
import re
import tempfile
import time
from datetime import datetime
from pathlib import Path

from django.conf import settings

NAME = re.compile(r"^[A-Za-z0-9._-]{1,120}$")
DEFAULT_DAYS = 7


def folder(kind: str) -> Path:
    base = Path(getattr(settings, "KEPT_FILES_DIR", None) or Path(settings.VAR_DIR) / "kept")
    return base / kind


def path(kind: str, name: str) -> Path:
    if not NAME.match(kind) or not NAME.match(name) or name.startswith("."):
        raise ValueError(f"not a name for a kept file: {kind}/{name}")
    return folder(kind) / name


def read(kind: str, name: str) -> bytes | None:
    """The kept file's bytes, or None when there is none; reading keeps it longer."""
    where = path(kind, name)
    try:
        data = where.read_bytes()
    except FileNotFoundError:
        return None
    os.utime(where)
    return data


def exists(kind: str, name: str) -> bool:
    return path(kind, name).is_file()


def _written(where: Path, data: bytes) -> Path:
    """``data`` in a new private file beside ``where``, under a temporary name."""
    where.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=where.parent, prefix=".writing-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o600)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write(kind: str, name: str, data: bytes) -> Path:
    where = path(kind, name)
    temporary = _written(where, data)
    try:
        os.replace(temporary, where)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return where


def create(kind: str, name: str, data: bytes) -> bool:
    """Write the file only when there is none yet: True for the one caller that wrote it.
    Written to a temporary name and linked, so the name appears complete or not at all, and
    of two callers at the same moment exactly one gets True (a claim, as a lock would)."""
    where = path(kind, name)
    temporary = _written(where, data)
    try:
        os.link(temporary, where)
    except FileExistsError:
        return False
    finally:
        temporary.unlink(missing_ok=True)
    return True


def remove(kind: str, name: str) -> None:
    path(kind, name).unlink(missing_ok=True)


def keep_days() -> int:
    return int(getattr(settings, "KEPT_FILES_DAYS", DEFAULT_DAYS))


def prune(now: datetime, days: int | None = None) -> int:
    """Remove kept files not written or read for ``days`` days; how many were removed."""
    cutoff = now.timestamp() - 86400 * (keep_days() if days is None else days)
    base = folder("x").parent
    removed = 0
    if not base.is_dir():
        return 0
    for kind in base.iterdir():
        if not kind.is_dir():
            continue
        for file in kind.iterdir():
            # A temporary file left by a crash goes after an hour.
            stale = file.name.startswith(".writing-") and file.stat().st_mtime < time.time() - 3600
            if file.is_file() and (file.stat().st_mtime < cutoff or stale):
                file.unlink(missing_ok=True)
                removed += 1
    return removed


def write_json(kind: str, name: str, data: dict[str, object]) -> Path:
    return write(kind, name, json.dumps(data).encode())


def create_json(kind: str, name: str, data: dict[str, object]) -> bool:
    return create(kind, name, json.dumps(data).encode())


def read_json(kind: str, name: str) -> dict[str, object] | None:
    data = read(kind, name)
    return None if data is None else dict(json.loads(data))
