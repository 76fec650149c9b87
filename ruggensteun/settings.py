"""Settings for Ruggensteun, read from the environment (see README, "Configuration")."""

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ruggensteun.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# The installed release (pyproject.toml), read once; staff see it in the footer
# (web.context_processors.navigation) so a bug report can name it.
try:
    RUGGENSTEUN_VERSION = version("ruggensteun")
except PackageNotFoundError:  # a checkout that was never installed
    RUGGENSTEUN_VERSION = ""
VAR_DIR = Path(env_str("RUGGENSTEUN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

_DEVELOPMENT_SECRET = "development-only-not-secret"
SECRET_KEY = env_str("SECRET_KEY", _DEVELOPMENT_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in production. Set DEBUG=true only on a development machine."
    )
if not DEBUG and SECRET_KEY == _DEVELOPMENT_SECRET:
    raise ImproperlyConfigured("The development SECRET_KEY cannot be used with DEBUG off.")
# The same bar as Django's own deployment check (security.W009): at least 50 characters, at
# least 5 different ones, not a key Django generated for development.
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters, e.g. "
        "from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "ruggensteun.accounts",
    "ruggensteun.patients",
    "ruggensteun.audit",
    "ruggensteun.web",
    "ruggensteun.base",
    "ruggensteun.questionnaires",
    "ruggensteun.intake",
    "ruggensteun.programme",
    "ruggensteun.workspace",
    "ruggensteun.today",
    "ruggensteun.diary",
    "ruggensteun.mydata",
    "ruggensteun.reports",
    "ruggensteun.signoff",
    "ruggensteun.push",
    "ruggensteun.messaging",
    "ruggensteun.search",
    "ruggensteun.outcomes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ruggensteun.base.security.AbsoluteSessionMiddleware",
    "ruggensteun.base.security.SecurityHeadersMiddleware",
    "ruggensteun.web.pwa.OfflineHeadersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ruggensteun.accounts.two_factor.middleware.StaffTwoFactorMiddleware",
    "ruggensteun.mydata.middleware.PrivacyConsentMiddleware",
    "ruggensteun.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ruggensteun.urls"
WSGI_APPLICATION = "ruggensteun.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ruggensteun.web.context_processors.navigation",
            ],
        },
    },
]

_DATABASE_URL = env_str("DATABASE_URL", "")
if not _DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _DATABASE_URL = f"sqlite:///{VAR_DIR / 'ruggensteun.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling, counted in the database (accounts.LoginAttempt).
# LOGIN_FAILURES_PER_ACCOUNT locks the pair account + client address; the account alone
# (from any address) only at LOGIN_FAILURES_PER_ACCOUNT_ANY_ADDRESS, so nobody can lock a
# staff member out at will from one address (issue #11, finding 6).
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
LOGIN_FAILURES_PER_ACCOUNT_ANY_ADDRESS = env_int(
    "LOGIN_FAILURES_PER_ACCOUNT_ANY_ADDRESS", 50, minimum=1
)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 20, minimum=1)
LOGIN_THROTTLE_MINUTES = env_int("LOGIN_THROTTLE_MINUTES", 15, minimum=1)
# Password-reset e-mails within LOGIN_THROTTLE_MINUTES, per address asked for and per client.
PASSWORD_RESETS_PER_ACCOUNT = env_int("PASSWORD_RESETS_PER_ACCOUNT", 3, minimum=1)
PASSWORD_RESETS_PER_IP = env_int("PASSWORD_RESETS_PER_IP", 10, minimum=1)
# Staff confirm each login with a code from an authenticator app (accounts/two_factor).
OTP_TOTP_ISSUER = "Ruggensteun"
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7, minimum=1)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link is valid for one day

