"""FHIR R4 resources for the instruments, as plain dicts (no FHIR library needed at run time).

The resources follow FHIR R4 (4.0.1). The tests validate them with the ``fhir.resources``
package's ``R4B`` models: that package ships no pure R4 module, and R4B is wire-compatible
with R4 for Questionnaire, QuestionnaireResponse, Observation and Bundle.

Codes used for scores (Observation.code):

* LOINC where a code for exactly that score exists, checked on loinc.org:
  NPRS 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported";
  STarT Back 91351-7 "Total score [STarT Back]", 91350-9 "Distress subscore [STarT Back]"
  (Keele's "psych score"), 91352-5 "STarT Back Screening risk level" with answers LA9194-7
  Low, LA8982-6 Medium, LA9193-9 High; ODI 97909-6 "Oswestry disability index score ODI".
  Questionnaire.code carries the LOINC panel where one exists (STarT Back 91349-1,
  ODI 97908-8).
* SNOMED CT 736534008 "EuroQol five dimension five level index value" for both EQ-5D-5L
  indices (no LOINC code for the index was found); the local code says which value set.
* Every score also carries a local code ``<instrument>-<key>`` in SCORE_SYSTEM, and that is
  the only code for QBPDS, RMDQ, PSK, GPE, FABQ, TSK-17, TSK-11 and ÖMPSQ-SF, for which no
  LOINC code was found.

Reading (``score_fhir``): the instrument is the last path segment of
QuestionnaireResponse.questionnaire (``.../Questionnaire/startback``, a ``|version`` suffix
is ignored); items are read by linkId "1".."N" at any nesting depth, each with one answer
holding the published response value as valueInteger, or as valueCoding whose code is that
value (as exported here). RMDQ also accepts valueBoolean (true = ticked). An answered item
whose linkId is not a number is refused, except PSK "activity-N" (the chosen activity),
which is not scored.
"""

from collections.abc import Mapping
from typing import Any

from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.instruments.registry import (
    Instrument,
    Item,
    ScoreValue,
    UnknownInstrumentError,
    get_instrument,
    score_answers,
)
from ruggensteun.clinical.instruments.scoring import ScoringError

__all__ = [
    "CANONICAL_BASE",
    "SCORE_SYSTEM",
    "FhirInputError",
    "observation_resources",
    "questionnaire_resource",
    "questionnaire_response_resource",
    "questionnaire_url",
    "score_fhir",
]

CANONICAL_BASE = "https://ruggensteun.nl/fhir"
SCORE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/scores"
ACTIVITY_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/psk-activities"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
SURVEY_CATEGORY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}

# (code, display) per instrument score; verified on loinc.org (see module docstring).
LOINC_SCORE_CODES: dict[tuple[str, str], tuple[str, str]] = {
    ("nprs", "score"): ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    ("startback", "total"): ("91351-7", "Total score [STarT Back]"),
    ("startback", "psychosocial"): ("91350-9", "Distress subscore [STarT Back]"),
    ("startback", "risk"): ("91352-5", "STarT Back Screening risk level"),
    ("odi", "percent"): ("97909-6", "Oswestry disability index score ODI"),
}
LOINC_PANELS: dict[str, tuple[str, str]] = {
    "startback": ("91349-1", "STarT Back Screening Tool panel"),
    "odi": ("97908-8", "Oswestry Disability Index"),
}
# LOINC answer list LL3578-3 for 91352-5.
STARTBACK_RISK_ANSWERS = {
    "low": ("LA9194-7", "Low"),
    "medium": ("LA8982-6", "Medium"),
    "high": ("LA9193-9", "High"),
}
SNOMED_SCORE_CODES: dict[tuple[str, str], tuple[str, str]] = {
    ("eq5d5l", "index_nl"): (
        "736534008",
        "EuroQol five dimension five level index value (observable entity)",
    ),
    ("eq5d5l", "index_be"): (
        "736534008",
        "EuroQol five dimension five level index value (observable entity)",
    ),
}
# Scores with a fractional value go out as Quantity with a UCUM unit.
QUANTITY_UNITS: dict[tuple[str, str], tuple[str, str]] = {
    ("odi", "percent"): ("%", "%"),
    ("psk", "mean"): ("{score}", "score"),
    ("eq5d5l", "index_nl"): ("1", "1"),
    ("eq5d5l", "index_be"): ("1", "1"),
}


class FhirInputError(ValueError):
    """The input is not a FHIR QuestionnaireResponse or Bundle at all."""


def questionnaire_url(code: str) -> str:
    return f"{CANONICAL_BASE}/Questionnaire/{code}"


def _answer_system(code: str) -> str:
    return f"{CANONICAL_BASE}/CodeSystem/{code}-responses"


