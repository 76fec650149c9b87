"""Build or update the pseudonymous case base from the closed episodes (all practices, or
one): new closed episodes get a case, changed ones are updated in place, and the cases of
reopened episodes or deleted patients go. Safe to run again (nightly, or after an import)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ruggensteun.accounts.models import Practice
from ruggensteun.outcomes.casebase import refresh_practice


class Command(BaseCommand):
    help = "Build or update the case base of closed episodes (issue #17)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--practice", type=int, help="only this practice (its id)")

    def handle(self, *args: Any, **options: Any) -> None:
        practices = Practice.objects.order_by("pk")
        if options["practice"] is not None:
            practices = practices.filter(pk=options["practice"])
            if not practices.exists():
                raise CommandError(f"No practice with id {options['practice']}.")
        for practice in practices:
            created, updated, deleted = refresh_practice(practice)
            self.stdout.write(
                f"{practice.pk} {practice.name}: {created} new, {updated} updated, "
                f"{deleted} removed"
            )
