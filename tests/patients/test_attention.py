"""Who needs attention first, and why: the rules of ``workspace.attention`` on a crafted
caseload (one patient per reason) and on facts built by hand."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse

from ruggensteun.diary.models import CheckIn
from ruggensteun.patients.models import Patient
from ruggensteun.workspace import attention
from ruggensteun.workspace.attention import Alert, CaseFacts, Score
from ruggensteun.workspace.caseload import caseload_rows
from ruggensteun.workspace.discharge import close_episode
from ruggensteun.workspace.models import Discharge
from tests.patients import builders

TODAY = date(2026, 5, 4)


def facts(**values):
    return CaseFacts(today=TODAY, episode_start=TODAY - timedelta(days=20), **values)


def table(html):
    """The caseload's rows (the red-flag cards above them stay whatever the filter)."""
    return html[html.index("<tbody>") : html.index("</tbody>")]


def codes(found):
    return [reason.code for reason in found]


@pytest.fixture
def crafted(practice, therapist):
    return builders.one_per_reason(practice, therapist)


def test_the_caseload_puts_each_reason_in_the_priority_order(crafted):
    rows = caseload_rows(Patient.objects.filter(pk__in=[p.pk for p in crafted.values()]))
    by_name = [row.patient.name for row in rows]
    expected = [crafted[rule.code].name for rule in attention.RULES] + [crafted[None].name]
    assert by_name == expected


def test_each_crafted_patient_is_there_for_their_own_reason_first(crafted):
    rows = caseload_rows(Patient.objects.filter(pk__in=[p.pk for p in crafted.values()]))
    for row in rows:
        expected = next(code for code, p in crafted.items() if p.pk == row.patient.pk)
        assert (row.reasons[0].code if row.reasons else None) == expected, row.patient.name


def test_the_calm_patient_needs_nothing(crafted):
    (row,) = caseload_rows(Patient.objects.filter(pk=crafted[None].pk))
    assert row.reasons == []


def test_the_caseload_page_gives_every_reason_in_words(client, therapist, crafted):
    client.force_login(therapist)
    html = client.get(reverse("patients:caseload")).content.decode()
    for words in (
        "Nieuwe rode vlag: Mogelijk infectie van de wervelkolom (koorts)",
        "Opstoot gemeld op",
        "Pijn erger dan bij de start: NPRS 4 → 7",
        "STarT Back-groep veranderd: laag risico → hoog risico",
        "Week 2 wacht op uw goedkeuring",
        "geen belangrijke verbetering (NPRS 6 → 5, QBPDS 50 → 45; MIC niet gehaald)",
        "Twee weken op rij weinig gedaan van het plan",
        "11 dagen geen check-in",
        "Vragenlijst te laat: NPRS",
    ):
        assert words in html
    assert html.index("Rian Rodevlag") < html.index("Olga Opstoot") < html.index("Rob Rustig")


def test_filtering_on_a_reason_keeps_only_those_patients(client, therapist, crafted):
    client.force_login(therapist)
    html = table(client.get(reverse("patients:caseload"), {"reason": "flare_up"}).content.decode())
    assert "Olga Opstoot" in html and "Rian Rodevlag" not in html


def test_the_filter_for_attention_leaves_out_who_needs_nothing(client, therapist, crafted):
    client.force_login(therapist)
    html = table(client.get(reverse("patients:caseload"), {"reason": "any"}).content.decode())
    assert "Vera Vragenlijst" in html and "Rob Rustig" not in html


# --- the rules one by one, on facts ---------------------------------------------------------


def test_the_most_urgent_red_flag_comes_first_with_every_flag_named():
    found = attention.reasons(
        facts(
            alerts=[
                Alert("STENOSIS", "routine", "bespreken"),
                Alert("CES", "emergency", "spoed"),
            ]
        )
    )
    assert codes(found) == ["red_flag"]
    assert found[0].text == (
        "2 nieuwe rode vlaggen: Mogelijk caudasyndroom (spoed), "
        "Mogelijk lumbale wervelkanaalstenose (bespreken)"
    )
    assert found[0].severity == 0


def test_a_flare_up_counts_for_a_week():
    assert codes(attention.reasons(facts(last_flare=TODAY - timedelta(days=6)))) == ["flare_up"]
    assert attention.reasons(facts(last_flare=TODAY - timedelta(days=7))) == []


def test_pain_worse_by_less_than_the_mic_is_not_yet_a_reason():
    one_point = {"nprs": [Score(TODAY - timedelta(days=20), 4), Score(TODAY, 5)]}
    two_points = {"nprs": [Score(TODAY - timedelta(days=20), 4), Score(TODAY, 6)]}
    assert attention.reasons(facts(scores=one_point)) == []
    assert codes(attention.reasons(facts(scores=two_points))) == ["worse"]


