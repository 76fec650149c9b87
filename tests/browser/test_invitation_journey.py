import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email, password):
    page.goto(f"{base_url}/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def enter_app_code(page, device):
    """Staff confirm the login with the code from their authenticator app."""
    from tests.accounts.helpers import app_code

    page.get_by_label("Code uit uw app").fill(app_code(device))
    page.get_by_role("button", name="Inloggen", exact=True).click()


def test_a_therapist_invites_a_patient_who_sets_a_password_and_sees_her_home_page(
    live_server, laptop, phone, therapist
):
    from tests.accounts.helpers import give_authenticator
    from tests.personas import PASSWORD

    device = give_authenticator(therapist)
    log_in(laptop, live_server.url, therapist.email, PASSWORD)
    enter_app_code(laptop, device)
    laptop.get_by_role("heading", name="Patiënten").wait_for()
    laptop.get_by_role("link", name="Uitnodigen", exact=True).click()
    laptop.get_by_label("Naam").fill("Fenna Fietsers")
    laptop.get_by_label("E-mailadres").fill("fenna@test.example")
    laptop.get_by_label("Geboortedatum").fill("1968-09-21")
    laptop.get_by_role("button", name="Uitnodiging versturen").click()
    # The therapist lands on the caseload whether or not the address had an account
    # (issue #11, finding 10), with the message and the new patient in the list.
    laptop.get_by_text("Fenna Fietsers is uitgenodigd.").wait_for()
    assert laptop.get_by_role("link", name="Fenna Fietsers").count() >= 1

    [message] = mail.outbox
    link = re.search(r"https?://\S+/uitnodiging/\S+/", message.body).group(0)
    path = link.split("/uitnodiging/", 1)[1]
    phone.goto(f"{live_server.url}/uitnodiging/{path}")
    phone.get_by_role("heading", name="Welkom, Fenna").wait_for()
    phone.get_by_label("Nieuw wachtwoord:", exact=True).fill("mijn-rug-wordt-beter-7")
    phone.get_by_label("Nieuw wachtwoord bevestigen").fill("mijn-rug-wordt-beter-7")
    phone.get_by_role("button", name="Wachtwoord instellen").click()
    # The privacy statement comes first, once (mydata.privacy).
    phone.get_by_role("button", name="Ik heb dit gelezen en ga akkoord").click()
    phone.get_by_role("heading", name="Goedendag, Fenna").wait_for()

    phone.locator("summary", has_text="Meer").click()  # on a phone, logout is under "Meer"
    phone.get_by_role("button", name="Uitloggen").click()
    phone.get_by_role("heading", name="Inloggen").wait_for()
    log_in(phone, live_server.url, "fenna@test.example", "mijn-rug-wordt-beter-7")
    phone.get_by_role("heading", name="Goedendag, Fenna").wait_for()
    assert phone.locator("h1").count() == 1
