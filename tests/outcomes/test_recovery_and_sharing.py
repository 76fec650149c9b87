"""The practice's recovery curve (admin only, audited, counts and the guideline) and the
switch for the pooled case base (consent required, audited)."""

import pytest
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.outcomes.models import OutcomeSharing
from tests.outcomes.helpers import make_cases

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_recovery_curve_with_its_counts_beside_the_guideline(client, admin, practice):
    make_cases(practice, 36)
    client.force_login(admin)
    response = client.get(reverse("outcomes:recovery"), **HTMX)
    assert response.status_code == 200
    text = response.content.decode()
    assert "KNGF-richtlijn Lage rugpijn 2021, A.2.3" in text
    assert "ongeveer 25%" in text and "ongeveer 50%" in text
    # 12 per group; recovered at week 4 or never, all followed 13 weeks.
    assert 'STarT Back laag <span class="muted">(12)</span>' in text
    assert "Bij 27 van de 36 afgesloten behandelingen" in text and "(75%)" in text
    assert 'id="chart-recovery-low' in text
    event = AuditEvent.objects.get(action="view", what="outcomes:recovery")
    assert event.practice == practice and event.detail == {"cases": 36}


def test_the_dashboard_loads_the_curve_by_url(client, admin):
    client.force_login(admin)
    text = client.get(reverse("workspace:dashboard")).content.decode()
    assert f'hx-get="{reverse("outcomes:recovery")}"' in text


def test_only_the_admin_sees_the_curve_and_the_settings(client, therapist, practice):
    client.force_login(therapist)
    assert client.get(reverse("outcomes:recovery")).status_code in (403, 404)
    assert client.post(reverse("outcomes:sharing"), {"pooled": "on"}).status_code in (403, 404)
    assert not OutcomeSharing.objects.exists()


def test_switching_sharing_on_needs_consent_and_is_audited(client, admin, practice):
    client.force_login(admin)
    page = client.get(reverse("outcomes:sharing")).content.decode()
    assert "uw praktijk deelt niet" in page  # off by default
    response = client.post(reverse("outcomes:sharing"), {"pooled": "on", "neighbours": 20})
    assert response.status_code == 200
    assert "Geef eerst toestemming om te delen." in response.content.decode()
    assert not OutcomeSharing.objects.exists()
    response = client.post(
        reverse("outcomes:sharing"), {"pooled": "on", "consent": "on", "neighbours": 25}
    )
    assert response.status_code == 302
    setting = OutcomeSharing.objects.get(practice=practice)
    assert setting.pooled and setting.neighbours == 25 and setting.changed_by == admin
    assert "toestemming" in setting.consent_text
    event = AuditEvent.objects.get(action="update", what="outcomes:sharing")
    assert event.detail["before"] == {"pooled": False, "neighbours": 20}
    assert event.detail["after"] == {"pooled": True, "neighbours": 25}
    assert "toestemming" in event.detail["consent"]
    client.post(reverse("outcomes:sharing"), {"neighbours": 25})  # switched off again
    assert not OutcomeSharing.objects.get().pooled
    assert AuditEvent.objects.filter(action="update", what="outcomes:sharing").count() == 2


def test_k_below_10_is_refused_with_a_message(client, admin):
    client.force_login(admin)
    response = client.post(reverse("outcomes:sharing"), {"neighbours": 5})
    assert response.status_code == 200
    assert "10" in response.content.decode()
    assert not OutcomeSharing.objects.exists()
