"""The handouts and reports as PDFs, from Django templates, by the site's one PDF renderer
(``ruggensteun.pdf``).

The document templates extend ``reports/pdf/base.html`` (A4, page numbers, the practice in
the footer) and include the same partials and SVG charts as the pages. Nothing is fetched
while drawing: style sheets are read from the static files and put inline, pictures and
charts are inline SVG. A document is drawn once per content and kept
(``ruggensteun.pdf.kept_pdf``): the next download of the same content reads the file.
"""

from collections.abc import Mapping
from functools import cache
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ruggensteun.pdf import kept_pdf

__all__ = ["SHARED_STYLES", "render_pdf", "shared_styles"]

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
    html = render_to_string(template, {**context, "shared_styles": shared_styles()})
    # Kept by the hash of the HTML: the same content is drawn once (issue #15).
    return kept_pdf(html)
