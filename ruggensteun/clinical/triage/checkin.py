"""The short red-flag set of the weekly check-in (triage.md §2, notes; revision 2).

The check-in asks again the questions of CES and CES_BILATERAL, PARESIS, INFECTION and
MALIGNANCY, ``sudden_severe_constant_pain`` (AAA / SUDDEN_SEVERE) and ``new_trauma`` (a
fall or accident since the last check-in, FRACTURE_MAJOR). Its answers are triaged
together with the stored intake answers (age, leg pain, ...), by the same rules, so a new
flag raises the same result and the same alert as at intake.

CES_BILATERAL's ``leg_pain_sides`` is asked at intake only of patients with leg pain; the
check-in asks everyone ``both_legs_symptoms`` instead (pain, tingling, numbness or
weakness in both legs now). See README, "Check-in".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ruggensteun.clinical.triage.conditions import any_true
from ruggensteun.clinical.triage.engine import TriageResult, evaluate
from ruggensteun.clinical.triage.fields import FIELD_ORDER, Answers, TriageInputError
from ruggensteun.clinical.triage.stratification import Questionnaires

CHECKIN_RULES: tuple[str, ...] = (
    "CES",
    "CES_BILATERAL",
    "AAA",
    "SUDDEN_SEVERE",
    "PARESIS",
    "INFECTION",
    "FRACTURE_MAJOR",
    "MALIGNANCY",
)

# In field order (triage.md §1). The fields of CES, CES_BILATERAL (leg_pain_sides asked as
# both_legs_symptoms), PARESIS, INFECTION and MALIGNANCY, sudden_severe_constant_pain and
# new_trauma. Kept from the intake: age and known_aortic_aneurysm (AAA), leg_pain_sides,
# and major_trauma (it describes how the pain began).
CHECKIN_FIELDS: tuple[str, ...] = tuple(
    sorted(
        (
            "both_legs_symptoms",
            "leg_tingling_numbness",
            "leg_weakness",
            "weakness_worsening",
            "saddle_numbness",
            "bladder_problems",
            "bowel_incontinence",
            "sudden_severe_constant_pain",
            "fever",
            "history_of_cancer",
            "weight_loss",
            "constant_night_pain",
            "new_trauma",
        ),
        key=FIELD_ORDER.__getitem__,
    )
)

# A history cannot be undone: the check-in asks whether cancer was found since the last
# time, and "ever" is the intake answer or the check-in answer.
HISTORY_FIELDS: tuple[str, ...] = ("history_of_cancer",)

# The check-in also carries the records NO_RECOVERY reads: the weekly pain scores since the
# programme started, and whether a GPE since then said "much improved" or better.
WEEKLY_SCORES = "nprs_weekly"
GPE_IMPROVED = "gpe_improved"
RECORDS: tuple[str, ...] = (WEEKLY_SCORES, GPE_IMPROVED)


def merge_checkin(checkin: Mapping[str, object], intake: Answers) -> Answers:
    """The intake answers brought up to date with a check-in's answers.

    A symptom question in the short set describes this week: the check-in answer replaces
    the intake answer, and an unanswered check-in question is unknown again rather than
    the older answer (an old "no" is not a "no" now).
    """
    if not isinstance(checkin, Mapping):
        raise TriageInputError("checkin", "must be a mapping of field names to answers")
    for name in checkin:
        if name not in CHECKIN_FIELDS and name not in RECORDS:
            raise TriageInputError(str(name), "is not a question of the weekly check-in")
    now = Answers.check(
        {name: checkin.get(name) for name in (*CHECKIN_FIELDS, *RECORDS)}, checkin=True
    )
    merged = dict(intake.known)
    for name in CHECKIN_FIELDS:
        value = now.known.get(name)
        if name in HISTORY_FIELDS:
            value = any_true([intake.boolean(name), now.boolean(name)])
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    for name in RECORDS:
        if now.is_known(name):
            merged[name] = now.known[name]
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
    ``nprs_weekly`` (every weekly pain score since the programme started, oldest first)
    and ``gpe_improved`` (true when a GPE since the programme started said "much
    improved" or better), each replacing any given with the intake. ``intake`` and the
    questionnaires are as for ``triage``. Raises TriageInputError naming the field when an
    answer does not fit. A short-set question left open is listed in ``unanswered``.
    """
    merged = merge_checkin(checkin, Answers.check(intake))
    scores = Questionnaires.check(startback=startback, tsk17=tsk17, fabq=fabq)
    return evaluate(merged, scores, checkin=True)
