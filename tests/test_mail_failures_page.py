"""The practice admin's page of e-mails that could not be sent (issue #14): their own
practice's only, in words, no content, audited, one <h1>, a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.models import AuditEvent
from ruggensteun.base.models import MailFailure

URL = reverse("accounts:mail_failures")


def failure(practice, **fields):
    return MailFailure.objects.create(
        **{
            "practice_id": practice.pk,
            "recipient": "nina@test.example",
            "kind": "invitation",
            "reason": "refused",
            "detail": "550 5.1.1 Mailbox unavailable",
            "attempts": 1,
            "failed_at": timezone.now(),
            **fields,
        }
    )


def test_the_admin_reads_the_failures_of_their_practice_in_words(
    client, admin, practice, other_practice
):
    failure(practice)
    failure(practice, recipient="piet@test.example", kind="daily_reminder", reason="timeout")
    failure(other_practice, recipient="elders@test.example")
    client.force_login(admin)
    page = client.get(URL).content.decode()
    assert page.count("<h1") == 1
    assert "nina@test.example" in page and "piet@test.example" in page
    assert "elders@test.example" not in page
    assert "Uitnodiging" in page and "Dagelijkse herinnering" in page
    assert "De mailserver weigerde dit bericht" in page
    assert "De mailserver gaf geen antwoord" in page
    assert "550 5.1.1" in page
    event = AuditEvent.objects.get(what="accounts:mail_failures")
    assert (event.actor_id, event.action, event.practice_id) == (admin.pk, "list", practice.pk)


def test_the_page_is_linked_from_the_practice_page(client, admin):
    client.force_login(admin)
    assert URL in client.get(reverse("web:practice")).content.decode()


def test_no_failures_says_so(client, admin):
    client.force_login(admin)
    assert "Er zijn geen e-mails die niet verstuurd" in client.get(URL).content.decode()


def test_the_page_is_in_english_for_an_english_admin(client, admin, practice):
    admin.language = "en"
    admin.save()
    failure(practice)
    client.force_login(admin)
    page = client.get(URL).content.decode()
    assert "E-mails that could not be sent" in page and "Invitation" in page


@pytest.mark.parametrize("who", ["therapist", "patient"])
def test_only_an_admin_opens_it(client, request, who):
    client.force_login(
        getattr(request.getfixturevalue(who), "user", None) or request.getfixturevalue(who)
    )
    assert client.get(URL).status_code == 403


def test_the_number_of_queries_does_not_grow_with_the_failures(client, admin, practice):
    client.force_login(admin)
    failure(practice)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for n in range(20):
        failure(practice, recipient=f"p{n}@test.example")
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(one)
