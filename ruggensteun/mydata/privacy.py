"""The privacy statement patients agree to, and the record of their agreement.

Every version of the statement is listed in ``STATEMENTS`` with its date and its text
(a template, translated like every page); the last one is the current version. A patient
who has not agreed to the current version sees it after logging in (``middleware``).
To change the statement: add a new template and a new line at the end of ``STATEMENTS``;
keep the old ones, so the history shows what each patient agreed to.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction

from ruggensteun.audit.log import Action, record
from ruggensteun.mydata.models import PrivacyConsent
from ruggensteun.patients.models import Patient

# The session remembers the version the user may go on under (agreed to, or staff, who
# are not asked: their data is processed under their contract with the practice), so a
# page costs no extra query once this is known.
SESSION_KEY = "privacy_version_ok"


@dataclass(frozen=True)
class PrivacyStatement:
    version: str
    published_on: date
    template: str


STATEMENTS: tuple[PrivacyStatement, ...] = (
    PrivacyStatement("2026-06", date(2026, 6, 1), "mydata/privacy/text_2026_06.html"),
)


def current() -> PrivacyStatement:
    return STATEMENTS[-1]


def has_agreed(patient: Patient, version: str | None = None) -> bool:
    """Whether the patient agreed to ``version`` (default: the current one)."""
    return PrivacyConsent.objects.has_agreed(patient, version or current().version)


def agree(patient: Patient, *, by: Any, version: str) -> PrivacyConsent | None:
    """Record that the patient agreed to ``version`` and log it; None when they had
    already agreed to it (a form sent twice records and logs nothing new)."""
    try:
        with transaction.atomic():
            consent = PrivacyConsent.objects.create(patient=patient, version=version)
            record(
                by,
                Action.CREATE,
                "mydata: privacy statement agreed",
                patient=patient,
                detail={"version": version, "consent": consent.pk},
            )
    except IntegrityError:
        return None
    return consent


def agree_at_creation(patient: Patient, *, at: datetime | None = None) -> PrivacyConsent:
    """For demo data and test people only: a patient who agreed to the current version
    at ``at`` (default: when the record was made). Not logged: nobody acted in the app."""
    consent, _created = PrivacyConsent.objects.get_or_create(
        patient=patient, version=current().version, defaults={"agreed_at": at or patient.created_at}
    )
    return consent
