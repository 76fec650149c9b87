"""The Today screen: what to do today, with and without a running programme."""

import re

import pytest
from django.urls import reverse

from ruggensteun.intake.models import Intake, RedFlagAlert, TriageAssessment
from ruggensteun.programme import planning
from ruggensteun.programme.models import DayLog, Programme
from tests.programme.conftest import classify
from tests.today.conftest import entry, set_exercises, tick


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


def home(client):
    response = client.get(reverse("web:patient_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_today_shows_the_walks_the_exercises_the_reading_and_the_flare_up_plan(
    patient_client, week
):
    set_exercises(
        week,
        [entry("cat_camel", reps=8), entry("bridge", sets=2, reps=8)],
        walking={"minutes_per_day": 15, "walks_per_day": 3},
    )
    page = home(patient_client)
    assert "3 wandelingen van 5 minuten" in page
    assert page.count('name="kind" value="walk"') == 3
    assert "Bolle rug, holle rug" in page
    assert reverse("today:exercise", args=["cat_camel"]) in page
    assert reverse("today:exercise", args=["bridge"]) in page
    assert "2 \N{MULTIPLICATION SIGN} 8 keer" in page
    assert 'id="learn"' in page
    for module in week.plan["education"]:
        assert reverse("today:module", args=[module]) in page
    assert "Geen afspraak bekend" in page
    assert reverse("today:flare_up_plan") in page
    assert h1_count(page) == 1


def test_today_says_which_day_of_the_week_it_is(patient_client, week):
    assert "week 1, dag 3 van 7" in home(patient_client)


def test_uneven_walks_say_how_long_each_is(patient_client, week):
    set_exercises(
        week, [entry("cat_camel", reps=8)], walking={"minutes_per_day": 16, "walks_per_day": 3}
    )
    page = home(patient_client)
    assert "3 wandelingen van 5 à 6 minuten" in page
    assert "6 minuten" in page and "5 minuten" in page


def test_every_tick_button_is_a_labelled_toggle(patient_client, week):
    set_exercises(week, [entry("cat_camel", reps=8), entry("bridge", reps=8)])
    page = home(patient_client)
    buttons = re.findall(r"<button[^>]*>.*?</button>", page, flags=re.S)
    toggles = [b for b in buttons if "aria-pressed" in b]
    assert len(toggles) == week.plan["walking"]["walks_per_day"] + 2
    for toggle in toggles:
        visible = re.sub(r'<span class="tick-state" aria-hidden="true">.*?</span>', "", toggle)
        text = re.sub(r'<span class="check" aria-hidden="true"></span>', "", visible)
        assert re.sub(r"<[^>]+>|\s", "", text), toggle  # a name besides the decoration


def test_the_own_walk_field_has_a_label(patient_client, week):
    page = home(patient_client)
    assert 'for="own-walk-minutes"' in page
    assert 'id="own-walk-minutes"' in page


def test_without_a_programme_the_patient_reads_what_happens_next(
    patient_client, patient, therapist
):
    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at="2026-01-01T10:00Z")
    page = home(patient_client)
    assert "Wat nu?" in page
    assert "zet uw programma voor u klaar" in page
    assert "Tessa Therapeut" in page
    assert 'name="kind"' not in page
    assert "Geen afspraak bekend" in page
    assert reverse("today:flare_up_plan") in page
    assert h1_count(page) == 1


def test_a_new_patient_is_invited_to_the_intake_first(patient_client):
    page = home(patient_client)
    assert "Start de intake" in page
    assert "Wat nu?" not in page
    assert h1_count(page) == 1


def test_an_ended_programme_is_called_finished(patient_client, programme, day):
    planning.set_status(programme, Programme.Status.ENDED, day)
    assert "Uw programma is afgerond" in home(patient_client)


def test_a_paused_programme_shows_no_ticks_and_refuses_them(patient_client, programme, day):
    planning.set_status(programme, Programme.Status.PAUSED, day)
    page = home(patient_client)
    assert "Uw programma staat even stil" in page
    assert 'name="kind"' not in page
    tick(patient_client, "walk", "1")
    assert not DayLog.objects.exists()


def test_a_flare_up_week_points_to_the_flare_up_plan(patient_client, week):
    data = dict(week.plan)
    data["flare_up_plan"] = True
    week.replace_plan(data)
    week.save()
    page = home(patient_client)
    assert "Deze week doet u het wat rustiger" in page


def test_a_red_flag_for_the_gp_soon_puts_the_advice_on_top_and_holds_the_programme(
    patient_client, patient, week
):
    RedFlagAlert.objects.create(
        patient=patient,
        assessment=TriageAssessment.objects.latest_for(patient),
        rule_id="MALIGNANCY",
        urgency="soon",
    )
    page = home(patient_client)
    assert page.index("Maak een afspraak bij uw huisarts") < page.index("<section")
    assert "Contact met uw praktijk" in page
    assert 'name="kind"' not in page
    assert h1_count(page) == 1


def test_an_urgent_red_flag_leaves_only_the_advice(patient_client, patient, week):
    RedFlagAlert.objects.create(
        patient=patient,
        assessment=TriageAssessment.objects.latest_for(patient),
        rule_id="INFECTION",
        urgency="urgent",
    )
    response = patient_client.get(reverse("web:patient_home"))
    assert response.url == reverse("intake:advice")
    page = patient_client.get(response.url).content.decode()
    assert "Neem vandaag contact op met uw huisarts" in page
    assert 'name="kind"' not in page and "Tip voor vandaag" not in page
    assert h1_count(page) == 1


def test_a_handled_red_flag_lets_the_programme_show_again(patient_client, patient, week):
    from django.utils import timezone

    RedFlagAlert.objects.create(
        patient=patient,
        assessment=TriageAssessment.objects.latest_for(patient),
        rule_id="INFECTION",
        urgency="urgent",
        handled_at=timezone.now(),
    )
    page = home(patient_client)
    assert 'class="urgent-advice' not in page
    assert 'name="kind" value="walk"' in page


def test_a_due_questionnaire_is_on_today(patient_client, patient, week):
    from datetime import date

    from ruggensteun.questionnaires.models import Assignment

    Assignment.objects.create(patient=patient, instrument="nprs", due_on=date(2020, 1, 1))
    page = home(patient_client)
    assert 'id="due-questionnaires"' in page


def test_the_thumbnails_are_decoration_beside_the_name(patient_client, week):
    set_exercises(week, [entry("cat_camel", reps=8), entry("bridge", reps=8)])
    page = home(patient_client)
    assert page.count('class="thumb" aria-hidden="true"') == 2
    assert len(re.findall(r'<span class="visually-hidden">Gedaan: ', page)) == 2


@pytest.mark.parametrize("language", ["en", "nl"])
def test_today_speaks_the_patients_language(client, patient, week, language):
    patient.user.language = language
    patient.user.save()
    client.force_login(patient.user)
    page = home(client)
    assert f'<html lang="{language}">' in page
    # English texts come from the translation files once the translators have them; the
    # exercise names come from the content in both languages.
    name = week.engine_plan.exercises[0].exercise.name.get(language)
    assert name in page
