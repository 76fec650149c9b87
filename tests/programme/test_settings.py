"""The practice admin's programme settings: defaults shown, overrides saved and used."""

import re

import pytest
from django.urls import reverse

from ruggensteun.clinical.programme.settings import DEFAULTS
from ruggensteun.programme import planning
from ruggensteun.programme.forms import EDITABLE_SETTINGS, SETTING_LABELS
from ruggensteun.programme.models import PracticeProgrammeSettings
from tests.programme.conftest import START


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_every_setting_has_a_label_and_shows_its_default(admin_client):
    page = admin_client.get(reverse("programme:settings")).content.decode()
    assert set(EDITABLE_SETTINGS) <= set(SETTING_LABELS)
    assert f"Standaard: {DEFAULTS.first_week_minutes}" in page
    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_saved_settings_are_used_for_the_next_plan(
    admin_client, practice, ready_patient, therapist
):
    response = admin_client.post(
        reverse("programme:settings"),
        {"first_week_minutes": "20", "target_exercises": "", "home_equipment": ["none", "mat"]},
    )
    assert response.status_code == 302
    values = PracticeProgrammeSettings.objects.get(practice=practice).values
    assert values == {"first_week_minutes": 20, "home_equipment": ["none", "mat"]}
    programme = planning.start_programme(
        ready_patient, therapist, approve_each_week=False, today=START
    )
    week = programme.plans.get()
    assert week.plan["walking"]["minutes_per_day"] == 20
    assert week.settings_used == values


def test_a_value_the_engine_refuses_is_shown_at_its_field(admin_client, practice):
    response = admin_client.post(
        reverse("programme:settings"), {"hold_min_days": "6", "progress_min_days": "5"}
    )
    assert response.status_code == 200
    assert not PracticeProgrammeSettings.objects.exists()
    form = response.context["form"]
    assert "hold_min_days" in form.errors


def test_the_default_value_is_not_stored_as_an_override(admin_client, practice):
    admin_client.post(
        reverse("programme:settings"),
        {
            "first_week_minutes": str(DEFAULTS.first_week_minutes),
            "home_equipment": list(DEFAULTS.home_equipment),
        },
    )
    assert PracticeProgrammeSettings.objects.get(practice=practice).values == {}
