"""A PDF is never drawn in the request (issue #15): the first download queues one task
and says the document is being made; the task keeps the file; the next download serves
it and is logged. Opening the documents page has the missing PDFs drawn ahead."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

import ruggensteun.pdf
import ruggensteun.reports.pdf
from ruggensteun.audit.models import AuditEvent
from ruggensteun.programme.models import DayLog
from tests.reports.test_pdfs import pdf_url, treated  # noqa: F401 - the fixture

HX = {"HX-Request": "true"}


@pytest.fixture
def drawn(monkeypatch):
    """The HTML of every drawing WeasyPrint makes."""
    html_to_pdf = ruggensteun.pdf.html_to_pdf
    calls = []

    def counted(html):
        calls.append(html)
        return html_to_pdf(html)

    monkeypatch.setattr(ruggensteun.pdf, "html_to_pdf", counted)
    return calls


def kept_files(folder):
    return sorted(folder.glob("*.pdf")) if folder.is_dir() else []


def exports():
    return AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)


def test_the_first_download_queues_the_drawing_and_the_next_one_is_the_file(
    client,
    therapist,
    treated,  # noqa: F811 - the fixture of test_pdfs
    kept_folder,
    drawn,
    django_capture_on_commit_callbacks,
):
    client.force_login(therapist)
    url = pdf_url(treated, "voortgangsverslag", voor="huisarts")
    with django_capture_on_commit_callbacks() as queued:
        first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"].startswith("text/html")
    assert first["Cache-Control"] == "no-store"
    html = first.content.decode()
    assert "De pdf wordt gemaakt." in html and "<h1>Voortgangsverslag</h1>" in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 3s"' in html
    assert f'<a href="{url}">Kijk opnieuw</a>' in html  # without JavaScript
    # Nothing drawn in the request, nothing kept, nothing exported yet: one task queued.
    assert drawn == [] and kept_files(kept_folder) == []
    assert len(queued) == 1
    assert not exports().exists()

    # Asked again while it waits (a reload, the link, the page's polling): no second task.
    with django_capture_on_commit_callbacks() as again:
        assert "De pdf wordt gemaakt." in client.get(url).content.decode()
        part = client.get(url, headers=HX).content.decode()
    assert again == [] and drawn == []
    assert part.startswith('<div id="pdf-progress"') and "<h1" not in part

    queued[0]()  # the task, by the tests' immediate backend
    assert len(drawn) == 1 and len(kept_files(kept_folder)) == 1

    # The page's polling now offers the file, without serving or logging it.
    part = client.get(url, headers=HX).content.decode()
    assert "De pdf is klaar." in part and f'href="{url}"' in part and "hx-get" not in part
    assert not exports().exists()
    # The link (the same address) is the file, from the kept one: not drawn again.
    served = client.get(url)
    assert served["Content-Type"] == "application/pdf"
    assert served.content.startswith(b"%PDF-")
    assert served.content == kept_files(kept_folder)[0].read_bytes()
    assert len(drawn) == 1
    event = exports().get()
    assert event.actor == therapist and event.patient == treated
    assert event.detail == {"document": "voortgangsverslag", "reader": "gp", "language": "nl"}


def test_a_change_in_the_data_is_another_document_so_another_task(
    client,
    therapist,
    treated,  # noqa: F811
    kept_folder,
    django_capture_on_commit_callbacks,
):
    client.force_login(therapist)
    url = pdf_url(treated, "voortgangsverslag")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        client.get(url)
    assert len(queued) == 1
    before = client.get(url).content
    assert before.startswith(b"%PDF-")
    last = DayLog.objects.filter(patient=treated).order_by("-date").first()
    DayLog.objects.filter(pk=last.pk).update(pain=9)
    with django_capture_on_commit_callbacks() as queued:
        waiting = client.get(url)
    assert "De pdf wordt gemaakt." in waiting.content.decode() and len(queued) == 1
    queued[0]()
    after = client.get(url).content
    assert after.startswith(b"%PDF-") and after != before
    assert len(kept_files(kept_folder)) == 2


def test_another_practices_staff_cannot_get_the_file_or_its_status(
    client,
    therapist,
    treated,  # noqa: F811
    outsider_therapist,
    outsider_admin,
    django_capture_on_commit_callbacks,
):
    client.force_login(therapist)
    url = pdf_url(treated, "oefenfolder")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    assert client.get(url, headers=HX).content.decode().count("De pdf is klaar.") == 1
    for outsider in (outsider_therapist, outsider_admin):
        client.force_login(outsider)
        with django_capture_on_commit_callbacks() as queued:
            assert client.get(url).status_code == 404
            assert client.get(url, headers=HX).status_code == 404
        assert queued == []
    assert not exports().exists()


def test_the_patient_gets_their_own_handout_the_same_way(
    client,
    treated,  # noqa: F811
    drawn,
    django_capture_on_commit_callbacks,
):
    client.force_login(treated.user)
    url = reverse("reports:my_handout")
    with django_capture_on_commit_callbacks() as queued:
        html = client.get(url).content.decode()
    assert "De pdf wordt gemaakt." in html and f'<a href="{url}">Kijk opnieuw</a>' in html
    assert f'href="{reverse("web:patient_home")}"' in html
    assert len(queued) == 1 and drawn == []
    queued[0]()
    served = client.get(url)
    assert served.content.startswith(b"%PDF-")
    assert exports().get().actor == treated.user


def test_the_status_page_is_in_the_readers_language(
    client,
    therapist,
    treated,  # noqa: F811
):
    therapist.language = "en"
    therapist.save(update_fields=["language"])
    client.force_login(therapist)
    html = client.get(pdf_url(treated, "oefenfolder")).content.decode()
    assert "The PDF is being made." in html and ">Check again</a>" in html
    assert "<h1>Home-exercise handout</h1>" in html


def test_a_failed_drawing_says_so_and_is_tried_again_only_when_asked(
    client,
    therapist,
    treated,  # noqa: F811
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    def broken(html):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(ruggensteun.pdf, "html_to_pdf", broken)
    client.force_login(therapist)
    url = pdf_url(treated, "oefenfolder")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        client.get(url)
    assert len(queued) == 1
    with django_capture_on_commit_callbacks() as polled:
        part = client.get(url, headers=HX).content.decode()
    assert "niet gelukt" in part and "hx-get" not in part and polled == []
    with django_capture_on_commit_callbacks() as asked:
        page = client.get(url).content.decode()
    assert "De pdf wordt gemaakt." in page and len(asked) == 1


def test_an_order_that_waited_too_long_is_queued_again(
    client,
    therapist,
    treated,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(therapist)
    url = pdf_url(treated, "oefenfolder")
    with django_capture_on_commit_callbacks() as queued:
        client.get(url)
    assert len(queued) == 1
    with (
        time_machine.travel(timedelta(minutes=11)),
        django_capture_on_commit_callbacks() as again,
    ):
        client.get(url)
    assert len(again) == 1


# --- drawing ahead ------------------------------------------------------------------------


def test_the_documents_page_has_the_missing_pdfs_drawn_ahead_by_one_task(
    client,
    therapist,
    treated,  # noqa: F811
    kept_folder,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    render_html = ruggensteun.reports.pdf.render_html
    built = []

    def counted(template, context):
        built.append(template)
        return render_html(template, context)

    monkeypatch.setattr(ruggensteun.reports.pdf, "render_html", counted)
    client.force_login(therapist)
    page = reverse("reports:documents", args=[treated.pk])
    with django_capture_on_commit_callbacks() as queued:
        assert client.get(page).status_code == 200
        assert client.get(page).status_code == 200  # while the first waits: no second
    assert len(queued) == 1
    assert built == []  # the request builds no document
    queued[0]()
    assert len(built) == 4 and len(kept_files(kept_folder)) == 4
    # Every document of the page is now the file at the first click.
    urls = [
        pdf_url(treated, "oefenfolder"),
        pdf_url(treated, "voortgangsverslag"),
        pdf_url(treated, "voortgangsverslag", voor="huisarts"),
        pdf_url(treated, "ontslagverslag"),
    ]
    with django_capture_on_commit_callbacks() as clicks:
        for url in urls:
            assert client.get(url).content.startswith(b"%PDF-"), url
    assert clicks == [] and exports().count() == 4
    # Once it has run, the next visit queues a task again (it finds nothing to draw).
    with django_capture_on_commit_callbacks(execute=True) as later:
        client.get(page)
    assert len(later) == 1 and len(kept_files(kept_folder)) == 4


def test_drawing_ahead_leaves_a_document_a_click_has_ordered_to_its_own_task(
    client,
    therapist,
    treated,  # noqa: F811
    kept_folder,
    drawn,
    django_capture_on_commit_callbacks,
):
    client.force_login(therapist)
    with django_capture_on_commit_callbacks() as ahead:
        client.get(reverse("reports:documents", args=[treated.pk]))
    with django_capture_on_commit_callbacks() as click:
        client.get(pdf_url(treated, "oefenfolder"))
    ahead[0]()
    assert len(drawn) == 3  # not the handout: its order is waiting for its task
    click[0]()
    assert len(drawn) == 4 and len(kept_files(kept_folder)) == 4
