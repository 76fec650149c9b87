"""The one clock of the test suite.

Every test except the browser tests runs at ``NOW`` (the clock ticks on from there), so no
test depends on the day it is run. ``RUGGENSTEUN_TEST_NOW`` moves the whole suite to
another moment, e.g. a Sunday or the last day of a month, to show that nothing depends on
the weekday: ``RUGGENSTEUN_TEST_NOW=2026-06-14T21:30:00+02:00 scripts/test``.

Browser tests keep the real clock: Chromium's own clock (cookie expiry, JavaScript dates)
cannot be moved, so they build their data relative to the real today.
"""

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

NOW: datetime = datetime.fromisoformat(
    os.environ.get("RUGGENSTEUN_TEST_NOW", "2026-06-10T10:00:00+02:00")
).astimezone(AMSTERDAM)
TODAY: date = NOW.date()
