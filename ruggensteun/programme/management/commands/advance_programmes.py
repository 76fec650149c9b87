"""The weekly rollover: for every active programme whose week has ended, propose the next
week from the day logs. Safe to run as often as cron likes (e.g. every night): a week is
proposed once. A task per ``--per-task`` programmes (``programme.tasks``); the workers
(``manage.py db_worker``) do the work, and the run is recorded for /gezond/."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ruggensteun.base.periodic import record_success
from ruggensteun.programme.tasks import PROGRAMMES_PER_TASK, queue_advance


class Command(BaseCommand):
    help = "Propose (and, unless the therapist approves each week, start) the next weeks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="The day to act as if it were today (YYYY-MM-DD); default: today.",
        )
        parser.add_argument(
            "--per-task",
            type=int,
            default=PROGRAMMES_PER_TASK,
            help=f"Programmes per task (default {PROGRAMMES_PER_TASK}); fewer spread a small "
            "night over more workers.",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = options["date"] or timezone.localdate()
        assert isinstance(today, date)
        per_task = options["per_task"]
        assert isinstance(per_task, int)
        if per_task < 1:
            raise CommandError("--per-task must be 1 or more.")
        queued = queue_advance(today, per_task=per_task)
        record_success("advance_programmes")
        self.stdout.write(f"{today.isoformat()}: {queued} programme(s) queued.")
