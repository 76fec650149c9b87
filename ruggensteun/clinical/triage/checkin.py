"""The short red-flag set of the weekly check-in (triage.md §2, notes).

The check-in asks again the questions of the CES, PARESIS, INFECTION and MALIGNANCY rules.
Its answers are triaged together with the stored intake answers (age, leg pain, ...), by
the same rules, so a new flag raises the same result and the same alert as at intake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ruggensteun.clinical.triage.conditions import any_true
from ruggensteun.clinical.triage.engine import TriageResult, evaluate
from ruggensteun.clinical.triage.fields import FIELDS, Answers, TriageInputError
from ruggensteun.clinical.triage.rules import RULES_BY_ID
from ruggensteun.clinical.triage.stratification import Questionnaires

CHECKIN_RULES: tuple[str, ...] = ("CES", "PARESIS", "INFECTION", "MALIGNANCY")

# In field order (triage.md §1).
CHECKIN_FIELDS: tuple[str, ...] = tuple(
    field.name
    for field in FIELDS
    if any(field.name in RULES_BY_ID[rule_id].reads for rule_id in CHECKIN_RULES)
)

# A history cannot be undone: the check-in asks whether cancer was found since the last
# time, and "ever" is the intake answer or the check-in answer.
HISTORY_FIELDS: tuple[str, ...] = ("history_of_cancer",)

# The check-in also carries the weekly pain scores so far (for NO_RECOVERY).
WEEKLY_SCORES = "nprs_weekly"


def merge_checkin(checkin: Mapping[str, object], intake: Answers) -> Answers:
    """The intake answers brought up to date with a check-in's answers.

    A symptom question in the short set describes this week: the check-in answer replaces
    the intake answer, and an unanswered check-in question is unknown again rather than
    the older answer (an old "no" is not a "no" now).
    """
    for name in checkin:
        if name not in CHECKIN_FIELDS and name != WEEKLY_SCORES:
            raise TriageInputError(str(name), "is not a question of the weekly check-in")
    now = Answers.check({name: checkin.get(name) for name in (*CHECKIN_FIELDS, WEEKLY_SCORES)})
    merged = dict(intake.known)
    for name in CHECKIN_FIELDS:
        value = now.known.get(name)
        if name in HISTORY_FIELDS:
            value = any_true([intake.boolean(name), now.boolean(name)])
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    if now.is_known(WEEKLY_SCORES):
        merged[WEEKLY_SCORES] = now.known[WEEKLY_SCORES]
    return Answers(merged)


def triage_checkin(
    checkin: Mapping[str, object],
    intake: Mapping[str, object],
    *,
    startback: Sequence[int] | None = None,
    tsk17: Sequence[int] | None = None,
    fabq: Sequence[int | None] | None = None,
) -> TriageResult:
    """Triage a weekly check-in against the stored intake.

    ``checkin`` holds the answers to the short set (CHECKIN_FIELDS) and, optionally,
    ``nprs_weekly``: all weekly pain scores so far, oldest first, replacing any stored with
    the intake. ``intake`` and the questionnaires are as for ``triage``. Raises
    TriageInputError naming the field when an answer does not fit.
    """
    merged = merge_checkin(checkin, Answers.check(intake))
    scores = Questionnaires.check(startback=startback, tsk17=tsk17, fabq=fabq)
    return evaluate(merged, scores)
