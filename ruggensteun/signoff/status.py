"""Whether a practice has signed off a text set, and what the overview shows.

``signed_off_codes(practice)`` is the one answer for every page, report and export that
marks scores as provisional: fetch it once per page (two queries), never per row.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from ruggensteun.accounts.models import Membership, Practice
from ruggensteun.clinical.instruments.registry import INSTRUMENT_CODES
from ruggensteun.signoff.models import ImportedText, SignOff
from ruggensteun.signoff.texts import TextSet, all_sets, instrument_set

SIGNED = "signed"
CHANGED = "changed"
UNSIGNED = "unsigned"


@dataclass(frozen=True)
class Status:
    text_set: TextSet
    state: str
    sign_off: SignOff | None
    """The sign-off in force, or (state CHANGED) the latest one, given for another text."""

    @property
    def signed(self) -> bool:
        return self.state == SIGNED


def status_of(text_set: TextSet, sign_offs: Iterable[SignOff]) -> Status:
    """``sign_offs`` newest first. A sign-off counts only for the exact text it was given."""
    latest = None
    for sign_off in sign_offs:
        if sign_off.text_set != text_set.key:
            continue
        if sign_off.text_hash == text_set.hash:
            return Status(text_set, SIGNED, sign_off)
        latest = latest or sign_off
    return Status(text_set, CHANGED if latest else UNSIGNED, latest)


def _sign_offs(practice: Practice | int) -> list[SignOff]:
    return list(SignOff.objects.filter(practice=practice).order_by("-signed_at", "-id"))


def current_imports(practice: Practice | int) -> dict[str, ImportedText]:
    return ImportedText.objects.filter(practice=practice).current_by_instrument()


def practice_statuses(practice: Practice, language: str) -> list[Status]:
    """Every text set with its status (two queries)."""
    sign_offs = _sign_offs(practice)
    return [status_of(found, sign_offs) for found in all_sets(current_imports(practice), language)]


def signed_off_codes(practice: Practice | int | None) -> frozenset[str]:
    """The instruments whose text (as the practice's patients read it) the practice's
    clinical lead has signed off; their scores are no longer provisional.

    ``practice`` may be its id. One query, two once anything is signed off."""
    if practice is None:
        return frozenset()
    sign_offs = [s for s in _sign_offs(practice) if s.text_set.startswith("instrument:")]
    if not sign_offs:
        return frozenset()
    imports = current_imports(practice)
    codes = {s.text_set.split(":", 1)[1] for s in sign_offs}
    return frozenset(
        code
        for code in codes
        if code in INSTRUMENT_CODES
        and status_of(instrument_set(code, imports.get(code), "nl"), sign_offs).signed
    )


def is_signed_off(practice: Practice | int | None, instrument_code: str) -> bool:
    return instrument_code in signed_off_codes(practice)


def is_clinical_lead(user: object, practice: Practice) -> bool:
    return Membership.objects.filter(
        user_id=getattr(user, "pk", None), practice=practice, is_clinical_lead=True
    ).exists()