# Sessions end after a period without activity.
SESSION_COOKIE_AGE = 60 * env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_SAVE_EVERY_REQUEST = True
# ... and, however active, a fixed time after logging in (ruggensteun.base.security).
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS redirect and HSTS: the proxy does both (docs/deployment.md), and the production
# example (.env.example) turns them on in the app as well, so that `check --deploy` verifies
# them instead of being silenced and a request that reaches gunicorn around the proxy is
# still sent to HTTPS. The health check is exempt: monitors and the container's HEALTHCHECK
# ask gunicorn directly over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Asking browsers to put the whole domain on their preload list is the domain owner's
# decision and hard to undo (hstspreload.org), not the app's: without SECURE_HSTS_PRELOAD the
# deployment check's reminder of it (W021) is silenced. Everything else it reports counts.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): everything from this site only, no inline script or
# style anywhere (htmx is set to need neither: the htmx-config meta tag in base.html), inline
# SVG for the charts and QR codes, and no framing. Permissions-Policy and Cache-Control are
# set in ruggensteun/base/security.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ruggensteun" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Dates per language by format name ("2 dec. 2026" / "2 Dec 2026"): ruggensteun/formats.
FORMAT_MODULE_PATH = ["ruggensteun.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ruggensteun <noreply@localhost>")
# A mail server that hangs cannot hold a worker longer than this (seconds).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
# Links in e-mails are absolute; this is the public address of the site.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Web Push (issue #16, ruggensteun/push): a VAPID key pair from `manage.py vapid_keys`. Without
# both keys push is off and the reminder page says so; e-mail keeps working. The subject is
# how a push service reaches the operator (a mailto: or https: address).
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY", "").strip()
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY", "").strip()
VAPID_SUBJECT = env_str("VAPID_SUBJECT", SITE_URL)
# The push services a browser's subscription may name (a host, or ".domain" for its
# subdomains), over HTTPS: the server never posts to an address a user chose (no request
# forgery towards the internal network). Those of Chrome/Android, Firefox, Safari and Edge.
PUSH_SERVICE_HOSTS = env_list(
    "PUSH_SERVICE_HOSTS",
    ["fcm.googleapis.com", ".push.services.mozilla.com", ".push.apple.com", ".notify.windows.com"],
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The client's address, for login throttling (accounts.forms.client_ip). With
# TRUSTED_PROXY_COUNT = 0 (the default) it is REMOTE_ADDR, or the header CLIENT_IP_HEADER
# when one proxy sets it whole (e.g. HTTP_X_REAL_IP). Behind N proxies that each append to
# X-Forwarded-For, set TRUSTED_PROXY_COUNT = N: the N-th entry from the right counts (the
# address the outermost proxy saw); what the client wrote to the left of it is ignored.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Background work (issue #14): Django's task framework through the django-tasks backport.
# The default backend keeps the queue in the database (django-tasks-db): it works on SQLite,
# and on PostgreSQL any number of workers (`manage.py db_worker`) share it. A host that runs
# another backend of the same framework (RQ, Celery) names its class in TASKS_BACKEND.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# An e-mail that fails for a temporary reason (no answer, 4xx) is tried this often in all,
# with growing pauses (ruggensteun/base/mail.py); then the practice admin sees it.
EMAIL_SEND_ATTEMPTS = env_int("EMAIL_SEND_ATTEMPTS", 5, minimum=1)
# The periodic jobs and how often cron or the systemd timers run them (minutes): /gezond/
# reports a job that has not succeeded within twice its interval (README, "Scheduled jobs").
PERIODIC_JOBS = {
    "advance_programmes": env_int("ADVANCE_PROGRAMMES_EVERY_MINUTES", 24 * 60, minimum=1),
    "send_questionnaire_reminders": env_int(
        "QUESTIONNAIRE_REMINDERS_EVERY_MINUTES", 24 * 60, minimum=1
    ),
    "send_daily_reminders": env_int("DAILY_REMINDERS_EVERY_MINUTES", 15, minimum=1),
    "prune": env_int("PRUNE_EVERY_MINUTES", 24 * 60, minimum=1),
}
# ``manage.py prune`` removes finished task records (done or failed) this many days after
# they finished; a failed e-mail stays on the admin's page (base.MailFailure) regardless.
TASK_RESULTS_KEEP_DAYS = env_int("TASK_RESULTS_KEEP_DAYS", 14, minimum=1)

# Error reporting and logs (issue #14; ruggensteun/base/logging.py). With SENTRY_DSN (Sentry
# or a self-hosted GlitchTip) errors go there, scrubbed of personal data; without it Django
# e-mails them to ADMINS ("Name <e-mail>, ..."), without POST data, local variables or
# exception messages. LOG_FORMAT=json writes one JSON object a line (no query strings).
from ruggensteun.base.logging import (  # noqa: E402
    init_error_reporting,
    logging_config,
    parse_admins,
)

ADMINS = parse_admins(env_str("ADMINS", ""))
SERVER_EMAIL = DEFAULT_FROM_EMAIL  # the sender of those e-mails
SENTRY_DSN = env_str("SENTRY_DSN", "").strip()
LOG_FORMAT = env_str("LOG_FORMAT", "plain").strip().lower()
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
DEFAULT_EXCEPTION_REPORTER = "ruggensteun.base.logging.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "ruggensteun.base.logging.PrivateExceptionReporterFilter"
LOGGING = logging_config(
    level=LOGGING["root"]["level"],
    json_lines=LOG_FORMAT == "json",
    mail_admins=not SENTRY_DSN,
)
if SENTRY_DSN:
    init_error_reporting(
        SENTRY_DSN,
        release=RUGGENSTEUN_VERSION,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
    )