def test_disability_worse_by_the_mic_is_a_reason():
    scores = {"qbpds": [Score(TODAY - timedelta(days=20), 30), Score(TODAY, 50)]}
    (found,) = attention.reasons(facts(scores=scores))
    assert found.text.startswith("Beperkingen erger dan bij de start: QBPDS 30 → 50")


def test_no_improvement_is_only_judged_from_week_six():
    scores = {"nprs": [Score(TODAY - timedelta(days=40), 6), Score(TODAY, 5)]}
    early = CaseFacts(today=TODAY, episode_start=TODAY - timedelta(days=41), scores=scores)
    late = CaseFacts(today=TODAY, episode_start=TODAY - timedelta(days=42), scores=scores)
    assert attention.reasons(early) == []
    assert codes(attention.reasons(late)) == ["not_improving"]


def test_thirty_percent_better_counts_as_improvement_even_below_the_points():
    # QBPDS 40 -> 26: 14 points (under the MIC of 20) but 35% (over the 30% rule).
    scores = {"qbpds": [Score(TODAY - timedelta(days=50), 40), Score(TODAY, 26)]}
    late = CaseFacts(today=TODAY, episode_start=TODAY - timedelta(days=50), scores=scores)
    assert attention.reasons(late) == []


def test_no_checkin_counts_from_the_start_when_nothing_was_logged():
    nine = facts(programme_started=TODAY - timedelta(days=9))
    ten = facts(programme_started=TODAY - timedelta(days=10))
    assert attention.reasons(nine) == []
    assert codes(attention.reasons(ten)) == ["no_checkin"]


def test_a_paused_programme_expects_no_checkin():
    assert (
        attention.reasons(facts(programme_started=None, last_checkin=TODAY - timedelta(30))) == []
    )


def test_after_a_discharge_only_a_red_flag_still_calls():
    discharged = facts(
        discharged=True,
        overdue=[("nprs", TODAY - timedelta(days=3))],
        alerts=[Alert("CES", "emergency", "spoed")],
    )
    assert codes(attention.reasons(discharged)) == ["red_flag"]


def test_more_reasons_come_before_fewer_with_the_same_top_reason():
    one = attention.reasons(facts(waiting_week=3))
    two = attention.reasons(facts(waiting_week=3, overdue=[("psk", TODAY - timedelta(days=1))]))
    assert attention.sort_key(two, "Zora") < attention.sort_key(one, "Anna")
    assert attention.sort_key([], "Anna") > attention.sort_key(one, "Zora")
    assert attention.sort_key([], "Anna", discharged=True) > attention.sort_key([], "Zora")


def test_a_weekly_check_in_counts_as_a_check_in(practice, therapist):
    quiet = builders.no_checkin(
        builders.personas.patient(practice, therapist, "Kees Check"), therapist
    )
    CheckIn.objects.create(
        patient=quiet,
        submission_key=uuid.uuid4(),
        period_start=builders.today() - timedelta(days=7),
        period_end=builders.today() - timedelta(days=1),
        pain=4,
        submitted_at=builders.days_ago(2),
    )
    (row,) = caseload_rows(Patient.objects.filter(pk=quiet.pk))
    assert "no_checkin" not in row.codes


def test_a_flare_up_in_a_weekly_check_in_is_a_reason(practice, therapist):
    patient = builders.personas.patient(practice, therapist, "Fleur Flare")
    CheckIn.objects.create(
        patient=patient,
        submission_key=uuid.uuid4(),
        period_start=builders.today() - timedelta(days=7),
        period_end=builders.today() - timedelta(days=1),
        flare=True,
        submitted_at=builders.days_ago(1),
    )
    (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk))
    assert row.codes == {"flare_up"}


def test_a_discharged_patient_is_only_called_for_by_a_red_flag(crafted, therapist):
    for code in ("questionnaire_overdue", "red_flag"):
        close_episode(
            crafted[code],
            by=therapist,
            discharged_on=builders.today(),
            reason=Discharge.Reason.GOALS_REACHED,
            summary="Klaar.",
        )
    rows = caseload_rows(
        Patient.objects.filter(pk__in=[crafted["questionnaire_overdue"].pk, crafted["red_flag"].pk])
    )
    assert {row.patient.name: row.codes for row in rows} == {
        crafted["red_flag"].name: {"red_flag"},
        crafted["questionnaire_overdue"].name: set(),
    }