def _instrument(instrument: Instrument | str) -> Instrument:
    return instrument if isinstance(instrument, Instrument) else get_instrument(instrument)


def _coding(instrument: Instrument, item: Item, value: int, language: str) -> dict[str, Any]:
    coding: dict[str, Any] = {"system": _answer_system(instrument.code), "code": str(value)}
    label = item.label(value, language)
    if label is not None:
        coding["display"] = label
    return coding


# --- Questionnaire ------------------------------------------------------------------------


def _questionnaire_item(instrument: Instrument, item: Item, language: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "linkId": item.link_id,
        "text": text(item.text, language),
        "required": item.required,
    }
    if item.options is not None:
        resource["type"] = "choice"
        resource["answerOption"] = [
            {
                "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.value}],
                "valueCoding": _coding(instrument, item, option.value, language),
            }
            for option in item.options
        ]
    else:
        assert item.scale is not None
        resource["type"] = "integer"
        resource["extension"] = [
            {"url": MIN_VALUE, "valueInteger": item.scale.minimum},
            {"url": MAX_VALUE, "valueInteger": item.scale.maximum},
        ]
        anchors = "; ".join(
            f"{anchor.value} = {text(anchor.label, language)}" for anchor in item.scale.anchors
        )
        resource["text"] = f"{resource['text']} ({anchors})"
    return resource


def questionnaire_resource(instrument: Instrument | str, language: str) -> dict[str, Any]:
    """The instrument as an R4 Questionnaire in ``language`` ("nl" or "en").

    Status is "draft" while the Dutch wording is not verified against the official version.
    """
    definition = _instrument(instrument)
    items: list[dict[str, Any]] = []
    if definition.instructions is not None:
        items.append(
            {
                "linkId": "instructions",
                "type": "display",
                "text": text(definition.instructions, language),
            }
        )
    for item in definition.items:
        if item.instruction is not None:
            items.append(
                {
                    "linkId": f"intro-{item.link_id}",
                    "type": "display",
                    "text": text(item.instruction, language),
                }
            )
        if definition.code == "psk":
            items.append(_psk_activity_question(definition, item, language))
        items.append(_questionnaire_item(definition, item, language))
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": definition.code,
        "url": questionnaire_url(definition.code),
        "version": definition.version,
        "title": text(definition.name, language),
        "status": "active" if definition.text_verified else "draft",
        "language": language,
        "subjectType": ["Patient"],
        "description": (
            f"{text(definition.recall_period, language)}. {definition.source}"
            f" Text: {definition.text_source}"
        ),
        "copyright": definition.copyright or definition.licence,
        "item": items,
    }
    if definition.code in LOINC_PANELS:
        panel, display = LOINC_PANELS[definition.code]
        resource["code"] = [{"system": LOINC, "code": panel, "display": display}]
    return resource


def _psk_activity_question(definition: Instrument, item: Item, language: str) -> dict[str, Any]:
    label = "Activiteit" if language == "nl" else "Activity"
    return {
        "linkId": f"activity-{item.link_id}",
        "text": f"{label} {item.link_id}",
        # open-choice: a patient may write an activity that is not on the list.
        "type": "open-choice" if definition.free_text_allowed else "choice",
        "required": item.required,
        "answerOption": [
            {
                "valueCoding": {
                    "system": ACTIVITY_SYSTEM,
                    "code": activity.code,
                    "display": text(activity.text, language),
                }
            }
            for activity in definition.activity_list
        ],
    }


# --- QuestionnaireResponse ----------------------------------------------------------------


