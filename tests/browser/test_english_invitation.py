"""An English patient's invitation (issue #12): the therapist picks English on the invite
form, and the e-mail, the page behind its link and the password rules are in English,
though the browser asks for Dutch."""

import re

import pytest
from django.core import mail

from tests.browser.test_invitation_journey import enter_app_code, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_therapist_invites_an_english_patient_who_reads_the_password_rules_in_english(
    live_server, laptop, phone, therapist
):
    from tests.accounts.helpers import give_authenticator
    from tests.personas import PASSWORD

    device = give_authenticator(therapist)
    log_in(laptop, live_server.url, therapist.email, PASSWORD)
    enter_app_code(laptop, device)
    laptop.get_by_role("heading", name="Patiënten").wait_for()
    laptop.get_by_role("link", name="Uitnodigen", exact=True).click()
    laptop.get_by_label("Naam").fill("Ivy Walker")
    laptop.get_by_label("E-mailadres").fill("ivy@test.example")
    laptop.get_by_label("Geboortedatum").fill("1979-04-12")
    laptop.get_by_label("Taal").select_option("en")
    laptop.get_by_role("button", name="Uitnodiging versturen").click()
    laptop.get_by_text("Ivy Walker is uitgenodigd.").wait_for()

    [message] = mail.outbox
    assert "Dear Ivy" in message.body
    link = re.search(r"https?://\S+/uitnodiging/\S+/", message.body).group(0)
    path = link.split("/uitnodiging/", 1)[1]
    # The phone's browser says Dutch (conftest: locale nl-NL); the invitation says English.
    phone.goto(f"{live_server.url}/uitnodiging/{path}")
    phone.get_by_role("heading", name="Welcome, Ivy").wait_for()
    assert phone.locator("html").get_attribute("lang") == "en"
    phone.get_by_label("New password:", exact=True).fill("12345678")
    phone.get_by_label("New password confirmation").fill("12345678")
    phone.get_by_role("button", name="Set your password").click()
    # Django's own password rules, in English.
    phone.get_by_text("This password is too common.").wait_for()
    phone.get_by_text("This password is entirely numeric.").wait_for()
    assert phone.get_by_text("Dit wachtwoord").count() == 0

    phone.get_by_label("New password:", exact=True).fill("my-back-gets-better-7")
    phone.get_by_label("New password confirmation").fill("my-back-gets-better-7")
    phone.get_by_role("button", name="Set your password").click()
    phone.wait_for_url(lambda url: "/uitnodiging/" not in url)
    # Logged in now: every page after this one follows her account's language.
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("h1").count() == 1
