"""Make a practice and invite its first admin, without a Python shell (issue #14).

    manage.py create_practice --name "Fysiotherapie De Linde" --country NL \\
        --admin-email beheer@delinde.nl --admin-name "Marieke van Dijk" [--language nl]

Everything happens in one transaction: the practice, the admin's account (no password yet),
the admin membership and the invitation, with an audit entry for each step. It refuses, and
changes nothing, when a practice of that name or an account with that e-mail address
already exists. The invitation goes out the way every staff invitation does
(accounts.invitations.invite_staff); the admin sets a password and an authenticator app
through its link, then invites the therapists from the Team page.

``--resend --admin-email ...`` sends a fresh link to an admin made by this command who has
not accepted it yet (e.g. after the mail server was down or the link expired).
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from ruggensteun.accounts.invitations import invite_staff, send_new_invitation
from ruggensteun.accounts.models import Invitation, Membership, Practice, User
from ruggensteun.audit.log import Action, record
from ruggensteun.base.models import MailFailure


class Command(BaseCommand):
    help = "Make a practice and e-mail its admin an invitation (refuses if either exists)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", help="the practice's name, as patients see it")
        parser.add_argument("--country", choices=Practice.Country.values)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument(
            "--admin-name", default="", help="the admin's full name (default: the e-mail address)"
        )
        parser.add_argument("--language", choices=User.Language.values, default="nl")
        parser.add_argument(
            "--resend",
            action="store_true",
            help="send a fresh invitation to an admin who has not accepted theirs yet",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["admin_email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        if options["resend"]:
            self._resend(email)
            return
        name = (options["name"] or "").strip()
        if not name or not options["country"]:
            raise CommandError("--name and --country are required.")
        full_name = options["admin_name"].strip() or email

        if Practice.objects.filter(name__iexact=name).exists():
            raise CommandError(f"A practice named {name!r} already exists; nothing was changed.")
        if User.objects.filter(email=email).exists():
            raise CommandError(
                f"An account for {email} already exists; nothing was changed. "
                "Use another address, or let an admin of its practice add it there."
            )

        sent: list[bool] = []
        started = timezone.now()
        try:
            with transaction.atomic():
                practice = Practice.objects.create(name=name, country=options["country"])
                record(
                    None,
                    Action.CREATE,
                    "practice created (manage.py create_practice)",
                    practice=practice,
                )
                # Registered before the invitation's own e-mail, so it runs first after
                # the commit: from here on the practice exists whatever the e-mail does.
                transaction.on_commit(lambda: sent.append(True))
                invitation = invite_staff(
                    practice=practice,
                    full_name=full_name,
                    email=email,
                    role=Membership.Role.ADMIN,
                    language=options["language"],
                    invited_by=None,  # type: ignore[arg-type]  # the operator, not a user
                )
                if invitation is None:  # the address got an account meanwhile
                    raise CommandError(f"An account for {email} already exists; nothing changed.")
        except CommandError:
            raise
        except Exception as error:
            if not sent:
                raise
            # Committed; only handing the e-mail over failed (e.g. the mail server).
            raise _not_sent(name, email, f"{type(error).__name__}: {error}") from error
        # The task queue refused the e-mail after the commit: base.mail recorded it.
        failure = MailFailure.objects.filter(
            recipient=email, failed_at__gte=started, attempts=0
        ).first()
        if failure is not None:
            raise _not_sent(name, email, failure.detail)

        self.stdout.write(
            self.style.SUCCESS(
                f"Made practice {practice.name!r} ({practice.get_country_display()}, id "
                f"{practice.pk}) and invited its admin {full_name} <{email}> (language "
                f"{options['language']}). The invitation link works for "
                f"{settings.INVITATION_VALID_DAYS} days; after accepting it the admin sets up "
                "an authenticator app and invites the therapists from the Team page."
            )
        )

    def _resend(self, email: str) -> None:
        invitation = (
            Invitation.objects.open()
            .filter(user__email=email, kind=Invitation.Kind.ADMIN)
            .select_related("user", "practice")
            .first()
        )
        if invitation is None:
            raise CommandError(
                f"No admin invitation of {email} waits to be accepted; nothing was sent."
            )
        with transaction.atomic():
            record(
                None,
                Action.CREATE,
                "invitation for admin sent again (manage.py create_practice)",
                practice=invitation.practice,
                detail={"user_id": invitation.user_id},
            )
            send_new_invitation(
                user=invitation.user,
                practice=invitation.practice,
                kind=Invitation.Kind.ADMIN,
                invited_by=None,  # type: ignore[arg-type]
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {email} a fresh invitation to {invitation.practice.name!r}; "
                "the earlier link no longer works."
            )
        )


def _not_sent(name: str, email: str, why: str) -> CommandError:
    return CommandError(
        f"Practice {name!r} and the account of its admin {email} were made, but the "
        f"invitation could not be sent ({why}). Send it again "
        f"with: manage.py create_practice --resend --admin-email {email}"
    )
