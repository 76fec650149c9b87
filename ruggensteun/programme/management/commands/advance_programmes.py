"""The weekly rollover: for every active programme whose week has ended, propose the next
week from the day logs. Safe to run as often as cron likes (e.g. every night): a week is
proposed once. One task per programme (``programme.tasks``); the worker (``manage.py db_worker``)
does the work, and the run is recorded for /gezond/."""

from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ruggensteun.base.periodic import record_success
from ruggensteun.programme.tasks import queue_advance


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
        queued = queue_advance(today)
        record_success("advance_programmes")
        self.stdout.write(f"{today.isoformat()}: {queued} programme(s) queued.")