def questionnaire_response_resource(
    instrument: Instrument | str,
    answers: Mapping[str, int | None],
    language: str,
    *,
    response_id: str | None = None,
    subject: str | None = None,
    authored: str | None = None,
    activities: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A completed R4 QuestionnaireResponse holding ``answers`` (linkId -> response value).

    Choice items are exported as valueCoding (code = the published value, display = the
    label in ``language``), scale items as valueInteger; unanswered items are left out.
    ``activities`` maps PSK linkIds to the chosen activity: a code from the activity list
    or the patient's own words.
    """
    definition = _instrument(instrument)
    known = {item.link_id for item in definition.items}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ScoringError(f"{definition.code}: unknown item linkId(s) {', '.join(unknown)}")
    list_codes = {activity.code: activity for activity in definition.activity_list}
    items: list[dict[str, Any]] = []
    for item in definition.items:
        activity = (activities or {}).get(item.link_id)
        if activity is not None:
            if activity in list_codes:
                answer: dict[str, Any] = {
                    "valueCoding": {
                        "system": ACTIVITY_SYSTEM,
                        "code": activity,
                        "display": text(list_codes[activity].text, language),
                    }
                }
            else:
                answer = {"valueString": activity}
            items.append({"linkId": f"activity-{item.link_id}", "answer": [answer]})
        value = answers.get(item.link_id)
        if value is None:
            continue
        if isinstance(value, bool) or value not in item.values:
            raise ScoringError(
                f"{definition.code} item {item.link_id}: {value!r} is not one of its responses"
            )
        if item.options is not None:
            answer = {"valueCoding": _coding(definition, item, value, language)}
        else:
            answer = {"valueInteger": value}
        items.append(
            {"linkId": item.link_id, "text": text(item.text, language), "answer": [answer]}
        )
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": questionnaire_url(definition.code),
        "status": "completed",
        "language": language,
        "item": items,
    }
    if response_id is not None:
        resource["id"] = response_id
    if subject is not None:
        resource["subject"] = {"reference": subject}
    if authored is not None:
        resource["authored"] = authored
    return resource


# --- Observation --------------------------------------------------------------------------


def _observation_code(definition: Instrument, key: str, language: str) -> dict[str, Any]:
    codings: list[dict[str, Any]] = []
    if (definition.code, key) in LOINC_SCORE_CODES:
        code, display = LOINC_SCORE_CODES[(definition.code, key)]
        codings.append({"system": LOINC, "code": code, "display": display})
    if (definition.code, key) in SNOMED_SCORE_CODES:
        code, display = SNOMED_SCORE_CODES[(definition.code, key)]
        codings.append({"system": SNOMED, "code": code, "display": display})
    name = next(score.name for score in definition.scores if score.key == key)
    codings.append(
        {"system": SCORE_SYSTEM, "code": f"{definition.code}-{key}", "display": name["en"]}
    )
    return {"coding": codings, "text": f"{text(definition.name, language)}: {text(name, language)}"}


def _observation_value(definition: Instrument, key: str, value: ScoreValue) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if (definition.code, key) == ("startback", "risk"):
        assert isinstance(value, str)
        code, display = STARTBACK_RISK_ANSWERS[value]
        return {
            "valueCodeableConcept": {
                "coding": [
                    {"system": LOINC, "code": code, "display": display},
                    {"system": SCORE_SYSTEM, "code": f"startback-risk-{value}", "display": display},
                ],
                "text": display,
            }
        }
    if (definition.code, key) in QUANTITY_UNITS:
        unit, display = QUANTITY_UNITS[(definition.code, key)]
        return {"valueQuantity": {"value": value, "unit": display, "system": UCUM, "code": unit}}
    if isinstance(value, int):
        return {"valueInteger": value}
    raise ScoringError(f"{definition.code} {key}: cannot express {value!r} as an Observation")


def observation_resources(
    instrument: Instrument | str,
    scores: Mapping[str, ScoreValue],
    language: str,
    *,
    subject: str | None = None,
    effective: str | None = None,
    derived_from: str | None = None,
) -> list[dict[str, Any]]:
    """One R4 Observation per score in ``scores`` (as returned by ``score_answers``).

    A score that is None (a FABQ subscale with a missing item) has no Observation.
    """
    definition = _instrument(instrument)
    observations = []
    for score in definition.scores:
        value = scores.get(score.key)
        if value is None:
            continue
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": [SURVEY_CATEGORY],
            "code": _observation_code(definition, score.key, language),
            **_observation_value(definition, score.key, value),
        }
        if subject is not None:
            observation["subject"] = {"reference": subject}
        if effective is not None:
            observation["effectiveDateTime"] = effective
        if derived_from is not None:
            observation["derivedFrom"] = [{"reference": derived_from}]
        observations.append(observation)
    return observations


# --- reading ------------------------------------------------------------------------------

SCORED_STATUSES = {"completed", "amended"}


def score_fhir(resource: object) -> dict[str, Any] | list[dict[str, Any]]:
    """Score one QuestionnaireResponse (-> one result) or a Bundle of them (-> a list, in order).

    Each result is ``{"instrument": code, "scores": {...}}`` or, when that response cannot be
    scored, ``{"instrument": code, "error": "..."}``; one bad response never stops the rest.
    A Bundle entry that is not a QuestionnaireResponse gets an error result of its own, so
    the results line up with the entries. Raises FhirInputError when ``resource`` is neither
    a QuestionnaireResponse nor a Bundle.
    """
    if not isinstance(resource, dict):
        raise FhirInputError("expected a FHIR resource (a JSON object)")
    kind = resource.get("resourceType")
    if kind == "QuestionnaireResponse":
        return _score_response(resource)
    if kind == "Bundle":
        entries = resource.get("entry", [])
        if not isinstance(entries, list):
            raise FhirInputError("Bundle.entry must be a list")
        return [_score_entry(position, entry) for position, entry in enumerate(entries, 1)]
    if kind is None:
        raise FhirInputError("not a FHIR resource: resourceType is missing")
    raise FhirInputError(f"expected a QuestionnaireResponse or a Bundle, got {kind!r}")


def _score_entry(position: int, entry: object) -> dict[str, Any]:
    resource = entry.get("resource") if isinstance(entry, dict) else None
    if not isinstance(resource, dict):
        return {"instrument": None, "error": f"Bundle entry {position} has no resource"}
    if resource.get("resourceType") != "QuestionnaireResponse":
        kind = resource.get("resourceType")
        return {
            "instrument": None,
            "error": f"Bundle entry {position} is a {kind}, not a QuestionnaireResponse",
        }
    return _score_response(resource)


def _instrument_code(questionnaire: object) -> str | None:
    if not isinstance(questionnaire, str) or not questionnaire.strip():
        return None
    canonical = questionnaire.split("|", 1)[0].split("#", 1)[0].rstrip("/")
    return canonical.rsplit("/", 1)[-1] or None


def _score_response(response: dict[str, Any]) -> dict[str, Any]:
    code = _instrument_code(response.get("questionnaire"))
    if code is None:
        return {"instrument": None, "error": "QuestionnaireResponse.questionnaire is missing"}
    status = response.get("status")
    # An unfinished or withdrawn response must not produce a score: RMDQ would count its
    # blanks as "not ticked".
    if status is not None and status not in SCORED_STATUSES:
        return {
            "instrument": code,
            "error": f"status is {status!r}; only completed or amended responses are scored",
        }
    try:
        answers = _answers(code, response.get("item", []))
        return {"instrument": code, "scores": score_answers(code, answers)}
    except (ScoringError, UnknownInstrumentError) as error:
        return {"instrument": code, "error": str(error)}


def _flatten(items: object) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        raise ScoringError("item must be a list")
    flat: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            raise ScoringError("every item must be an object")
        flat.append(item)
        flat.extend(_flatten(item.get("item", [])))
        answers = item.get("answer", [])
        if not isinstance(answers, list):
            raise ScoringError(f"item {item.get('linkId')!r}: answer must be a list")
        for answer in answers:
            if isinstance(answer, dict):
                flat.extend(_flatten(answer.get("item", [])))
    return flat


def _answers(code: str, items: object) -> dict[str, int | None]:
    answers: dict[str, int | None] = {}
    for item in _flatten(items):
        link_id = item.get("linkId")
        if not isinstance(link_id, str) or not link_id.isdigit():
            # Display items and groups carry no answer; an answered item under a linkId that
            # is not an item number (e.g. "Q01") must not be skipped silently: a skipped
            # RMDQ tick would lower the score. PSK's "activity-N" holds the chosen activity.
            if item.get("answer") and not (code == "psk" and _is_activity(link_id)):
                raise ScoringError(
                    f"{code}: answered item with linkId {link_id!r} is not an item number"
                )
            continue
        if link_id in answers:
            raise ScoringError(f"{code} item {link_id}: appears more than once")
        given = item.get("answer", [])
        if len(given) > 1:
            raise ScoringError(f"{code} item {link_id}: has {len(given)} answers, expected one")
        answers[link_id] = _answer_value(code, link_id, given[0]) if given else None
    return answers


def _is_activity(link_id: object) -> bool:
    return isinstance(link_id, str) and link_id.startswith("activity-") and link_id[9:].isdigit()


def _answer_value(code: str, link_id: str, answer: object) -> int:
    where = f"{code} item {link_id}"
    if not isinstance(answer, dict):
        raise ScoringError(f"{where}: answer must be an object")
    if "valueInteger" in answer:
        value = answer["valueInteger"]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ScoringError(f"{where}: valueInteger {value!r} is not a whole number")
        return value
    if "valueCoding" in answer:
        coding = answer["valueCoding"]
        raw = coding.get("code") if isinstance(coding, dict) else None
        if isinstance(raw, str) and raw.lstrip("-").isdigit():
            return int(raw)
        raise ScoringError(f"{where}: valueCoding code {raw!r} is not a response value")
    if "valueBoolean" in answer and code == "rmdq":
        value = answer["valueBoolean"]
        if isinstance(value, bool):
            # RMDQ tick format: a ticked statement scores 1.
            return int(value)
        raise ScoringError(f"{where}: valueBoolean {value!r} is not true or false")
    kinds = ", ".join(key for key in answer if key.startswith("value")) or "no value"
    raise ScoringError(f"{where}: expected valueInteger or valueCoding, got {kinds}")
