import pytest

from ruggensteun.push.management.commands.vapid_keys import new_pair
from tests.push import endpoint

PUBLIC, PRIVATE = new_pair()


@pytest.fixture
def vapid(settings):
    """Push switched on: a VAPID key pair made for this test run."""
    settings.VAPID_PUBLIC_KEY = PUBLIC
    settings.VAPID_PRIVATE_KEY = PRIVATE
    settings.VAPID_SUBJECT = "mailto:beheer@example.org"
    settings.PUSH_SERVICE_HOSTS = [*settings.PUSH_SERVICE_HOSTS, "push.example.org"]


@pytest.fixture
def service():
    """A local push service that records what it gets (tests/push/endpoint.py)."""
    push_service = endpoint.start()
    yield push_service
    push_service.server.shutdown()
