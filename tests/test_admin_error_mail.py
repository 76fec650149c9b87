"""The ADMINS error e-mail goes through the task queue (issue #14): a 500 answers at once
even when the mail server hangs, the e-mail waits in the queue as a mail task (with its
retries), and the worker sends it later. The handler is the one the LOGGING setting installs
(base.logging.logging_config), against a real fake SMTP server on localhost."""

import time

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django_tasks_db.models import DBTaskResult

from tests.fake_smtp import fake_smtp

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 3  # seconds: what a hanging mail server would cost the request


@login_not_required
def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(request.GET["note"])  # what a patient typed


urlpatterns = [path("boom/", boom), path("", include("ruggensteun.urls"))]


@pytest.fixture
def admin_mail(settings):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("Beheer", "beheer@example.org")]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = TIMEOUT
    settings.EMAIL_USE_TLS = False
    # The handler is the one the LOGGING setting configured at start-up (without Sentry).
    assert settings.LOGGING["handlers"]["mail_admins"]["class"].endswith("QueuedAdminEmailHandler")
    return settings


def admin_tasks():
    return DBTaskResult.objects.filter(task_path="ruggensteun.base.mail.send_email")


def get_500(client):
    client.raise_request_exception = False
    started = time.monotonic()
    response = client.get("/boom/", {"note": "Mijn rug doet pijn sinds de val"})
    return response, time.monotonic() - started


def test_a_500_with_a_hanging_mail_server_answers_at_once_and_queues_the_mail(client, admin_mail):
    with fake_smtp("hang") as server:
        admin_mail.EMAIL_PORT = server.port
        response, took = get_500(client)
        assert response.status_code == 500
        assert took < TIMEOUT / 2
        assert server.connections == 0  # the request did not even try
    [task] = admin_tasks()
    [message] = task.args_kwargs["args"][:1]
    assert message["to"] == "beheer@example.org"
    assert message["kind"] == "admin_error"
    assert "ERROR" in message["subject"] and "/boom/" in message["subject"]
    assert "Mijn rug" not in message["subject"] + message["body"]  # no exception message


def test_the_worker_sends_the_queued_error_mail(client, admin_mail):
    with fake_smtp("accept") as server:
        admin_mail.EMAIL_PORT = server.port
        get_500(client)
        assert server.received == []
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        [raw] = server.received
    assert "beheer@example.org" in raw and "/boom/" in raw
    assert admin_tasks().get().return_value == "sent"


def test_without_admins_nothing_is_queued(client, admin_mail):
    admin_mail.ADMINS = []
    response, _took = get_500(client)
    assert response.status_code == 500
    assert not admin_tasks().exists()
