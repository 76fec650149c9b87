"""manage.py create_practice: the first practice and its admin without a Python shell."""

import re
import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ruggensteun.accounts.models import Invitation, Membership, Practice, User
from ruggensteun.audit.models import AuditEvent


def create(*args: str) -> str:
    out = StringIO()
    call_command("create_practice", *args, stdout=out)
    return out.getvalue()


ARGS = (
    "--name",
    "Fysiotherapie Het Baken",
    "--country",
    "BE",
    "--admin-email",
    "Beheer@HetBaken.example",
    "--admin-name",
    "Bea Beheer",
    "--language",
    "en",
)


def test_makes_the_practice_and_invites_its_admin(
    db, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        out = create(*ARGS)

    practice = Practice.objects.get()
    assert (practice.name, practice.country) == ("Fysiotherapie Het Baken", "BE")
    user = User.objects.get()
    assert (user.email, user.full_name, user.language) == (
        "beheer@hetbaken.example",
        "Bea Beheer",
        "en",
    )
    assert not user.has_usable_password()  # set through the invitation
    membership = Membership.objects.get()
    assert (membership.user, membership.practice, membership.role) == (user, practice, "admin")
    invitation = Invitation.objects.get()
    assert invitation.is_usable and invitation.kind == "admin"
    # The invitation e-mail, in the admin's language, with a link that works.
    (mail,) = mailoutbox
    assert mail.to == ["beheer@hetbaken.example"]
    link = re.search(r"https?://\S+/uitnodiging/(\S+)/", mail.body)
    assert link and Invitation.objects.find_by_token(link.group(1)) == invitation
    assert "Fysiotherapie Het Baken" in out and "beheer@hetbaken.example" in out
    # Audited: the practice made, the admin invited (by the operator: no user).
    events = AuditEvent.objects.filter(practice=practice)
    assert events.count() == 2 and all(event.actor_id is None for event in events)


def test_the_name_defaults_to_the_address_and_the_language_to_dutch(db):
    create("--name", "Praktijk Noord", "--country", "NL", "--admin-email", "a@noord.example")
    user = User.objects.get()
    assert (user.full_name, user.language) == ("a@noord.example", "nl")


@pytest.mark.parametrize(
    "existing",
    ["practice", "account"],
)
def test_refuses_an_existing_practice_or_account_and_changes_nothing(db, existing):
    if existing == "practice":
        Practice.objects.create(name="fysiotherapie het baken", country="NL")
    else:
        User.objects.create_user("beheer@hetbaken.example", None, full_name="Someone")
    counts = (Practice.objects.count(), User.objects.count(), AuditEvent.objects.count())

    with pytest.raises(CommandError, match="already exists; nothing was changed"):
        create(*ARGS)

    assert (Practice.objects.count(), User.objects.count(), AuditEvent.objects.count()) == counts
    assert not Invitation.objects.exists()


def test_a_failure_halfway_leaves_no_half_made_practice(db, monkeypatch):
    """One transaction: when inviting fails after the practice was made, both are gone."""
    from ruggensteun.accounts.management.commands import create_practice

    def broken(**kwargs):
        User.objects.create_user(kwargs["email"], None)
        raise RuntimeError("disk full")

    monkeypatch.setattr(create_practice, "invite_staff", broken)
    with pytest.raises(RuntimeError):
        create(*ARGS)
    assert not Practice.objects.exists() and not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_refuses_bad_input_clearly(db):
    with pytest.raises(CommandError, match="not an e-mail address"):
        create("--name", "X", "--country", "NL", "--admin-email", "not-an-address")
    with pytest.raises(CommandError, match="--name and --country are required"):
        create("--admin-email", "a@b.example")
    with pytest.raises(CommandError):
        create("--name", "X", "--country", "DE", "--admin-email", "a@b.example")
    assert not Practice.objects.exists()


def test_the_exit_code_is_non_zero_when_refused(db):
    from django.core.management import ManagementUtility

    Practice.objects.create(name="Fysiotherapie Het Baken")
    utility = ManagementUtility(["manage.py", "create_practice", *ARGS])
    with pytest.raises(SystemExit) as exit_:
        utility.execute()
    assert exit_.value.code != 0


def _closed_port() -> int:
    """A local port nothing listens on: the mail server refuses the connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_refusing_mail_server_loses_nothing(transactional_db, settings):
    """The practice and the admin's account are made and the command succeeds whatever the
    mail server does: the invitation goes through the task queue (base.mail), which tries
    again and shows a failure to the admin."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()

    out = create(*ARGS)

    assert "Made practice 'Fysiotherapie Het Baken'" in out
    assert Practice.objects.filter(name="Fysiotherapie Het Baken").exists()
    assert Invitation.objects.get().is_usable

    # Once the mail server is back, the admin gets a fresh link; the old one stops working.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    mail.outbox = []
    old = Invitation.objects.get()
    out = create("--resend", "--admin-email", "beheer@hetbaken.example")
    assert "fresh invitation" in out
    assert len(mail.outbox) == 1
    old.refresh_from_db()
    assert not old.is_usable
    assert Invitation.objects.open().count() == 1


def test_resend_refuses_without_an_open_admin_invitation(db):
    with pytest.raises(CommandError, match="No admin invitation"):
        create("--resend", "--admin-email", "nobody@nowhere.example")


def test_when_the_queue_does_not_take_the_invitation_the_command_says_what_to_do(
    transactional_db, settings
):
    """The practice is made, but the task queue refuses the invitation's e-mail after the
    commit (here a queue list without the default queue, as a misconfigured installation
    might have): the command says what was made, why the invitation is missing and the
    command that sends it again, and exits non-zero."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["elsewhere"]}
    }
    with pytest.raises(CommandError) as refused:
        create(*ARGS)
    message = str(refused.value)
    assert "were made, but the invitation could not be sent" in message
    assert "manage.py create_practice --resend --admin-email beheer@hetbaken.example" in message
    assert Practice.objects.filter(name="Fysiotherapie Het Baken").exists()
    # The admin's page of e-mails not sent shows it too (base.mail: not queued, 0 tries).
    from ruggensteun.base.models import MailFailure

    failure = MailFailure.objects.get(recipient="beheer@hetbaken.example")
    assert failure.attempts == 0 and failure.detail.startswith("not queued")

    # With the queue repaired, --resend queues a fresh invitation.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert "fresh invitation" in create("--resend", "--admin-email", "beheer@hetbaken.example")
