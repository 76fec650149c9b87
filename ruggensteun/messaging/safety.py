"""The safety check (issue #16): the triage questions of the rules that red-flag words
point to, asked at once, and the answers run through the triage engine like the weekly
check-in's (triage.md §2, notes: "a new flag at any time raises the same result and the
same alert").

The questions are the weekly check-in's own (``checkin_questions``, same wording), limited
to the fields the named rules read. The answers are triaged together with what was known
before; only the questions asked change:

- after an earlier check-in: that check-in's short set, with these answers in place of its
  answers (``triage_checkin``);
- before any check-in: the intake answers, with these answers in place (``triage``). The two
  questions only the check-in asks map onto the intake's: a fall or accident (``new_trauma``
  yes) counts as ``major_trauma`` and symptoms in both legs (``both_legs_symptoms`` yes) as
  ``leg_pain_sides`` both, which fire FRACTURE_MAJOR and CES_BILATERAL exactly as in the
  check-in; a "no" changes nothing.

A question left open is unknown, never "no": the form requires an answer, and a skipped
check stores nothing and says so on the message (``Message.Safety.SKIPPED``).
"""

from collections.abc import Iterable
from typing import Any

from ruggensteun.clinical.triage import CHECKIN_FIELDS, RULES, triage, triage_checkin
from ruggensteun.clinical.triage.questions import Question, load_intake_questions
from ruggensteun.intake.assessment import questionnaire_items, record, triage_answers
from ruggensteun.intake.models import Intake, TriageAssessment
from ruggensteun.patients.models import Patient

RULES_BY_ID = {rule.id: rule for rule in RULES}
# Check-in-only questions and the intake field a yes stands for before any check-in.
INTAKE_EQUIVALENT: dict[str, tuple[str, object]] = {
    "new_trauma": ("major_trauma", True),
    "both_legs_symptoms": ("leg_pain_sides", "both"),
}
TRIGGER = "checkin"  # the short red-flag set asked again (TriageAssessment.Trigger)


def parse_rules(raw: str | None) -> tuple[str, ...]:
    """The known rule ids of ``?rules=A,B`` in rule-table order; unknown ids are dropped."""
    wanted = {part.strip().upper() for part in (raw or "").split(",") if part.strip()}
    return tuple(rule.id for rule in RULES if rule.id in wanted)


def questions_for(rule_ids: Iterable[str]) -> tuple[Question, ...]:
    """The check-in questions these rules read, in the check-in's order."""
    fields: set[str] = set()
    for rule_id in rule_ids:
        rule = RULES_BY_ID.get(rule_id)
        if rule is not None:
            fields.update(field for field in rule.reads if field in CHECKIN_FIELDS)
        if rule_id == "CES_BILATERAL":
            fields.add("both_legs_symptoms")
        if rule_id == "FRACTURE_MAJOR":
            fields.add("new_trauma")
    return tuple(q for q in load_intake_questions().checkin_questions if q.field in fields)


def _previous_checkin(latest: TriageAssessment | None) -> dict[str, Any] | None:
    """The short set the last check-in (or safety check) was triaged with, and its
    records (weekly pain scores, GPE), when the latest assessment came from one."""
    if latest is None or latest.trigger != TRIGGER:
        return None
    checkin = latest.inputs.get("checkin")
    if not isinstance(checkin, dict):
        return None
    found = {key: value for key, value in checkin.items() if key in CHECKIN_FIELDS}
    for record_name in ("nprs_weekly", "gpe_improved"):
        value = checkin.get(record_name, latest.inputs.get(record_name))
        if value is not None:
            found[record_name] = value
    return found


def assess(patient: Patient, answers: dict[str, Any], *, came_from: str) -> TriageAssessment:
    """Triage the answers with what was known before; store the result (raising alerts
    and notifying the therapist, ``intake.assessment.record``) when it differs from the
    last one. Returns the assessment in force."""
    intake = Intake.objects.filter(patient=patient).first()
    known = triage_answers(patient, intake)
    scores = questionnaire_items(patient)
    latest = TriageAssessment.objects.latest_for(patient)
    previous = _previous_checkin(latest)
    if previous is not None:
        checkin = {**previous, **answers}
        result = triage_checkin(
            checkin,
            known,
            startback=scores.get("startback"),
            tsk17=scores.get("tsk17"),
            fabq=scores.get("fabq"),
        )
        inputs: dict[str, Any] = {"answers": known, "checkin": checkin}
    else:
        merged = dict(known)
        for field, value in answers.items():
            if field in INTAKE_EQUIVALENT:
                target, meaning = INTAKE_EQUIVALENT[field]
                if value is True:
                    merged[target] = meaning
            else:
                merged[field] = value
        result = triage(
            merged,
            startback=scores.get("startback"),
            tsk17=scores.get("tsk17"),
            fabq=scores.get("fabq"),
        )
        inputs = {"answers": merged}
    inputs.update({"safety_check": answers, "from": came_from, **scores})
    if latest is not None and latest.summary == result.to_dict():
        return latest
    return record(patient, TRIGGER, result, inputs)
