"""Logs and error reports without personal data (issue #14).

- ``JsonFormatter``: one JSON object a line (``LOG_FORMAT=json``) with the time, level,
  logger, message, the request's path without its query string, and for an error the
  exception's type and stack (not its message, which may quote what a patient wrote).
- ``init_error_reporting``: Sentry (or self-hosted GlitchTip) when ``SENTRY_DSN`` is set,
  with ``send_default_pii`` off and ``scrub_event`` before every event is sent.
- ``PrivateExceptionReporter`` (and its filter): the ``ADMINS`` e-mails Django sends without
  Sentry show no POST data, query strings, uploaded file names, local variables or exception
  messages either (only with DEBUG off; the development error page keeps everything).
- ``QueuedAdminEmailHandler``: those ``ADMINS`` e-mails go through the task queue (the
  mail task of base/mail.py, with its retries), never from inside the failing request, so
  a mail server that hangs does not hold the worker that is already answering a 500.
- ``parse_admins``: ``ADMINS`` from the environment, as "Name <email>, ...".

Imported by the settings, so it imports no app and Sentry only when asked for.
"""

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from email.utils import getaddresses
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

SCRUBBED = "[scrubbed]"
# "/mijn/dagboek/?note=..." -> "/mijn/dagboek/": a query string may carry what was typed.
_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


def strip_query(text: str) -> str:
    return _QUERY.sub(r"\1", text)


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": strip_query(record.getMessage()),
        }
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str):
            line["path"] = path  # HttpRequest.path never holds the query string
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            line["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            line["exc_type"] = record.exc_info[0].__qualname__
            line["stack"] = "".join(traceback.format_tb(record.exc_info[2]))
        return json.dumps(line, ensure_ascii=False)


# --- Sentry ---------------------------------------------------------------------------------

# Request headers that say nothing about the person; every other header goes.
_SAFE_HEADERS = {"accept", "accept-language", "content-type", "content-length", "host"}


def _scrub_stacktrace(stacktrace: Any) -> None:
    if not isinstance(stacktrace, dict):
        return
    for frame in stacktrace.get("frames") or []:
        if isinstance(frame, dict):
            frame.pop("vars", None)  # local variables: the patient's answers, notes, ...


def scrub_event(event: dict[str, Any], hint: Any = None) -> dict[str, Any]:
    """Remove what may hold personal data from a Sentry event; keep what finds the bug:
    the exception's type, module and stack (files, functions, lines, code), the logger, the
    request's method and path, the release. Used as ``before_send``."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value for name, value in headers.items() if name.lower() in _SAFE_HEADERS
            }
    for exception in (event.get("exception") or {}).get("values") or []:
        if isinstance(exception, dict):
            if "value" in exception:
                exception["value"] = SCRUBBED  # the message may quote the input
            _scrub_stacktrace(exception.get("stacktrace"))
    for thread in (event.get("threads") or {}).get("values") or []:
        if isinstance(thread, dict):
            _scrub_stacktrace(thread.get("stacktrace"))
    _scrub_stacktrace(event.get("stacktrace"))
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
        logentry.pop("formatted", None)
        if isinstance(logentry.get("message"), str):
            logentry["message"] = strip_query(logentry["message"])
    if isinstance(event.get("message"), str):
        event["message"] = strip_query(event["message"])
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = [
            scrub_breadcrumb(crumb) for crumb in breadcrumbs.get("values") or []
        ]
    for key in ("user", "extra", "server_name"):
        event.pop(key, None)
    return event


def scrub_breadcrumb(crumb: dict[str, Any], hint: Any = None) -> dict[str, Any]:
    """Keep when and what kind (a query, a log line, a redirect); drop its text and data."""
    return {key: crumb[key] for key in ("timestamp", "type", "category", "level") if key in crumb}


def init_error_reporting(dsn: str, *, release: str, environment: str) -> None:
    """Send errors to Sentry or GlitchTip (imported only here, when a DSN is set)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        release=release or None,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,  # type: ignore[arg-type]
        before_breadcrumb=scrub_breadcrumb,  # type: ignore[arg-type]
        traces_sample_rate=0.0,
    )


# --- ADMINS e-mails -------------------------------------------------------------------------


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """With DEBUG off: every POST value and every local variable cleansed."""

    def get_post_parameters(self, request: Any) -> Any:
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        cleansed = request.POST.copy()
        for name in cleansed:
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PrivateExceptionReporter(ExceptionReporter):
    """With DEBUG off: no query string, uploaded file name or exception message either."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if not self.filter.is_active(self.request):
            return data
        substitute = self.filter.cleansed_substitute
        if self.request is not None:
            data["request_GET_items"] = [(name, substitute) for name in self.request.GET]
            data["request_FILES_items"] = [(name, substitute) for name in self.request.FILES]
            data["request_insecure_uri"] = strip_query(data.get("request_insecure_uri", ""))
        if "exception_value" in data:
            data["exception_value"] = substitute
        for frame in data.get("frames", []):
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = type(frame["exc_cause"]).__qualname__
        return data


class QueuedAdminEmailHandler(AdminEmailHandler):
    """Django's error e-mail to ADMINS, queued as one mail task per admin instead of sent
    within the request. Should the queue itself fail (e.g. the database is what broke), the
    e-mail is sent at once as Django would (bounded by EMAIL_TIMEOUT), so it is not lost."""

    def send_mail(self, subject: str, message: str, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        from ruggensteun.base.mail import send_email  # imported late: settings import this

        if not settings.ADMINS:
            return
        try:
            for _name, address in settings.ADMINS:
                send_email.enqueue(
                    {
                        "kind": "admin_error",
                        "to": address,
                        "subject": f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
                        "body": message,
                        "practice_id": None,
                        "headers": {},
                        "on_sent": None,
                    }
                )
        except Exception:
            super().send_mail(subject, message, *args, **kwargs)


def parse_admins(value: str) -> list[tuple[str, str]]:
    """ "Name <email>, Other <email2>" (or bare addresses) -> Django's ADMINS."""
    if not value.strip():
        return []
    admins = []
    for name, address in getaddresses([value]):
        if "@" not in address:
            raise ImproperlyConfigured(
                f"ADMINS must be 'Name <e-mail>, ...'; {address or name!r} is no e-mail address."
            )
        admins.append((name, address))
    return admins


def logging_config(*, level: str, json_lines: bool, mail_admins: bool) -> dict[str, Any]:
    """The LOGGING setting: to standard error, plain or JSON; errors of requests to ADMINS
    by e-mail when ``mail_admins`` (no Sentry)."""
    console: dict[str, Any] = {"class": "logging.StreamHandler"}
    if json_lines:
        console["formatter"] = "json"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "ruggensteun.base.logging.JsonFormatter"}},
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "handlers": {
            "console": console,
            "mail_admins": {
                "level": "ERROR",
                "filters": ["require_debug_false"],
                "class": "ruggensteun.base.logging.QueuedAdminEmailHandler",
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {
                "handlers": ["mail_admins"] if mail_admins else [],
                "level": "INFO",
                "propagate": True,
            },
        },
    }
