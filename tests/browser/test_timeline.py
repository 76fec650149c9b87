"""The patient page's timeline by pages (issue #15): a keyboard user opens the earlier events
in place, and the focus lands on the first of them."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.test_accessibility import log_in, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_earlier_events_open_in_place_with_the_keyboard(live_server, laptop):
    from ruggensteun.diary.models import CheckIn
    from ruggensteun.programme.models import Programme

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    patient = Programme.objects.active().order_by("patient__user__email").first().patient
    long_ago = timezone.now() - timedelta(days=400)
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            submission_key=uuid.uuid4(),
            period_start=(long_ago + timedelta(days=n)).date(),
            period_end=(long_ago + timedelta(days=n + 6)).date(),
            walking_mode=CheckIn.WalkingMode.WEEK,
            walking_minutes_week=1000 + n,
            submitted_at=long_ago + timedelta(days=n, hours=1),
        )
        for n in range(60)
    )
    log_in(laptop, live_server.url, patient.therapist.email, staff=True)
    laptop.goto(f"{live_server.url}/praktijk/patienten/{patient.pk}/")
    events = laptop.locator("#timeline ~ ol li.event, section[aria-labelledby=timeline] li.event")
    assert events.count() == 25
    link = laptop.get_by_role("link", name="Eerdere gebeurtenissen tonen")
    link.focus()
    laptop.keyboard.press("Enter")
    laptop.locator("li.event").nth(25).wait_for()
    assert events.count() > 25
    focused = laptop.evaluate("document.activeElement.outerHTML")
    assert focused.startswith('<li class="event')
    # The second page starts right after the first, newest first, without a gap.
    assert laptop.evaluate("document.activeElement === document.querySelectorAll('li.event')[25]")
    assert violations(laptop) == []
