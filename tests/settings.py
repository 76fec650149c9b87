"""The project's settings for the test suite: production settings with a test key.

Only what a test run needs differs: a key of its own, a fast password hasher, and
static files served without a collectstatic manifest.
"""

import os

# Long enough for the production check (ruggensteun/settings.py refuses a weak key).
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "0123456789abcdef" * 3)

from ruggensteun.settings import *  # noqa: F403
from ruggensteun.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the apps (no collectstatic before a test run).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The live server of the browser tests answers in threads. With an in-memory SQLite database
# all threads share one connection, and two requests at once (a page and its background
# send) collide; a database file gives every thread its own connection, as in production.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # TEST_SQLITE_NAME lets two runs on one machine (two developers' checkouts) keep apart.
    name = os.environ.get("TEST_SQLITE_NAME", "test-suite")
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"{name}.sqlite3")}  # noqa: F405

# Tasks run at once, in the test's own thread, so a test of any page sees the e-mail its
# action sent. The e-mail and fan-out tests (tests/test_tasks_mail.py, tests/test_fan_out.py)
# switch to the database backend and run the real worker, as production does.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Kept PDFs and made exports (ruggensteun.pdf.kept) in a folder of the test run, apart from
# the development server's.
KEPT_FILES_DIR = VAR_DIR / "test-kept" / os.environ.get("TEST_SQLITE_NAME", "test-suite")  # noqa: F405
