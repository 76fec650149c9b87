"""Issue #12: the patient page tells the intake answers in words (where the pain is, since
when, how it began, work, expectation, pain score), not only the red flags and the
classification."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake
from ruggensteun.workspace.story import intake_summary
from tests.intake.test_triage_workspace import calm_answers


def section(html):
    start = html.index('id="intake-answers"')
    return html[start : html.index("</section>", start)]


def page(client, therapist, patient):
    client.force_login(therapist)
    response = client.get(reverse("patients:detail", args=[patient.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def told(patient):
    answers = calm_answers(
        leg_pain="below_knee",
        leg_pain_sides="both",
        leg_pain_worse_than_back=True,
        duration_weeks=3,
        recurrent=True,
        minor_trauma=True,
        work_status="working",
        work_physical_load="heavy",
        recovery_expectation=4,
        nprs=6,
    )
    Intake.objects.create(patient=patient, answers=answers, completed_at=timezone.now())
    assessment.assess(patient, "intake")
    return patient


def test_the_answers_are_told_in_words(client, therapist, told):
    text = section(page(client, therapist, told))
    for words in (
        "Wat de patiënt bij de intake vertelde",
        "in de rug, uitstralend tot onder de knie; in beide benen; "
        "de beenpijn is erger dan de rugpijn",
        "ongeveer 3 weken geleden begonnen; de rugpijn komt vaak terug",
        "na een kleine val of na tillen",
        "werkt; zwaar werk: vaak zwaar tillen, duwen of trekken",
        "4 van 10 zeker dat de rug herstelt",
        "6 van 10, gemiddeld in de 24 uur voor de intake",
    ):
        assert words in text, words


def test_no_field_names_or_codes_reach_the_therapist(client, therapist, told):
    text = section(page(client, therapist, told))
    for code in ("leg_pain", "below_knee", "duration_weeks", "work_status", "heavy", "nprs", "_"):
        assert code not in text.replace("intake-answers", ""), code


def test_a_question_not_answered_is_never_no(client, therapist, patient):
    Intake.objects.create(patient=patient, answers={"leg_pain": "none"})
    text = section(page(client, therapist, patient))
    assert "alleen in de rug" in text
    assert "De intake is nog niet af" in text
    # Sinds wanneer, hoe het begon, werk, verwachting, pijn: five unanswered.
    assert text.count("niet beantwoord") == 5
    assert "zonder val" not in text
    assert "komt niet vaak terug" not in text


def test_a_calm_start_says_so(client, therapist, patient):
    Intake.objects.create(
        patient=patient, answers=calm_answers(duration_weeks=0), completed_at=timezone.now()
    )
    text = section(page(client, therapist, patient))
    assert "deze week begonnen" in text
    assert "zonder val, ongeluk of tillen" in text
    assert "de rugpijn komt niet vaak terug" in text
    assert "niet beantwoord" not in text


def test_without_an_intake_there_is_no_summary(client, therapist, patient):
    assert 'id="intake-answers"' not in page(client, therapist, patient)


def test_an_english_therapist_reads_it_in_english(told):
    with translation.override("en"):
        summary = intake_summary(Intake.objects.get(patient=told))
        lines = dict(summary.lines)
        assert lines["Since when"] == ("began about 3 weeks ago; the back pain often comes back")
        assert lines["Pain"].startswith("6 out of 10")
