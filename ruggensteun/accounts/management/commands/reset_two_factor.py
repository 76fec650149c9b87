"""For a staff member who lost both their phone and their recovery codes, or who has no
authenticator app yet and no invitation session (e.g. an account made with
``createsuperuser``)."""

from django.core.management.base import BaseCommand, CommandError

from ruggensteun.accounts.models import EnrolmentCode, User
from ruggensteun.accounts.two_factor.devices import remove_two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes, and print a one-time "
        "enrolment code: with it, after their password, they set up a new app (the password "
        "alone is not enough). Check who is asking before you run this, and hand the code "
        "over yourself (in person or by phone), not by e-mail."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("email")

    def handle(self, *args: object, email: str, **options: object) -> None:
        user = User.objects.filter(email=email.lower()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        remove_two_factor(user)
        code = EnrolmentCode.issue(user)
        self.stdout.write(f"Two-factor authentication of {user.email} removed.")
        self.stdout.write(
            f"One-time enrolment code, valid {EnrolmentCode.VALID_HOURS} hours: {code}"
        )
