"""The weekly rollover: for every active programme whose week has ended, propose the next
week from the day logs. Safe to run as often as cron likes (e.g. every night): a week is
proposed once."""

from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ruggensteun.programme.planning import advance_programmes


class Command(BaseCommand):
    help = "Propose (and, unless the therapist approves each week, start) the next weeks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="The day to act as if it were today (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = options["date"] or timezone.localdate()
        assert isinstance(today, date)
        result = advance_programmes(today)
        self.stdout.write(
            f"{today.isoformat()}: {len(result.started)} week(s) started, "
            f"{len(result.waiting)} waiting for approval, {len(result.held)} held."
        )
        for programme, reason in result.held:
            self.stdout.write(
                f"  held: programme {programme.pk} (patient {programme.patient_id}): {reason}"
            )
