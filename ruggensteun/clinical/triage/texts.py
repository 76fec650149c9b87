"""Patient and therapist texts for triage, kept as data (texts.json, checked by its schema).

``text_verified`` is false for the whole file: these are our own words, not the text of
a validated instrument, and a clinician should read them before release.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruggensteun.clinical.datafiles import load_validated
from ruggensteun.clinical.triage.urgency import URGENCIES, Urgency

HERE = Path(__file__).resolve().parent
TEXTS_PATH = HERE / "texts.json"
TEXTS_SCHEMA_PATH = HERE / "texts.schema.json"

# {"nl": ..., "en": ...}; read with ruggensteun.clinical.datafiles.text().
Text = dict[str, str]


@dataclass(frozen=True)
class ForBoth:
    """One message in two registers: plain language for the patient, short for the therapist."""

    patient: Text
    therapist: Text


@dataclass(frozen=True)
class TriageTexts:
    text_verified: bool
    advice: Mapping[Urgency, ForBoth]
    contact_referrer: Text
    escalation: Text
    unanswered: ForBoth
    rules: Mapping[str, ForBoth]
    yellow_flags: Mapping[str, Text]
    pathways: Mapping[str, Text]


def _for_both(raw: Any) -> ForBoth:
    return ForBoth(patient=dict(raw["patient"]), therapist=dict(raw["therapist"]))


@cache
def load_texts() -> TriageTexts:
    """The triage texts; raises DataFileError when the file breaks its schema."""
    raw = load_validated(TEXTS_PATH, TEXTS_SCHEMA_PATH)
    return TriageTexts(
        text_verified=raw["text_verified"],
        advice={urgency: _for_both(raw["advice"][urgency]) for urgency in URGENCIES},
        contact_referrer=dict(raw["contact_referrer"]),
        escalation=dict(raw["escalation"]),
        unanswered=_for_both(raw["unanswered"]),
        rules={rule_id: _for_both(value) for rule_id, value in raw["rules"].items()},
        yellow_flags={key: dict(value) for key, value in raw["yellow_flags"].items()},
        pathways={key: dict(value) for key, value in raw["pathways"].items()},
    )
