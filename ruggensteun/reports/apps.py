from django.apps import AppConfig


class ReportsConfig(AppConfig):
    # WeasyPrint's log is kept quiet by the PDF renderer itself (ruggensteun.pdf), for
    # every PDF of the site, not only this app's.
    name = "ruggensteun.reports"
    verbose_name = "Handouts and reports (PDF)"
