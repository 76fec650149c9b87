"""A mail server that refuses or hangs costs the user nothing (issue #14): the action
succeeds at once, the e-mail is retried, and the failure is visible to the practice admin.

These tests take the production path end to end: Django's SMTP backend with a short
EMAIL_TIMEOUT against a real (fake) SMTP server on localhost (tests/fake_smtp.py), the
database task backend, real commits (a transactional test, so ``on_commit`` fires as in a
request) and the real worker (``manage.py db_worker --batch``) run in the test. The rest of
the suite runs tasks at once (tests/settings.py) so its pages can look at ``mail.outbox``.
"""

import time
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ruggensteun.accounts.models import Invitation, User
from ruggensteun.base import mail
from ruggensteun.base.models import MailFailure
from ruggensteun.patients.models import Patient
from tests.fake_smtp import fake_smtp

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 1  # seconds; production uses 10


@pytest.fixture
def smtp_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = TIMEOUT
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_SEND_ATTEMPTS = 3
    return settings


def use(settings, server):
    settings.EMAIL_PORT = server.port


def work():
    """The worker does what is ready now, then stops."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def later(delay):
    """Move the clock past a retry's pause (the conftest clock ticks on from NOW)."""
    return time_machine.travel(timezone.now() + delay + timedelta(seconds=1), tick=True)


NINA = {
    "full_name": "Nina Nieuw",
    "email": "nina@test.example",
    "date_of_birth": "1980-03-04",
    "sex": "female",
    "language": "nl",
}


def invite(client, therapist):
    client.force_login(therapist)
    started = time.monotonic()
    response = client.post(reverse("patients:invite"), {**NINA, "therapist": therapist.pk})
    return response, time.monotonic() - started


def test_a_refusing_server_the_invitation_succeeds_and_the_admin_sees_the_refusal(
    client, smtp_settings, therapist, admin
):
    with fake_smtp("refuse") as server:
        use(smtp_settings, server)
        response, _ = invite(client, therapist)
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
        assert "De uitnodiging is onderweg naar nina@test.example" in page
        assert User.objects.filter(email="nina@test.example").count() == 1
        assert Patient.objects.filter(user__email="nina@test.example").count() == 1
        assert Invitation.objects.filter(user__email="nina@test.example").count() == 1
        work()
        assert server.connections == 1  # a 5xx is final: not tried again
    [failure] = MailFailure.objects.all()
    assert (failure.recipient, failure.kind, failure.reason, failure.attempts) == (
        "nina@test.example",
        "invitation",
        "refused",
        1,
    )
    assert failure.practice_id == therapist.memberships.get().practice_id
    assert "550" in failure.detail
    assert not DBTaskResult.objects.ready().exists()


def test_a_hanging_server_costs_the_inviter_nothing_and_is_tried_again(
    client, smtp_settings, therapist
):
    with fake_smtp("hang") as server:
        use(smtp_settings, server)
        response, seconds = invite(client, therapist)
        assert response.status_code == 302
        assert seconds < TIMEOUT  # the request never waited for the mail server
        assert Patient.objects.filter(user__email="nina@test.example").count() == 1
        started = time.monotonic()
        work()  # try 1: no answer within EMAIL_TIMEOUT
        assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 5
        assert server.connections == 1 and not MailFailure.objects.exists()
        waiting = DBTaskResult.objects.get(status="READY")
        assert waiting.run_after > timezone.now()  # try 2 waits for its pause
        work()
        assert server.connections == 1  # not before its time
        with later(mail.retry_delay(1)):
            work()  # try 2
            with later(mail.retry_delay(2)):
                work()  # try 3, the last one (EMAIL_SEND_ATTEMPTS = 3)
                assert server.connections == 3
                with later(mail.retry_delay(3)):
                    work()
    assert server.connections == 3
    [failure] = MailFailure.objects.all()
    assert (failure.reason, failure.attempts, failure.kind) == ("timeout", 3, "invitation")


def test_a_busy_server_is_tried_again_and_the_mail_goes_out(client, smtp_settings, therapist):
    with fake_smtp("busy") as server:
        use(smtp_settings, server)
        invite(client, therapist)
        work()
        assert server.received == [] and not MailFailure.objects.exists()
        server.mode = "accept"
        with later(mail.retry_delay(1)):
            work()
        [message] = server.received
    assert "To: nina@test.example" in message
    assert "/uitnodiging/" in message
    assert not MailFailure.objects.exists()


def test_the_last_4xx_is_recorded_as_temporary(smtp_settings):
    smtp_settings.EMAIL_SEND_ATTEMPTS = 1
    with fake_smtp("busy") as server:
        use(smtp_settings, server)
        mail.queue_email(kind="invitation", to="x@test.example", subject="s", body="b")
        work()
    [failure] = MailFailure.objects.all()
    assert (failure.reason, failure.attempts, failure.practice_id) == ("temporary", 1, None)
    assert failure.detail.startswith("451")


def test_a_mail_queued_in_a_transaction_that_rolls_back_is_never_sent(smtp_settings):
    from django.db import transaction

    with fake_smtp("accept") as server:
        use(smtp_settings, server)
        with pytest.raises(RuntimeError), transaction.atomic():
            mail.queue_email(kind="invitation", to="x@test.example", subject="s", body="b")
            raise RuntimeError("the action failed")
        work()
        assert server.connections == 0
    assert not DBTaskResult.objects.exists()
