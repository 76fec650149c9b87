"""Patient and therapist texts for triage, kept as data (texts.json, checked by its schema).

``text_verified`` is false for the whole file: these are our own words, not the text of
a validated instrument, and a clinician should read them before release. The advice per
rule and per country of the practice (triage.md §2.1) also carries its own
``text_verified`` and source: ``patient_advice``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

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


AdviceKey = Literal["aaa", "ces", "urgent", "soon", "routine", "none"]
ADVICE_KEYS: tuple[AdviceKey, ...] = ("aaa", "ces", "urgent", "soon", "routine", "none")
Country = Literal["NL", "BE"]
COUNTRIES: tuple[Country, ...] = ("NL", "BE")


@dataclass(frozen=True)
class CountryAdvice:
    """One row cell of triage.md §2.1: the text, the buttons, the out-of-hours number."""

    text: Text
    calls: tuple[str, ...]
    out_of_hours_phone: str | None
    source: str
    text_verified: bool


@dataclass(frozen=True)
class TriageTexts:
    text_verified: bool
    advice: Mapping[Urgency, ForBoth]
    country_advice: Mapping[AdviceKey, Mapping[Country, CountryAdvice]]
    aaa_signs: tuple[Text, ...]
    contact_referrer: Text
    escalation: Text
    unanswered: ForBoth
    rules: Mapping[str, ForBoth]
    yellow_flags: Mapping[str, Text]
    pathways: Mapping[str, Text]


def _for_both(raw: Any) -> ForBoth:
    return ForBoth(patient=dict(raw["patient"]), therapist=dict(raw["therapist"]))


def _country_advice(raw: Any) -> CountryAdvice:
    return CountryAdvice(
        text=dict(raw["text"]),
        calls=tuple(raw["calls"]),
        out_of_hours_phone=raw["out_of_hours_phone"],
        source=raw["source"],
        text_verified=raw["text_verified"],
    )


@cache
def load_texts() -> TriageTexts:
    """The triage texts; raises DataFileError when the file breaks its schema."""
    raw = load_validated(TEXTS_PATH, TEXTS_SCHEMA_PATH)
    return TriageTexts(
        text_verified=raw["text_verified"],
        advice={urgency: _for_both(raw["advice"][urgency]) for urgency in URGENCIES},
        country_advice={
            key: {
                country: _country_advice(raw["patient_advice"]["advice"][key][country])
                for country in COUNTRIES
            }
            for key in ADVICE_KEYS
        },
        aaa_signs=tuple(dict(sign) for sign in raw["patient_advice"]["signs"]["aaa"]),
        contact_referrer=dict(raw["contact_referrer"]),
        escalation=dict(raw["escalation"]),
        unanswered=_for_both(raw["unanswered"]),
        rules={rule_id: _for_both(value) for rule_id, value in raw["rules"].items()},
        yellow_flags={key: dict(value) for key, value in raw["yellow_flags"].items()},
        pathways={key: dict(value) for key, value in raw["pathways"].items()},
    )


@dataclass(frozen=True)
class PatientAdvice:
    """What the patient is told to do now (triage.md §2.1), for the patient pages."""

    key: str  # "aaa", "ces", "urgent", "soon", "routine" or "none"
    urgency: Urgency
    text: Text  # {"nl": ..., "en": ...}: what to do, B1, for the patient
    signs: tuple[Text, ...]  # AAA: pain in belly and/or back, pale, sweating, feeling faint
    calls: tuple[str, ...]  # big buttons in order: "112" and/or "gp"; () for none
    out_of_hours_phone: str | None  # "1733" in Belgium (for "gp" outside hours); None in NL
    text_verified: bool


# triage.md §2.1: the emergency advice depends on the rule (AAA: 112 now, NHG M54 2017 [P];
# CES: the GP now, out of hours the GP service, NHG M54 2017 and NHG M55 [P]).
_AAA_RULES = frozenset({"AAA"})
_CES_RULES = frozenset({"CES", "CES_BILATERAL"})


def advice_key(urgency: Urgency, rule_ids: Sequence[str]) -> AdviceKey:
    """AAA first (112 now), then CES (the GP now), else the urgency (triage.md §2.1).

    An emergency without AAA or CES cannot come from the rule table; it gets the CES
    advice (the GP now, 112 when they cannot be reached), never less.
    """
    fired = set(rule_ids)
    if fired & _AAA_RULES:
        return "aaa"
    if urgency == "emergency" or fired & _CES_RULES:
        return "ces"
    return urgency


def patient_advice(urgency: Urgency, rule_ids: Sequence[str], country: str) -> PatientAdvice:
    """What the patient is told for this result in the practice's ``country``.

    ``country`` is "NL" or "BE"; anything else is read as "NL" (the default of a
    practice). ``rule_ids`` are the ids of the rules that fired.
    """
    texts = load_texts()
    key = advice_key(urgency, rule_ids)
    where: Country = "BE" if country == "BE" else "NL"
    chosen = texts.country_advice[key][where]
    return PatientAdvice(
        key=key,
        urgency=urgency,
        text=dict(chosen.text),
        signs=texts.aaa_signs if key == "aaa" else (),
        calls=chosen.calls,
        out_of_hours_phone=chosen.out_of_hours_phone,
        text_verified=chosen.text_verified,
    )
