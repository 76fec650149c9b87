"""The exercise page, the flare-up plan and the patient navigation."""

import json
import re

import pytest
from django.urls import reverse

from ruggensteun.clinical.programme.education import load_flareup_plan
from ruggensteun.clinical.programme.exercises import get_exercise
from tests.today.conftest import entry, set_exercises, tick


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


def player_config(page):
    found = re.search(r'<script id="player-config" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


@pytest.fixture
def holding(week):
    return set_exercises(
        week,
        [entry("side_plank_knees", sets=2, hold_seconds=3), entry("bridge", sets=2, reps=8)],
    )


def test_the_exercise_page_has_pictures_steps_feeling_and_dosage(patient_client, holding):
    page = patient_client.get(reverse("today:exercise", args=["bridge"])).content.decode()
    exercise = get_exercise("bridge")
    assert exercise.name.nl in page
    for step in exercise.steps:
        assert step.nl in page
    assert exercise.feel.nl in page
    assert "2 \N{MULTIPLICATION SIGN} 8 keer" in page
    assert 'role="img"' in page
    assert h1_count(page) == 1


def test_without_javascript_the_page_has_a_plain_done_button(patient_client, holding):
    page = patient_client.get(reverse("today:exercise", args=["bridge"])).content.decode()
    form = page[page.index('id="done-form"') : page.index("</form>", page.index('id="done-form"'))]
    assert 'name="item" value="bridge"' in form
    assert "Klaar: oefening gedaan" in form
    # The player is hidden until its script shows it.
    assert re.search(r'<section class="card player-card" id="player"[^>]*hidden', page)
    assert "today/player.js" in page


def test_the_player_gets_the_dosage_as_numbers(patient_client, holding):
    page = patient_client.get(reverse("today:exercise", args=["side_plank_knees"])).content
    config = player_config(page.decode())
    assert config == {
        "kind": "hold",
        "sets": 2,
        "reps": None,
        "seconds": 3,
        "rest": get_exercise("side_plank_knees").dosage[0].rest_seconds,
        "perSide": True,
        "tempos": [],  # a hold is timed, not paced
        "defaultTempo": "rustig",
    }
    page = patient_client.get(reverse("today:exercise", args=["bridge"])).content.decode()
    assert player_config(page)["kind"] == "reps"
    assert player_config(page)["reps"] == 8


def test_repetitions_can_be_paced_at_a_tempo_from_the_one_table(patient_client, holding):
    from ruggensteun.today.player import DEFAULT_TEMPO, TEMPOS

    page = patient_client.get(reverse("today:exercise", args=["bridge"])).content.decode()
    tempos = player_config(page)["tempos"]
    assert [(t["id"], t["seconds"]) for t in tempos] == [(key, s) for key, _, s in TEMPOS]
    # The choice offered on the page is the same table, with the default chosen, and
    # tapping after each repetition is still one of the choices.
    for key, _label, seconds in TEMPOS:
        radio = re.search(rf'<input type="radio" name="tempo" id="tempo-{key}"[^>]*>', page)
        assert f'data-seconds="{seconds}"' in radio.group(0)
        assert ("checked" in radio.group(0)) == (key == DEFAULT_TEMPO)
    assert 'value="self"' in page
    hold = patient_client.get(reverse("today:exercise", args=["side_plank_knees"])).content
    assert b'name="tempo"' not in hold


def test_the_instructions_come_before_the_player(patient_client, holding):
    page = patient_client.get(reverse("today:exercise", args=["bridge"])).content.decode()
    assert page.index('id="how"') < page.index('id="player"')
    assert h1_count(page) == 1


def test_done_on_the_exercise_page_ticks_it_off_for_today(patient_client, holding):
    response = tick(
        patient_client, "exercise", "bridge", next=reverse("today:exercise", args=["bridge"])
    )
    assert response.url == reverse("today:exercise", args=["bridge"])
    page = patient_client.get(response.url).content.decode()
    assert "Vandaag gedaan" in page
    assert "Toch niet gedaan?" in page
    assert 'id="done-form"' not in page


def test_an_exercise_outside_this_weeks_plan_is_not_found(patient_client, holding):
    assert patient_client.get(reverse("today:exercise", args=["squat"])).status_code == 404
    assert patient_client.get(reverse("today:exercise", args=["niets"])).status_code == 404


def test_the_flare_up_plan_shows_every_step_and_the_numbers_to_call(patient_client):
    page = patient_client.get(reverse("today:flare_up_plan")).content.decode()
    plan = load_flareup_plan()
    assert plan.title.nl in page
    for step in plan.steps:
        assert step.heading.nl.replace("'", "&#x27;") in page
    assert 'href="tel:112"' in page
    assert 'href="tel:1733"' not in page  # a Dutch practice: the huisartsenpost is regional
    assert "Tessa Therapeut" in page
    assert h1_count(page) == 1


def test_a_belgian_patient_gets_the_out_of_hours_number(client, outsider_patient):
    client.force_login(outsider_patient.user)
    page = client.get(reverse("today:flare_up_plan")).content.decode()
    assert 'href="tel:1733"' in page
    assert 'href="tel:112"' in page


def test_the_flare_up_plan_is_one_tap_away_on_every_patient_page(patient_client, holding):
    module = holding.plan["education"][0]
    for url in (
        reverse("web:patient_home"),
        reverse("today:learn"),
        reverse("today:module", args=[module]),
        reverse("today:exercise", args=["bridge"]),
        reverse("questionnaires:mine"),
        reverse("accounts:settings"),
    ):
        nav = patient_client.get(url).content.decode()
        nav = nav[nav.index('<nav class="site-nav"') : nav.index("</nav>")]
        assert f'href="{reverse("today:flare_up_plan")}"' in nav, url


def test_staff_navigation_has_no_flare_up_plan(client, therapist):
    client.force_login(therapist)
    page = client.get(reverse("patients:caseload")).content.decode()
    assert reverse("today:flare_up_plan") not in page


def test_the_therapists_video_of_the_patient_is_beside_the_exercise(
    patient_client, patient, therapist, holding
):
    from ruggensteun.workspace.models import ExerciseVideo

    video = ExerciseVideo.objects.create(
        patient=patient,
        exercise_id="bridge",
        file="videos/bruggetje.mp4",
        content_type="video/mp4",
        size=1000,
        uploaded_by=therapist,
    )
    page = patient_client.get(reverse("today:exercise", args=["bridge"])).content.decode()
    assert reverse("workspace:my_video", args=[video.pk]) in page
    page = patient_client.get(reverse("today:exercise", args=["side_plank_knees"])).content
    assert b"<video" not in page
