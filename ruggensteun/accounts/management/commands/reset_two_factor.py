"""For a staff member who lost both their phone and their recovery codes."""

from django.core.management.base import BaseCommand, CommandError

from ruggensteun.accounts.models import User
from ruggensteun.accounts.two_factor.devices import remove_two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes: at their next login they set "
        "up two-factor authentication anew. Check who is asking before you run this."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("email")

    def handle(self, *args: object, email: str, **options: object) -> None:
        user = User.objects.filter(email=email.lower()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        remove_two_factor(user)
        self.stdout.write(f"Two-factor authentication of {user.email} removed.")
