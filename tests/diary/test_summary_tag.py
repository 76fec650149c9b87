"""The {% checkin_summary patient %} tag for the patient page."""

from django.template import Context, Template
from django.urls import reverse

from tests.diary.test_queries import add_checkins


def render(patient):
    return Template("{% load diary %}{% checkin_summary patient %}").render(
        Context({"patient": patient})
    )


def test_the_summary_shows_the_last_six_check_ins_newest_first(patient):
    add_checkins(patient, 8)  # pain 0, 1, 2, ... from this week back
    html = render(patient)
    rows = html.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    assert rows == 6
    pains = [cell.split("</td>")[0] for cell in html.split("<td>")[2::5]]
    assert pains == ["0", "1", "2", "3", "4", "5"]
    assert "gaat wel" in html and "een beetje" in html
    assert '<span class="badge warning">ja</span>' in html  # a flare-up
    assert reverse("diary:patient_checkins", args=[patient.pk]) in html
    assert "Pijndagboek (staat uit)" in html


def test_the_summary_says_when_there_are_no_check_ins_yet(patient, diary_on):
    html = render(patient)
    assert "Nog geen check-ins." in html
    assert "Pijndagboek (staat aan)" in html
