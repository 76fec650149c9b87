"""``manage.py send_daily_reminders``: for cron, every 15 minutes or every hour.

E-mails each patient who chose reminders (``/mijn/herinneringen/``) once a day, at or
soon after the time they chose: the day's programme and any questionnaire that is ready.
Safe to run as often as you like. Keep running ``send_questionnaire_reminders`` too: it
schedules the questionnaires and reminds the patients who never chose here.
"""

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ruggensteun.base.periodic import record_success
from ruggensteun.mydata.reminders import queue_daily_reminders


class Command(BaseCommand):
    help = "E-mail the day's reminders whose time has come (at most one per patient per day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            help="act as if it were this local time (YYYY-MM-DDTHH:MM); for testing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options.get("now"):
            try:
                now = timezone.make_aware(datetime.fromisoformat(options["now"]))
            except ValueError:
                raise CommandError("--now must look like 2026-03-01T08:30") from None
        # One task per patient (the worker sends them); then the run counts as succeeded.
        queued = queue_daily_reminders(now)
        record_success("send_daily_reminders")
        self.stdout.write(f"{queued} reminder(s) queued.")
