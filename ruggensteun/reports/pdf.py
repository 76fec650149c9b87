"""The handouts and reports as PDFs, from Django templates, by the site's one PDF renderer
(``ruggensteun.pdf``).

The document templates extend ``reports/pdf/base.html`` (A4, page numbers, the practice in
the footer) and include the same partials and SVG charts as the pages. Nothing is fetched
while drawing: style sheets are read from the static files and put inline, pictures and
charts are inline SVG. A document is drawn once per content and kept
(``ruggensteun.pdf.kept_pdf``): the next download of the same content reads the file.
The drawing itself happens in a task (``reports.tasks``), not in the request: the request
builds the HTML only (``document_html``) and looks for its kept file by ``kept_name``.
"""

import hashlib
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from ruggensteun.patients.models import Patient
from ruggensteun.pdf import kept_pdf
from ruggensteun.reports.documents import Document

__all__ = [
    "SHARED_STYLES",
    "document_html",
    "kept_name",
    "render_html",
    "render_pdf",
    "shared_styles",
]

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


def render_html(template: str, context: Mapping[str, Any]) -> str:
    return render_to_string(template, {**context, "shared_styles": shared_styles()})


def render_pdf(template: str, context: Mapping[str, Any]) -> bytes:
    # Kept by the hash of the HTML: the same content is drawn once (issue #15).
    return kept_pdf(render_html(template, context))


def document_html(
    found: Document, patient: Patient, today: date, *, for_gp: bool
) -> tuple[str, str]:
    """The document's language and its complete HTML, as it would be drawn."""
    language = found.language(patient, for_gp=for_gp)
    with translation.override(language):
        html = render_html(found.template, found.context(patient, today, for_gp=for_gp))
    return language, html


def kept_name(html: str) -> str:
    """The name ``ruggensteun.pdf.kept_pdf`` keeps the PDF of ``html`` under ("pdf" kind)."""
    return hashlib.sha256(html.encode()).hexdigest() + ".pdf"
