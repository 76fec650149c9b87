"""The one PDF renderer: HTML in, PDF bytes out, drawn on the server by WeasyPrint.

Every PDF of the site goes through ``html_to_pdf``: the therapist's handouts and reports
(``ruggensteun.reports``) and the patient's own-data summary (``ruggensteun.mydata``).
It imports no feature app, so any app may use it.

- No network fetches, no files: the fetcher allows no protocol at all, so a document is
  complete in itself. Style sheets are put inline by the caller (read from the static
  files), pictures and charts are inline SVG; there is therefore no base URL.
- Fonts: none are embedded or fetched; WeasyPrint draws the text with the system's fonts
  (sans-serif, as the CSS asks), like the SVG charts.
- Quiet: WeasyPrint logs every layout step and every SVG presentation attribute it passes
  to its own renderer as an "unknown property"; only its errors reach the server log.

    pdf = html_to_pdf(render_to_string("mydata/pdf/summary.html", context))
    return pdf_response(pdf, "overzicht.pdf", download=True)

``kept_pdf(html)`` is the same PDF, kept by the SHA-256 of the HTML (``ruggensteun.pdf.kept``):
WeasyPrint takes about a second, and a document whose content has not changed is the same
document. Any change in what it shows (a new score, another day, another language) is other
HTML, so another file: nothing is invalidated, nothing stale is served (issue #15).
"""

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpResponse

WEASYPRINT_LOGGERS = ("weasyprint", "weasyprint.progress")


@contextmanager
def quiet_weasyprint() -> Iterator[None]:
    """Only WeasyPrint's errors while drawing; its loggers as they were afterwards."""
    loggers = [logging.getLogger(name) for name in WEASYPRINT_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document; nothing outside ``html`` is ever loaded."""
    with quiet_weasyprint():
        # Imported here: WeasyPrint loads its fonts and libraries, which only PDFs need.
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher

        # No protocol is allowed (not http, not file, not data): nothing is ever fetched.
        fetcher = URLFetcher(allowed_protocols=())
        return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())


def kept_pdf(html: str) -> bytes:
    """``html_to_pdf(html)``, drawn once per content and kept (see the module's text)."""
    from ruggensteun.pdf import kept

    name = hashlib.sha256(html.encode()).hexdigest() + ".pdf"
    pdf = kept.read("pdf", name)
    if pdf is None:
        pdf = html_to_pdf(html)
        kept.write("pdf", name, pdf)
    return pdf


def pdf_response(pdf: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    """Shown in the browser (to print) unless ``download``; never cached."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
