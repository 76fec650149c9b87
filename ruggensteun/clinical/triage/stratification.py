"""Stratification of triage.md §4: STarT Back risk, yellow flags and the care pathway.

The questionnaires are scored by ruggensteun.clinical.instruments.scoring; nothing is
re-scored here. A questionnaire that was not given raises no flag: TSK and FABQ are filled
only when STarT Back is medium or high (triage.md §1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ruggensteun.clinical.instruments.scoring import (
    FabqScore,
    ScoringError,
    StartBackScore,
    Tsk17Score,
    score_fabq,
    score_startback,
    score_tsk17,
)
from ruggensteun.clinical.triage.fields import Answers, TriageInputError

StartBackRisk = Literal["low", "medium", "high"]
Pathway = Literal["advice", "exercise", "psychologically_informed"]
YellowFlagId = Literal[
    "fear", "catastrophising", "low_mood", "anxiety", "low_expectation", "work", "heavy_work"
]

# In the order of triage.md §4; results list flags in this order.
YELLOW_FLAG_IDS: tuple[YellowFlagId, ...] = (
    "fear",
    "catastrophising",
    "low_mood",
    "anxiety",
    "low_expectation",
    "work",
    "heavy_work",
)

Evidence = tuple[tuple[str, int | str], ...]


@dataclass(frozen=True)
class YellowFlag:
    """A psychosocial flag with each value that raised it, e.g. ``(("tsk17_total", 43),)``."""

    id: YellowFlagId
    values: Evidence
    source: str


@dataclass(frozen=True)
class Questionnaires:
    """The intake questionnaires, scored; None when not given."""

    startback_items: tuple[int, ...] | None = None
    startback: StartBackScore | None = None
    tsk17: Tsk17Score | None = None
    fabq: FabqScore | None = None

    @classmethod
    def check(
        cls,
        *,
        startback: Sequence[int] | None,
        tsk17: Sequence[int] | None,
        fabq: Sequence[int | None] | None,
    ) -> Questionnaires:
        """Score what was given; raise TriageInputError naming the questionnaire if invalid."""
        try:
            startback_score = None if startback is None else score_startback(startback)
        except ScoringError as error:
            raise TriageInputError("startback", str(error)) from None
        try:
            tsk17_score = None if tsk17 is None else score_tsk17(tsk17)
        except ScoringError as error:
            raise TriageInputError("tsk17", str(error)) from None
        try:
            fabq_score = None if fabq is None else score_fabq(fabq)
        except ScoringError as error:
            raise TriageInputError("fabq", str(error)) from None
        return cls(
            startback_items=None if startback is None else tuple(startback),
            startback=startback_score,
            tsk17=tsk17_score,
            fabq=fabq_score,
        )

    def startback_item(self, number: int) -> int | None:
        """The raw answer to STarT Back item ``number`` (1-9), or None without STarT Back."""
        return None if self.startback_items is None else self.startback_items[number - 1]


def _startback_agrees(scores: Questionnaires, number: int) -> Evidence:
    # Keele STarT Back items 5-8 are agree (1) / disagree (0) [I].
    return ((f"startback_item_{number}", 1),) if scores.startback_item(number) == 1 else ()


def _evidence(flag: YellowFlagId, answers: Answers, scores: Questionnaires) -> Evidence:
    if flag == "fear":
        found: list[tuple[str, int | str]] = []
        # Vlaeyen 1995 [S]: TSK-17 > 37 is high kinesiophobia (instruments.md 2.9).
        if scores.tsk17 is not None and scores.tsk17.high:
            found.append(("tsk17_total", scores.tsk17.total))
        # George 2008 [S]: FABQ-PA > 14 (instruments.md 2.8).
        if scores.fabq is not None and scores.fabq.pa is not None and scores.fabq.pa > 14:
            found.append(("fabq_pa", scores.fabq.pa))
        return (*found, *_startback_agrees(scores, 5))
    if flag == "catastrophising":
        return _startback_agrees(scores, 7)
    if flag == "low_mood":
        return _startback_agrees(scores, 8)
    if flag == "anxiety":
        return _startback_agrees(scores, 6)
    if flag == "low_expectation":
        expectation = answers.integer("recovery_expectation")
        # KNGF 2021 B.2 [P] names negative recovery expectations; the cut-off <= 4 is [D].
        return (
            ()
            if expectation is None or expectation > 4
            else (("recovery_expectation", expectation),)
        )
    if flag == "work":
        found = []
        # Fritz & George 2002 [P]: FABQ-W > 34 predicts persistent work restrictions.
        if scores.fabq is not None and scores.fabq.w is not None and scores.fabq.w > 34:
            found.append(("fabq_w", scores.fabq.w))
        if answers.choice("work_status") == "sick_leave":
            found.append(("work_status", "sick_leave"))
        return tuple(found)
    # KNGF 2021 B.2 [P]: heavy physical work is a prognostic factor. Only for someone who
    # works: the intake hides the question for "not_employed" and "retired"
    # (intake_questions.json, hidden_when), so an answer left from before the patient
    # changed their work status is not theirs any more.
    works = answers.choice("work_status") not in _NO_WORK
    return (
        (("work_physical_load", "heavy"),)
        if works and answers.choice("work_physical_load") == "heavy"
        else ()
    )


YELLOW_FLAG_SOURCES: dict[YellowFlagId, str] = {
    "fear": "TSK-17 > 37 Vlaeyen 1995 [S]; FABQ-PA > 14 George 2008 [S]; STarT Back item 5 [I]",
    "catastrophising": "STarT Back item 7 [I]",
    "low_mood": "STarT Back item 8 [I]",
    "anxiety": "STarT Back item 6 [I]",
    "low_expectation": "KNGF 2021 B.2 [P]; recovery_expectation <= 4 [D]",
    "work": "FABQ-W > 34 Fritz & George 2002 [P]; sick leave triage.md §4",
    "heavy_work": "KNGF 2021 B.2 [P]",
}


def yellow_flags(answers: Answers, scores: Questionnaires) -> tuple[YellowFlag, ...]:
    flags = []
    for flag in YELLOW_FLAG_IDS:
        values = _evidence(flag, answers, scores)
        if values:
            flags.append(YellowFlag(flag, values, YELLOW_FLAG_SOURCES[flag]))
    return tuple(flags)


# Without paid work there is no physical work load to ask about.
_NO_WORK = ("not_employed", "retired")


def _flags_still_open(answers: Answers, raised: set[YellowFlagId]) -> int:
    """How many more flags the unanswered intake questions could still raise."""
    could_raise: list[YellowFlagId] = []
    if not answers.is_known("recovery_expectation"):
        could_raise.append("low_expectation")
    if not answers.is_known("work_status"):
        could_raise.append("work")
    if not answers.is_known("work_physical_load") and answers.choice("work_status") not in _NO_WORK:
        could_raise.append("heavy_work")
    return sum(flag not in raised for flag in could_raise)


def care_pathway(
    risk: StartBackRisk | None, flags: tuple[YellowFlag, ...], answers: Answers
) -> Pathway | None:
    """Stratified care (Hill et al. 2011 [P]; KNGF 2021 [P]); the therapist confirms it.

    None without STarT Back, and None for low risk when open questions could still decide
    between "advice" (at most one yellow flag) and "exercise" (two or more).
    """
    if risk is None:
        return None
    if risk == "high":
        return "psychologically_informed"
    if risk == "medium":
        return "exercise"
    raised = {flag.id for flag in flags}
    if len(raised) >= 2:
        return "exercise"
    if len(raised) + _flags_still_open(answers, raised) <= 1:
        return "advice"
    return None
