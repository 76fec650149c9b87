"""PDFs drawn on the server by WeasyPrint from Django templates.

The document templates extend ``reports/pdf/base.html`` (A4, page numbers, the practice in
the footer) and include the same partials and SVG charts as the pages. Nothing is fetched
while drawing: style sheets are read from the static files and put inline, pictures and
charts are inline SVG.
"""

from collections.abc import Mapping
from functools import cache
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# Style sheets of the pages whose partials a document includes.
SHARED_STYLES = ("programme/programme.css",)


@cache
def shared_styles() -> SafeString:
    parts = []
    for name in SHARED_STYLES:
        path = finders.find(name)
        if path:
            with open(path, encoding="utf-8") as sheet:
                parts.append(sheet.read())
    # Safe: our own static style sheets.
    return mark_safe("\n".join(parts))


def render_pdf(template: str, context: Mapping[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads its fonts and libraries, which only PDFs need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, {**context, "shared_styles": shared_styles()})
    # A document is complete in itself: no protocol is allowed, so nothing is ever fetched.
    fetcher = URLFetcher(allowed_protocols=())
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())


def pdf_response(pdf: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    """Shown in the browser (to print) unless ``download``; never cached."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
