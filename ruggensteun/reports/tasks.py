"""The reports' PDFs are drawn by a task, not in the request (issue #15).

WeasyPrint takes a second or more; a download must answer in 300 ms. A download builds
the document's HTML and serves the PDF kept for it (``ruggensteun.pdf.kept``, by the
SHA-256 of the HTML) when there is one. When there is none it orders the drawing
(``order_pdf``) and answers a page that says the document is being made; the task draws
it and keeps it, and the next look finds the file.

An order is two kept files of the kind ``pdf-orders`` named by the hash: the HTML to draw
(removed once drawn) and a small JSON with its status. The JSON is created only when there
is none (``kept.create_json``), so of two requests for the same content one queues the
task, and the same document is never queued twice while it waits. An order still waiting
after ``STALE_MINUTES`` (a worker that died, a queue that was emptied) or one that failed
is ordered again by the next download. What is drawn is exactly the HTML the request
built, so a change in the data meanwhile is another hash and another order.

Drawing ahead (``order_ahead``): opening the patient's documents page queues one task per
patient that builds the HTML of every document listed there (in the language each is made
in) and draws those whose file is missing, so the click that follows usually finds it.
It claims each document's order before drawing it, so a click meanwhile waits for it
instead of queueing the same drawing again.

The orders and their HTML hold patient data as the kept PDFs do: on the server only,
pruned with them by ``manage.py prune``.
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from ruggensteun.patients.models import Patient
from ruggensteun.pdf import kept, kept_pdf
from ruggensteun.reports.documents import DOCUMENTS
from ruggensteun.reports.pdf import document_html, kept_name

logger = logging.getLogger(__name__)

ORDER_KIND = "pdf-orders"
# An order that has waited this long is taken for lost and ordered again (a drawing takes
# seconds; a queue that is minutes behind would also draw it twice, which does no harm).
STALE_MINUTES = 10
# The documents the documents page links to: (slug, for the GP); the progress report
# also in the GP's version (reports/documents.html).
LISTED = (*((slug, False) for slug in DOCUMENTS), ("voortgangsverslag", True))


def kept_file(html: str) -> bytes | None:
    """The PDF kept for this HTML, or None when it has not been drawn (yet)."""
    return kept.read("pdf", kept_name(html))


def _digest(html: str) -> str:
    return kept_name(html).removesuffix(".pdf")


def _stale(order: dict, now: datetime) -> bool:
    ordered_at = datetime.fromisoformat(str(order.get("ordered_at")))
    return ordered_at < now - timedelta(minutes=STALE_MINUTES)


def order_status(html: str) -> str:
    """ready, waiting, failed or none: how far the PDF of this HTML is."""
    if kept.exists("pdf", kept_name(html)):
        return "ready"
    order = kept.read_json(ORDER_KIND, _digest(html) + ".json")
    return "none" if order is None else str(order.get("status"))


def _claim(html: str) -> str | None:
    """Write the order for this HTML unless one is waiting: its hash when this call wrote
    it (the caller then has it drawn), None when it is waiting already."""
    digest = _digest(html)
    now = timezone.now()
    order = kept.read_json(ORDER_KIND, f"{digest}.json")
    if order is not None and order.get("status") == "waiting" and not _stale(order, now):
        return None
    kept.write(ORDER_KIND, f"{digest}.html", html.encode())
    fresh = {"status": "waiting", "ordered_at": now.isoformat()}
    if order is None:
        # Of two requests at the same moment, one creates the order and queues the task.
        return digest if kept.create_json(ORDER_KIND, f"{digest}.json", fresh) else None
    kept.write_json(ORDER_KIND, f"{digest}.json", fresh)  # failed or lost: again
    return digest


def order_pdf(html: str) -> bool:
    """Have the PDF of ``html`` drawn by a task (after the commit); False when an order
    for the same content is waiting already, so nothing was queued."""
    digest = _claim(html)
    if digest is None:
        return False
    transaction.on_commit(lambda: draw_pdf.enqueue(digest), robust=True)
    return True


def _draw(digest: str) -> None:
    html = kept.read(ORDER_KIND, f"{digest}.html")
    order = kept.read_json(ORDER_KIND, f"{digest}.json")
    if html is None or order is None:  # drawn already, or pruned before it ran
        return
    try:
        kept_pdf(html.decode())
    except Exception:
        kept.write_json(ORDER_KIND, f"{digest}.json", {**order, "status": "failed"})
        raise
    kept.write_json(
        ORDER_KIND,
        f"{digest}.json",
        {**order, "status": "ready", "made_at": timezone.now().isoformat()},
    )
    kept.remove(ORDER_KIND, f"{digest}.html")


@task()
def draw_pdf(digest: str) -> None:
    """Draw and keep the PDF of the ordered HTML."""
    if kept.NAME.match(digest):
        _draw(digest)


def order_ahead(patient: Patient, language: str) -> bool:
    """Queue the drawing of the documents page's PDFs (after the commit); False when such
    a task is waiting for this patient already. ``language`` is the therapist's, the one
    the documents not read by the patient are made in."""
    name = f"ahead-{patient.pk}.json"
    now = timezone.now()
    fresh = {"status": "waiting", "ordered_at": now.isoformat()}
    if not kept.create_json(ORDER_KIND, name, fresh):
        order = kept.read_json(ORDER_KIND, name)
        if order is not None and not _stale(order, now):
            return False
        kept.write_json(ORDER_KIND, name, fresh)
    transaction.on_commit(lambda: draw_ahead.enqueue(patient.pk, language), robust=True)
    return True


@task()
def draw_ahead(patient_id: int, language: str) -> None:
    """Keep the PDF of each listed document whose file is missing."""
    try:
        patient = Patient.objects.filter(pk=patient_id).first()
        if patient is None:
            return
        today = timezone.localdate()
        with translation.override(language):
            for slug, for_gp in LISTED:
                _language, html = document_html(DOCUMENTS[slug], patient, today, for_gp=for_gp)
                if kept.exists("pdf", kept_name(html)):
                    continue
                digest = _claim(html)
                if digest is None:  # a download ordered it: its own task draws it
                    continue
                try:
                    _draw(digest)
                except Exception:
                    logger.exception("drawing %s ahead for patient %s", slug, patient_id)
    finally:
        kept.remove(ORDER_KIND, f"ahead-{patient_id}.json")
