"""Reviewing and signing off clinical texts: only the clinical lead, after a recent
authentication, tied to the exact text; a changed text ends the sign-off."""

import dataclasses
import json

import pytest
from django.urls import reverse

from ruggensteun.accounts.reauth import SESSION_KEY
from ruggensteun.audit.models import AuditEvent
from ruggensteun.clinical.instruments.registry import get_instrument
from ruggensteun.signoff import texts
from ruggensteun.signoff.models import SignOff
from ruggensteun.signoff.problems import REASONS as MARKED_REASONS
from ruggensteun.signoff.status import is_signed_off, practice_statuses, signed_off_codes
from tests.signoff.conftest import official_file, sign_off

NPRS = "instrument:nprs"


def review_url(key=NPRS):
    return reverse("signoff:review", args=[key.replace(":", "-")])


def sign_url(key=NPRS):
    return reverse("signoff:sign", args=[key.replace(":", "-")])


def current_hash(key=NPRS):
    """The hash of the built-in text (these tests import nothing)."""
    return texts.text_set(key, {}, "nl").hash


def test_the_lead_signs_off_what_the_review_page_showed(client, lead, practice):
    client.force_login(lead)
    page = client.get(review_url())
    text_hash = page.context["form"].initial["text_hash"]
    response = client.post(sign_url(), {"text_hash": text_hash, "confirm": "on"})
    assert response.status_code == 302
    sign_off_row = SignOff.objects.get()
    assert (sign_off_row.practice, sign_off_row.signed_by) == (practice, lead)
    assert sign_off_row.text_hash == current_hash()
    assert is_signed_off(practice, "nprs")
    event = AuditEvent.objects.get(what="clinical text sign-off")
    assert (event.action, event.actor, event.detail["text_set"]) == ("update", lead, NPRS)
    overview = client.get(reverse("signoff:overview")).content.decode()
    assert "door Lotte Leiding op" in overview


def test_signing_off_asks_to_confirm_the_box(client, lead, practice):
    client.force_login(lead)
    client.post(sign_url(), {"text_hash": current_hash()})
    assert not SignOff.objects.exists()


def test_signing_off_needs_a_recent_authentication(client, lead, practice):
    client.force_login(lead)
    session = client.session
    session[SESSION_KEY] = 0
    session.save()
    response = client.post(sign_url(), {"text_hash": current_hash(), "confirm": "on"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:reauthenticate"))
    assert not SignOff.objects.exists()


@pytest.mark.parametrize("who", ["therapist", "admin"])
def test_only_the_clinical_lead_may_sign_off(client, request, practice, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(sign_url(), {"text_hash": current_hash(), "confirm": "on"})
    assert response.status_code == 403
    assert not SignOff.objects.exists()


@pytest.mark.parametrize("who", ["therapist", "admin"])
def test_other_staff_see_the_texts_and_status_read_only(client, request, who):
    client.force_login(request.getfixturevalue(who))
    overview = client.get(reverse("signoff:overview"))
    assert overview.status_code == 200
    assert overview.content.decode().count("<h1") == 1
    assert reverse("signoff:import", args=["nprs"]) not in overview.content.decode()
    page = client.get(review_url("intake_questions"))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert "Heeft u sinds kort een doof gevoel" in page.content.decode()


def test_patients_cannot_see_the_page(client, patient):
    client.force_login(patient.user)
    assert client.get(reverse("signoff:overview")).status_code == 403


def test_the_staff_menu_leads_to_the_page(client, therapist):
    client.force_login(therapist)
    menu = client.get(reverse("signoff:overview")).context["nav_items"]
    assert any(item["url"] == reverse("signoff:overview") for item in menu)


def test_an_unknown_text_set_is_404(client, lead):
    client.force_login(lead)
    assert client.get(review_url("instrument:nope")).status_code == 404
    assert client.get(review_url("settings")).status_code == 404


def test_a_text_changed_since_the_page_was_opened_is_not_signed(client, lead, practice):
    client.force_login(lead)
    response = client.post(sign_url(), {"text_hash": "0" * 64, "confirm": "on"})
    assert response.status_code == 302
    assert not SignOff.objects.exists()


def test_the_review_shows_every_item_with_its_answers(client, lead):
    client.force_login(lead)
    page = client.get(review_url("instrument:startback")).content.decode()
    definition = get_instrument("startback")
    for item in definition.items:
        assert item.text["nl"] in page
    assert "Oneens" in page


def test_every_content_set_is_listed(client, lead, practice):
    keys = [status.text_set.key for status in practice_statuses(practice, "nl")]
    assert {"intake_questions", "triage_texts", "flareup_plan", "when_to_contact_gp"} <= set(keys)
    assert "instrument:eq5d5l" in keys


def test_a_new_import_ends_the_sign_off(client, lead, practice):
    sign_off(practice, lead, NPRS)
    assert signed_off_codes(practice) == {"nprs"}
    client.force_login(lead)
    client.post(reverse("signoff:import", args=["nprs"]), {"file": official_file()})
    assert not is_signed_off(practice, "nprs")
    overview = client.get(reverse("signoff:overview")).content.decode()
    assert "tekst gewijzigd sinds de goedkeuring" in overview


def test_a_code_update_of_an_instrument_ends_the_sign_off(monkeypatch, lead, practice):
    sign_off(practice, lead, NPRS)
    built_in = get_instrument("nprs")
    changed_item = dataclasses.replace(
        built_in.items[0], text={"nl": "Nieuwe woorden.", "en": "New words."}
    )
    changed = dataclasses.replace(built_in, items=(changed_item,))
    monkeypatch.setattr(texts, "get_instrument", lambda code: changed)
    assert not is_signed_off(practice, "nprs")


def test_a_code_update_of_a_content_file_ends_the_sign_off(monkeypatch, tmp_path, lead, practice):
    sign_off(practice, lead, "triage_texts")
    found = next(c for c in texts.CONTENT_FILES if c.key == "triage_texts")
    raw = json.loads(found.path.read_text(encoding="utf-8"))
    raw["escalation"]["nl"] += " Gewijzigd."
    changed = tmp_path / "texts.json"
    changed.write_text(json.dumps(raw), encoding="utf-8")
    status = {s.text_set.key: s for s in practice_statuses(practice, "nl")}["triage_texts"]
    assert status.signed
    monkeypatch.setattr(
        texts,
        "CONTENT_FILES",
        tuple(
            dataclasses.replace(c, path=changed) if c is found else c for c in texts.CONTENT_FILES
        ),
    )
    texts._content.cache_clear()
    try:
        status = {s.text_set.key: s for s in practice_statuses(practice, "nl")}["triage_texts"]
        assert status.state == "changed"
    finally:
        monkeypatch.undo()
        texts._content.cache_clear()


def test_another_practices_sign_off_does_not_count(outsider_lead, other_practice, practice):
    sign_off(other_practice, outsider_lead, NPRS)
    assert is_signed_off(other_practice, "nprs")
    assert not is_signed_off(practice, "nprs")


def test_the_refusal_reasons_marked_for_translation_are_the_cores():
    from ruggensteun.clinical.instruments.official_text import REASONS

    assert MARKED_REASONS == REASONS


def test_the_signed_off_set_costs_the_same_queries_for_many_sign_offs(
    django_assert_num_queries, lead, practice
):
    for key in ("instrument:nprs", "instrument:gpe", "instrument:psk", "intake_questions"):
        sign_off(practice, lead, key)
    with django_assert_num_queries(2):
        assert signed_off_codes(practice) == {"nprs", "gpe", "psk"}
