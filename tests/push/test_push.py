"""Web Push (issue #16): subscriptions, notify(), and the sending task against a local
push service that records what it gets. The payload is checked to be encrypted
(aes128gcm) and is decrypted with the browser key made here, to read the text."""

import base64
import json
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.push.models import PushPreferences, PushSubscription
from ruggensteun.push.notify import KINDS, notify
from tests.push.conftest import PRIVATE, PUBLIC

ENGLISH = {
    "daily_reminder": "Something is ready for you in Ruggensteun today.",
    "questionnaire": "A questionnaire is ready for you.",
    "programme_started": "Your programme has started.",
    "message_reply": "There is a new message from your practice.",
}
MEDICAL_WORDS = ["pijn", "pain", "rug", "back", "klacht", "hernia", "score", "diagnose"]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Browser:
    """What a browser keeps for one subscription: its key pair and auth secret."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    def keys(self) -> dict[str, str]:
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"p256dh": b64(public), "auth": b64(self.auth)}

    def read(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


def subscribe(user, service, browser, name="a") -> PushSubscription:
    keys = browser.keys()
    return PushSubscription.objects.create(
        user=user, endpoint=f"{service.url}/push/{name}", p256dh=keys["p256dh"], auth=keys["auth"]
    )


@pytest.mark.django_db(transaction=True)
def test_a_reminder_arrives_encrypted_and_says_nothing_medical(vapid, service, patient):
    browser = Browser()
    subscription = subscribe(patient.user, service, browser)

    assert notify(patient.user, "daily_reminder", url="/mijn/") is True

    assert len(service.received) == 1
    received = service.received[0]
    assert received.path == "/push/a"
    assert received.headers["content-encoding"] == "aes128gcm"
    assert received.headers["authorization"].startswith("vapid t=")
    assert b"Ruggensteun" not in received.body  # encrypted, not readable on the way
    message = browser.read(received.body)
    assert message == {
        "title": "Ruggensteun",
        "body": "Er staat vandaag iets voor u klaar in Ruggensteun.",
        "url": "/mijn/",
        "tag": "daily_reminder",
    }
    subscription.refresh_from_db()
    assert subscription.last_success is not None
    assert subscription.failure_count == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_in_english_has_no_medical_words(vapid, service, practice, therapist, kind):
    from tests import personas

    english = personas.patient(practice, therapist, "Emma English", language="en")
    browser = Browser()
    subscribe(english.user, service, browser)

    assert notify(english.user, kind, url="/mijn/")

    text = browser.read(service.received[0].body)["body"]
    assert text == ENGLISH[kind]
    assert not any(word in text.lower().split() for word in MEDICAL_WORDS)


@pytest.mark.django_db(transaction=True)
def test_each_subscription_gets_one_and_a_410_removes_it(vapid, service, patient):
    phone, laptop = Browser(), Browser()
    subscribe(patient.user, service, phone, "phone")
    subscribe(patient.user, service, laptop, "laptop")
    service.status = 410

    assert notify(patient.user, "questionnaire", url="/mijn/") is True

    assert sorted(r.path for r in service.received) == ["/push/laptop", "/push/phone"]
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_server_error_is_retried_with_the_database_queue(vapid, service, patient, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    subscription = subscribe(patient.user, service, Browser())
    service.status = 503
    assert notify(patient.user, "message_reply", url="/mijn/")
    call_command("db_worker", batch=True, interval=0, verbosity=0)

    assert len(service.received) == 1
    subscription.refresh_from_db()
    assert subscription.failure_count == 1
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == 1
    assert waiting.get().args_kwargs["args"][2] == 2  # the second try, later


@pytest.mark.django_db(transaction=True)
def test_no_push_without_keys_switched_off_kind_or_subscription(settings, service, patient):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    subscribe(patient.user, service, Browser())
    assert notify(patient.user, "daily_reminder", url="/mijn/") is False

    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = PUBLIC, PRIVATE
    PushPreferences.objects.create(user=patient.user, daily_reminder=False)
    assert notify(patient.user, "daily_reminder", url="/mijn/") is False
    assert service.received == []

    PushSubscription.objects.all().delete()
    assert notify(patient.user, "questionnaire", url="/mijn/") is False
    with pytest.raises(ValueError):
        notify(patient.user, "pain_score", url="/mijn/")


@pytest.mark.django_db
def test_subscribe_and_unsubscribe_are_stored_and_audited(vapid, client, patient):
    client.force_login(patient.user)
    body = {"endpoint": "https://push.example.org/send/abc", "keys": Browser().keys()}

    response = client.post(
        reverse("push:subscribe"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201
    subscription = PushSubscription.objects.get()
    assert subscription.user == patient.user
    created = AuditEvent.objects.get(what="push:subscribe")
    assert created.patient == patient and created.action == AuditEvent.Action.CREATE

    response = client.post(
        reverse("push:unsubscribe"),
        json.dumps({"endpoint": body["endpoint"]}),
        content_type="application/json",
    )
    assert response.json() == {"ok": True, "deleted": 1}
    assert not PushSubscription.objects.exists()
    assert AuditEvent.objects.filter(what="push:unsubscribe", patient=patient).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"endpoint": "ftp://x/y", "keys": {}}', b'{"endpoint": 3}'],
)
def test_a_bad_subscription_gets_a_clear_400(vapid, client, patient, body):
    client.force_login(patient.user)
    response = client.post(reverse("push:subscribe"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "Dit abonnement kon niet worden gelezen."
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "endpoint",
    [
        "http://push.example.org/send/abc",  # not HTTPS
        "https://127.0.0.1:5432/",  # the server's own network
        "https://intranet.example.org/admin",  # no push service
        "https://fcm.googleapis.com.evil.example/x",  # a known name as a prefix only
    ],
)
def test_only_a_known_push_service_over_https_is_taken(vapid, client, patient, endpoint):
    """The server posts to the endpoint: it must be a push service of settings.
    PUSH_SERVICE_HOSTS, never an address a user chose (server-side request forgery)."""
    client.force_login(patient.user)
    body = json.dumps({"endpoint": endpoint, "keys": Browser().keys()})
    response = client.post(reverse("push:subscribe"), body, content_type="application/json")
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_the_push_services_of_the_browsers_are_taken(vapid, client, patient):
    client.force_login(patient.user)
    for endpoint in (
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/abc",
    ):
        body = json.dumps({"endpoint": endpoint, "keys": Browser().keys()})
        assert client.post(reverse("push:subscribe"), body, "application/json").status_code == 201
    assert PushSubscription.objects.count() == 3


@pytest.mark.django_db
def test_subscribe_needs_csrf_and_a_login(vapid, patient):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(patient.user)
    body = json.dumps({"endpoint": "https://push.example.org/x", "keys": Browser().keys()})
    assert strict.post(reverse("push:subscribe"), body, "application/json").status_code == 403
    anonymous = Client()
    assert anonymous.post(reverse("push:subscribe"), body, "application/json").status_code == 302


@pytest.mark.django_db
def test_without_keys_subscribing_says_push_is_off(settings, client, patient):
    settings.VAPID_PUBLIC_KEY = ""
    client.force_login(patient.user)
    body = json.dumps({"endpoint": "https://push.example.org/x", "keys": Browser().keys()})
    response = client.post(reverse("push:subscribe"), body, "application/json")
    assert response.status_code == 409
    assert not PushSubscription.objects.exists()


def test_vapid_keys_prints_a_usable_pair(capsys):
    call_command("vapid_keys")
    out = capsys.readouterr().out
    lines = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    from py_vapid import Vapid

    key = Vapid.from_string(lines["VAPID_PRIVATE_KEY"])
    public = key.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    assert b64(public) == lines["VAPID_PUBLIC_KEY"]


def test_the_audit_log_describes_push_in_words():
    from ruggensteun.audit.words import describe

    assert describe("push:subscribe", "create") == "Pushabonnement van een toestel aangemaakt"
    assert describe("push:unsubscribe", "delete") == "Pushabonnement van een toestel verwijderd"
