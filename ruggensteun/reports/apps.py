from datetime import datetime

from django.apps import AppConfig


def prune_kept_files(now: datetime) -> tuple[str, int]:
    """Kept PDFs and made exports not read for KEPT_FILES_DAYS (ruggensteun.pdf.kept)."""
    from ruggensteun.pdf import kept

    return "kept files (PDFs, exports)", kept.prune(now)


class ReportsConfig(AppConfig):
    # WeasyPrint's log is kept quiet by the PDF renderer itself (ruggensteun.pdf), for
    # every PDF of the site, not only this app's.
    name = "ruggensteun.reports"
    verbose_name = "Handouts and reports (PDF)"

    def ready(self) -> None:
        from ruggensteun.accounts.management.commands.prune import register

        register(prune_kept_files)
