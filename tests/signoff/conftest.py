"""Helpers for the sign-off tests: a clinical lead, an official-text file, a sign-off."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ruggensteun.accounts.models import Membership
from ruggensteun.clinical.instruments.fhir import questionnaire_resource
from ruggensteun.clinical.instruments.registry import get_instrument
from ruggensteun.signoff.models import SignOff
from ruggensteun.signoff.status import current_imports
from ruggensteun.signoff.texts import text_set
from tests import personas

OFFICIAL_NPRS = "Officiële vraag: hoeveel pijn had u gemiddeld in de afgelopen 24 uur?"


@pytest.fixture
def lead(practice):
    """A therapist who is the practice's clinical lead."""
    user = personas.therapist(practice, "Lotte Leiding")
    Membership.objects.filter(user=user).update(is_clinical_lead=True)
    return user


@pytest.fixture
def outsider_lead(other_practice):
    user = personas.therapist(other_practice, "Olga Overleiding")
    Membership.objects.filter(user=user).update(is_clinical_lead=True)
    return user


def official_file(code="nprs", text=OFFICIAL_NPRS, name="nprs-officieel.json"):
    """The project's own export of ``code`` with question 1 in other words."""
    resource = questionnaire_resource(get_instrument(code), "nl")
    question = next(item for item in resource["item"] if item["linkId"] == "1")
    question["text"] = text
    data = json.dumps(resource, ensure_ascii=False).encode("utf-8")
    return SimpleUploadedFile(name, data, content_type="application/json")


def sign_off(practice, user, key):
    """What the sign-off view stores, for the text as it reads now."""
    found = text_set(key, current_imports(practice), "nl")
    return SignOff.objects.create(
        practice=practice,
        text_set=key,
        text_hash=found.hash,
        imported_text=found.imported,
        signed_by=user,
        signed_by_name=user.full_name,
        signed_by_email=user.email,
    )
