"""Small helpers the patient's pages share (``back`` is the site's: web.redirects)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import get_language


def language() -> str:
    return "en" if get_language() == "en" else "nl"


def today() -> date:
    return timezone.localdate()
