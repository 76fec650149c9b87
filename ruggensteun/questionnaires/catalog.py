"""The instruments as this app offers them: names for screens, and who may fill which.

The definitions, scoring, licence flags and abbreviations live in the clinical core
(``ruggensteun.clinical.instruments``; ``SHORT_NAMES`` and ``short_name`` are named here too);
this module only adds what the screens need.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.instruments.names import SHORT_NAMES as SHORT_NAMES
from ruggensteun.clinical.instruments.names import short_name
from ruggensteun.clinical.instruments.registry import (
    INSTRUMENT_CODES,
    Instrument,
    all_instruments,
    get_instrument,
)

# What a patient reads as the title of a questionnaire: plain words, not the instrument's
# name (which is shown smaller beneath it).
PATIENT_TITLES: dict[str, Promise] = {
    "nprs": _("Uw pijn"),
    "startback": _("Hoe gaat het met uw rug?"),
    "qbpds": _("Dagelijkse activiteiten"),
    "rmdq": _("Uw rug vandaag"),
    "odi": _("Uw rug in het dagelijks leven"),
    "psk": _("Activiteiten die belangrijk voor u zijn"),
    "gpe": _("Wat is er veranderd?"),
    "fabq": _("Gedachten over bewegen en werk"),
    "tsk17": _("Bewegen en pijn"),
    "tsk11": _("Bewegen en pijn"),
    "ompsq10": _("Uw klachten en uw werk"),
    "eq5d5l": _("Uw gezondheid vandaag"),
}

LICENCE_RESTRICTED: tuple[str, ...] = tuple(
    instrument.code for instrument in all_instruments() if instrument.licence_restricted
)


def patient_title(code: str) -> str:
    return str(PATIENT_TITLES.get(code, short_name(code)))


# What the questionnaire is called where a patient (or a report for them) names it: plain
# words and the abbreviation, in the reader's language (issue #12). The official names in
# the instrument data files (``name``) stay for the therapist's pages.
DISPLAY_NAMES: dict[str, Promise] = {
    "nprs": _("Pijnscore (NPRS)"),
    "startback": _("Risico op langdurige rugklachten (STarT Back)"),
    "qbpds": _("Beperkingen door rugpijn (QBPDS)"),
    "rmdq": _("Beperkingen door rugpijn (RMDQ)"),
    "odi": _("Beperkingen in het dagelijks leven (ODI)"),
    "psk": _("Patiënt Specifieke Klachten (PSK)"),
    "gpe": _("Ervaren verandering (GPE)"),
    "fabq": _("Gedachten over bewegen en werk (FABQ)"),
    "tsk17": _("Angst voor bewegen (TSK-17)"),
    "tsk11": _("Angst voor bewegen (TSK-11)"),
    "ompsq10": _("Risico op langdurige klachten (ÖMPSQ-SF)"),
    "eq5d5l": _("Kwaliteit van leven (EQ-5D-5L)"),
}


def display_name(code: str) -> str:
    return str(DISPLAY_NAMES.get(code, short_name(code)))


def name(instrument: Instrument, language: str) -> str:
    return text(instrument.name, language)


def codes_for_patients(licensed: set[str] | frozenset[str]) -> list[str]:
    """The instruments a patient of a practice with these confirmed licences may fill."""
    return [
        code
        for code in INSTRUMENT_CODES
        if get_instrument(code).available_to_patients(code in licensed)
    ]


# --- how long it takes -----------------------------------------------------------------------
# Minutes a patient needs for each questionnaire on a phone, all in this one place: the
# chained questionnaires and the intake's start screen count with them. No published
# completion times were found for the Dutch versions, so every number is OUR OWN ESTIMATE
# [D]: about 15 seconds per one-tap screen plus reading the introduction, rounded up to
# whole minutes. Change them here when the practice measures real times.
MINUTES: dict[str, int] = {
    "nprs": 1,  # [D] one question
    "startback": 2,  # [D] nine short statements
    "qbpds": 5,  # [D] twenty activities, one per screen
    "rmdq": 4,  # [D] twenty-four statements to tick, six per screen
    "odi": 4,  # [D] ten questions with six longer answers each
    "psk": 3,  # [D] choosing three to five activities, then a number for each
    "gpe": 1,  # [D] one question
    "fabq": 4,  # [D] sixteen statements
    "tsk17": 4,  # [D] seventeen statements
    "tsk11": 3,  # [D] eleven statements
    "ompsq10": 3,  # [D] ten questions
    "eq5d5l": 2,  # [D] five questions and a 0-100 scale
}
# The intake's own questions (red flags, the back pain, about you: about a dozen screens
# of two or three questions). OUR OWN ESTIMATE [D].
INTAKE_MINUTES = 6


def minutes(code: str) -> int:
    """The estimated minutes for one questionnaire (2 for one we have no estimate of)."""
    return MINUTES.get(code, 2)


def about_minutes(total: int) -> int:
    """A total as a patient reads it: exact below 10 minutes, else to the nearest 5, so an
    estimate does not sound more precise than it is."""
    return total if total < 10 else 5 * round(total / 5)
