import logging

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ruggensteun.reports"
    verbose_name = "Handouts and reports (PDF)"

    def ready(self) -> None:
        # WeasyPrint reports every SVG presentation attribute it passes to its own SVG
        # renderer as an "unknown property", and each layout step: noise in the server log
        # for every PDF. Real errors still come through.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
