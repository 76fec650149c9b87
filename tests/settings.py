"""The project's settings for the test suite: production settings with a test key.

Only what a test run needs differs: a key of its own, a fast password hasher, and
static files served without a collectstatic manifest.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

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
