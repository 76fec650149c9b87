"""``manage.py send_questionnaire_reminders``: for cron, e.g. every morning.

Brings the questionnaire schedule of every patient in care up to date (not the discharged
ones, nor blocked accounts), then e-mails the patients who
have a questionnaire ready (one task per patient, sent by the worker: ``manage.py
db_worker``). Safe to run as often as you like: nobody is reminded about
the same questionnaire twice on one day.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ruggensteun.base.periodic import record_success
from ruggensteun.questionnaires.reminders import queue_reminders, schedule_in_care


class Command(BaseCommand):
    help = "Schedule due questionnaires and e-mail reminders to patients (idempotent per day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="act as if today were this date (YYYY-MM-DD); for testing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must look like 2026-03-01") from None
        created = schedule_in_care(today)
        # One task per patient (the worker sends them); then the run counts as succeeded.
        queued = queue_reminders(today)
        record_success("send_questionnaire_reminders")
        self.stdout.write(f"{created} questionnaire(s) scheduled, {queued} reminder(s) queued.")
