"""The patient's own pages: fear ratings with pictures, and exercise preferences."""

import re

import pytest
from django.urls import reverse

from ruggensteun.clinical.programme.exposure import load_exposure_activities
from ruggensteun.programme.models import ExercisePreference, FearRating
from tests.programme.conftest import classify


@pytest.fixture
def fearful(patient, therapist, client):
    classify(patient, therapist, pathway="psychologically_informed")
    client.force_login(patient.user)
    return patient


def test_the_questionnaire_shows_every_activity_with_a_picture_and_a_labelled_scale(
    client, fearful
):
    page = client.get(reverse("programme:fear_ratings")).content.decode()
    activities = load_exposure_activities()
    assert page.count("<fieldset") == len(activities)
    assert page.count("<legend>") == len(activities)
    assert page.count('role="img"') == len(activities)
    for activity in activities:
        assert activity.name.nl in page
    for field_id in re.findall(r'<input type="radio"[^>]*id="([^"]+)"', page):
        assert f'for="{field_id}"' in page
    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_fear_ratings_are_saved_as_they_are_given(client, fearful):
    response = client.post(
        reverse("programme:fear_ratings"), {"vacuuming": "70"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "bewaard" in response.content.decode()
    assert FearRating.objects.latest_for(fearful) == {"vacuuming": 70}
    client.post(
        reverse("programme:fear_ratings"),
        {"vacuuming": "70", "running": "90"},
        HTTP_HX_REQUEST="true",
    )
    assert FearRating.objects.filter(patient=fearful).count() == 2


def test_rating_again_keeps_the_history_and_the_newest_counts(client, fearful):
    client.post(reverse("programme:fear_ratings"), {"vacuuming": "70"})
    response = client.post(reverse("programme:fear_ratings"), {"vacuuming": "30"})
    assert response.status_code == 302
    assert FearRating.objects.filter(patient=fearful, activity_id="vacuuming").count() == 2
    assert FearRating.objects.latest_for(fearful) == {"vacuuming": 30}
    page = client.get(reverse("programme:fear_ratings")).content.decode()
    assert re.search(r'value="30"[^>]*checked', page)


def test_a_rating_outside_the_scale_is_not_saved(client, fearful):
    client.post(reverse("programme:fear_ratings"), {"vacuuming": "150"})
    assert not FearRating.objects.exists()


def test_patients_without_fear_of_movement_are_not_asked(client, patient, therapist):
    classify(patient, therapist, pathway="exercise")
    client.force_login(patient.user)
    page = client.get(reverse("programme:fear_ratings")).content.decode()
    assert "niet voor u" in page
    assert "<fieldset" not in page
    client.post(reverse("programme:fear_ratings"), {"vacuuming": "70"})
    assert not FearRating.objects.exists()


def test_preferences_are_saved_in_the_order_of_the_page(client, patient, therapist):
    classify(patient, therapist)
    client.force_login(patient.user)
    response = client.post(
        reverse("programme:preferences"), {"categories": ["strength", "mobility"]}
    )
    assert response.status_code == 302
    assert ExercisePreference.objects.categories_for(patient) == ("mobility", "strength")
    client.post(reverse("programme:preferences"), {"categories": ["stretching"]})
    assert ExercisePreference.objects.categories_for(patient) == ("stretching",)


def test_nerve_gliding_is_offered_as_a_preference_only_with_radicular_pain(
    client, patient, therapist
):
    classify(patient, therapist)
    client.force_login(patient.user)
    page = client.get(reverse("programme:preferences")).content.decode()
    assert 'value="nerve_gliding"' not in page
    assert 'value="strength"' in page
    # One question about kinds of exercise, one about bending backwards (revision 2).
    assert page.count("<legend>") == 2


def test_the_patient_can_say_that_bending_backwards_eases_the_pain(client, patient, therapist):
    from ruggensteun.audit.models import AuditEvent
    from ruggensteun.programme.inputs import build_profile
    from ruggensteun.programme.models import DirectionalPreference

    classify(patient, therapist)
    client.force_login(patient.user)
    assert build_profile(patient).extension_eases_pain is None
    page = client.get(reverse("programme:preferences")).content.decode()
    assert "naar achteren buigt" in page
    client.post(reverse("programme:preferences"), {"categories": [], "extension": "yes"})
    assert DirectionalPreference.extension_eases_pain_for(patient) is True
    assert build_profile(patient).extension_eases_pain is True
    event = AuditEvent.objects.filter(patient=patient, what="exercise preferences").latest("id")
    assert event.detail["extension_eases_pain"] is True
    client.post(reverse("programme:preferences"), {"extension": "unknown"})
    assert build_profile(patient).extension_eases_pain is None
    refused = client.post(reverse("programme:preferences"), {"extension": "maybe"})
    assert refused.status_code == 200
    assert "Kies ja, nee of weet ik niet." in refused.content.decode()


def test_a_pregnant_patient_is_not_asked_about_bending_backwards(client, patient, therapist):
    from ruggensteun.programme.models import DirectionalPreference

    classify(patient, therapist, answers={"pregnant": True})
    client.force_login(patient.user)
    page = client.get(reverse("programme:preferences")).content.decode()
    assert "naar achteren buigt" not in page
    client.post(reverse("programme:preferences"), {"extension": "yes"})
    assert DirectionalPreference.extension_eases_pain_for(patient) is None
