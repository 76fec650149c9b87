"""Finding 6 of issue #11: login throttling that holds under parallel requests, reads the
client's address from the right hop, locks the account+address pair before the account,
and limits password-reset e-mails."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from ruggensteun.accounts.forms import client_ip
from ruggensteun.accounts.models import LoginAttempt
from tests.committed import committed
from tests.personas import PASSWORD


def login(client, email, password=PASSWORD, ip="10.0.0.1", **headers):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )


def throttled(response):
    return response.status_code == 200 and "Te veel mislukte pogingen" in response.content.decode()


# --- the client's address ---------------------------------------------------------------


def test_without_trusted_proxies_a_forwarded_for_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.CLIENT_IP_HEADER = ""
    request = rf.get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "192.0.2.10"


def test_behind_one_proxy_the_address_the_proxy_added_counts_not_the_clients_choice(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended what it saw.
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


def test_behind_two_proxies_the_second_hop_from_the_right_counts(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.2"
    )
    assert client_ip(request) == "203.0.113.7"


@pytest.mark.parametrize("header", ["", "niet-een-adres", "203.0.113.7, ", "1" * 5000])
def test_a_missing_short_or_garbage_header_falls_back_to_the_connection(rf, settings, header):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == "10.0.0.3"


def test_rotating_a_forged_header_does_not_escape_the_address_lock(client, therapist, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.LOGIN_FAILURES_PER_IP = 3
    for number in range(3):
        login(
            client,
            f"iemand{number}@test.example",
            "fout",
            HTTP_X_FORWARDED_FOR=f"6.6.6.{number}, 203.0.113.7",
        )
    assert throttled(login(client, therapist.email, HTTP_X_FORWARDED_FOR="7.7.7.7, 203.0.113.7"))


# --- who gets locked ----------------------------------------------------------------------


def test_failures_from_one_address_do_not_lock_the_staff_member_out_elsewhere(client, therapist):
    for _ in range(5):
        login(client, therapist.email, "fout", ip="198.51.100.66")
    assert throttled(login(client, therapist.email, ip="198.51.100.66"))
    assert login(Client(), therapist.email, ip="10.20.30.40").status_code == 302


def test_the_account_alone_is_locked_at_a_higher_count_from_many_addresses(
    client, therapist, settings
):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    settings.LOGIN_FAILURES_PER_ACCOUNT_ANY_ADDRESS = 6
    for number in range(6):
        login(client, therapist.email, "fout", ip=f"198.51.100.{number}")
    assert throttled(login(Client(), therapist.email, ip="10.20.30.40"))


def test_a_throttled_try_is_not_counted_again(client, therapist):
    for _ in range(8):
        login(client, therapist.email, "fout", ip="198.51.100.66")
    assert LoginAttempt.objects.filter(email=therapist.email, succeeded=False).count() == 5


# --- check and record in one step -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises every writer, so no real race can happen",
)
def test_twelve_parallel_wrong_passwords_get_no_more_than_the_limit_on_postgresql(
    practice, therapist, settings
):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    barrier = threading.Barrier(12)
    results = []

    def guess():
        try:
            client = Client()
            barrier.wait()
            results.append(throttled(login(client, therapist.email, "fout", ip="198.51.100.9")))
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(False) == 5  # five guesses checked, seven refused unchecked
    assert LoginAttempt.objects.filter(email=therapist.email).count() == 5


# --- password reset e-mails -----------------------------------------------------------------


def ask_reset(client, email, ip="10.0.0.1"):
    return committed(client.post)(
        reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip
    )


def test_password_reset_mails_are_limited_per_account(client, patient, settings):
    settings.PASSWORD_RESETS_PER_ACCOUNT = 3
    for number in range(3):
        assert ask_reset(client, patient.user.email, ip=f"10.0.1.{number}").status_code == 302
    refused = ask_reset(client, patient.user.email, ip="10.0.2.1")
    assert refused.status_code == 200
    assert "Te veel aanvragen" in refused.content.decode()
    assert len(mail.outbox) == 3


def test_password_reset_mails_are_limited_per_address(client, patient, settings):
    settings.PASSWORD_RESETS_PER_IP = 4
    for number in range(4):
        ask_reset(client, f"iemand{number}@test.example", ip="10.0.3.3")
    refused = ask_reset(client, patient.user.email, ip="10.0.3.3")
    assert "Te veel aanvragen" in refused.content.decode()
    assert mail.outbox == []
    assert ask_reset(client, patient.user.email, ip="10.0.4.4").status_code == 302
    assert len(mail.outbox) == 1


def test_reset_requests_do_not_count_as_failed_logins(client, therapist, settings):
    settings.PASSWORD_RESETS_PER_ACCOUNT = 10
    for _ in range(6):
        ask_reset(client, therapist.email)
    assert login(client, therapist.email).status_code == 302
