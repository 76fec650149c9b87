"""The site's one PDF renderer (``ruggensteun.pdf``): complete in itself, quiet, never cached."""

import logging
import struct
import zlib

from ruggensteun.pdf import html_to_pdf, pdf_response, quiet_weasyprint


def _png(path):
    """A 2x2 red PNG: a picture WeasyPrint would embed if it were allowed to load it."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def test_the_pdf_is_drawn_from_the_html():
    pdf = html_to_pdf("<!doctype html><title>t</title><p>Hallo</p>")
    assert pdf.startswith(b"%PDF-")


def test_a_file_the_document_names_is_never_loaded(tmp_path):
    from weasyprint import HTML

    picture = _png(tmp_path / "red.png")
    html = f'<!doctype html><title>t</title><img src="{picture.as_uri()}" width="20">'
    # WeasyPrint on its own embeds the picture: the check below can fail.
    assert b"/Image" in HTML(string=html).write_pdf()
    assert b"/Image" not in html_to_pdf(html)


def test_weasyprint_logs_only_errors_while_drawing_and_as_before_afterwards():
    logger = logging.getLogger("weasyprint")
    logger.setLevel(logging.INFO)
    try:
        with quiet_weasyprint():
            assert logger.level == logging.ERROR
            assert logging.getLogger("weasyprint.progress").level == logging.ERROR
        assert logger.level == logging.INFO
    finally:
        logger.setLevel(logging.NOTSET)


def test_pdf_response_is_shown_inline_or_downloaded_and_never_cached():
    shown = pdf_response(b"%PDF-1.7", "handout.pdf")
    assert shown["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"] == 'inline; filename="handout.pdf"'
    assert shown["Cache-Control"] == "no-store"
    saved = pdf_response(b"%PDF-1.7", "overzicht.pdf", download=True)
    assert saved["Content-Disposition"] == 'attachment; filename="overzicht.pdf"'
    assert saved.content == b"%PDF-1.7"
