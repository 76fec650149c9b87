"""The triage engine: red flags, urgency, open questions, classification and stratification.

``triage`` is a pure function of the intake answers and the intake questionnaires. Its
result lists things in stable orders: rules in the order of the rule table (triage.md §2),
unanswered fields in the order of the field table (§1), yellow flags in the order of §4.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ruggensteun.clinical.triage.classification import (
    DurationClass,
    PainType,
    duration_class,
    pain_type,
)
from ruggensteun.clinical.triage.fields import (
    CHECKIN_ONLY_FIELDS,
    FIELDS,
    RECORD_FIELDS,
    Answers,
)
from ruggensteun.clinical.triage.rules import RULES, RedFlagRule
from ruggensteun.clinical.triage.stratification import (
    Pathway,
    Questionnaires,
    StartBackRisk,
    YellowFlag,
    care_pathway,
    yellow_flags,
)
from ruggensteun.clinical.triage.texts import (
    ForBoth,
    PatientAdvice,
    Text,
    load_texts,
    patient_advice,
)
from ruggensteun.clinical.triage.urgency import SAFETY_URGENCIES, Urgency, highest

# What keeps the self-management programme from starting: a result of one of the
# ``SAFETY_URGENCIES`` (triage.md §2), or a red-flag question still open (§1).
Blocker = Literal["emergency", "urgent", "soon", "unanswered"]

# The fields an emergency, urgent or soon rule reads, in field order. Records (nprs_weekly,
# gpe_improved) are left out: they are not questions, and none given means none recorded.
SAFETY_FIELDS: tuple[str, ...] = tuple(
    field.name
    for field in FIELDS
    if field.name not in RECORD_FIELDS
    and any(field.name in rule.reads for rule in RULES if rule.urgency in SAFETY_URGENCIES)
)

# triage.md §1: asked only when there is leg pain. They stay open while leg_pain itself is
# unanswered (the conservative reading: leg pain is not ruled out); only a known "none"
# closes them.
LEG_PAIN_QUESTIONS: tuple[str, ...] = ("leg_pain_sides", "painkillers_no_relief")


@dataclass(frozen=True)
class FiredRule:
    """A rule that fired, with the known answers it read (for the therapist's "why")."""

    id: str
    urgency: Urgency
    suggests: str
    source: str
    patient_reason: Text
    therapist_reason: Text
    answers: tuple[tuple[str, object], ...]

    @classmethod
    def of(cls, rule: RedFlagRule, answers: Answers) -> FiredRule:
        return cls(
            id=rule.id,
            urgency=rule.urgency,
            suggests=rule.suggests,
            source=rule.source,
            patient_reason=rule.patient_reason,
            therapist_reason=rule.therapist_reason,
            answers=tuple(
                (name, answers.known[name]) for name in rule.reads if answers.is_known(name)
            ),
        )


@dataclass(frozen=True)
class TriageResult:
    urgency: Urgency
    # True when two or more "soon" rules raised the result to "urgent" [D].
    escalated: bool
    rules: tuple[FiredRule, ...]
    unanswered: tuple[str, ...]
    duration_class: DurationClass | None
    pain_type: PainType | None
    startback_risk: StartBackRisk | None
    yellow_flags: tuple[YellowFlag, ...]
    pathway: Pathway | None
    self_management_blocked_by: tuple[Blocker, ...]

    @property
    def self_management_allowed(self) -> bool:
        return not self.self_management_blocked_by

    @property
    def contact_gp_or_referrer(self) -> bool:
        """KNGF 2021 B.1.3 [P]: any fired rule -> contact the GP or referrer.

        The urgency says how fast.
        """
        return bool(self.rules)

    @property
    def advice(self) -> ForBoth:
        """What the patient and the therapist are told for this urgency."""
        return load_texts().advice[self.urgency]

    def patient_advice(self, country: str) -> PatientAdvice:
        """What the patient is told, by the fired rules and the practice's country (§2.1)."""
        return patient_advice(self.urgency, [rule.id for rule in self.rules], country)

    @property
    def unanswered_note(self) -> ForBoth | None:
        return load_texts().unanswered if self.unanswered else None

    def to_dict(self) -> dict[str, object]:
        """The summary the ``triage`` command prints, with exactly its keys."""
        return {
            "urgency": self.urgency,
            "rules": [rule.id for rule in self.rules],
            "unanswered": list(self.unanswered),
            "duration_class": self.duration_class,
            "pain_type": self.pain_type,
            "startback_risk": self.startback_risk,
            "yellow_flags": [flag.id for flag in self.yellow_flags],
            "pathway": self.pathway,
        }


def unanswered_safety_fields(answers: Answers, *, checkin: bool = False) -> tuple[str, ...]:
    """Every open question that an emergency, urgent or soon rule reads, in field order.

    The check-in-only questions (new_trauma, both_legs_symptoms) are open only in a
    check-in: the intake does not ask them.
    """
    skip = LEG_PAIN_QUESTIONS if answers.choice("leg_pain") == "none" else ()
    if not checkin:
        skip = (*skip, *CHECKIN_ONLY_FIELDS)
    return tuple(name for name in SAFETY_FIELDS if not answers.is_known(name) and name not in skip)


def overall_urgency(fired: Sequence[RedFlagRule | FiredRule]) -> tuple[Urgency, bool]:
    """The highest urgency of the fired rules, and whether it was escalated.

    Two or more "soon" rules together are raised to "urgent" [D] (KNGF 2021 [P]:
    combinations raise the likelihood of serious pathology); no points score is invented.
    Only "soon" rules count: AGE is routine (KNGF 2021 B.1.3 [P]) and never escalates.
    """
    urgency = highest([rule.urgency for rule in fired])
    if urgency == "soon" and sum(rule.urgency == "soon" for rule in fired) >= 2:
        return "urgent", True
    return urgency, False


def evaluate(answers: Answers, scores: Questionnaires, *, checkin: bool = False) -> TriageResult:
    """Triage checked answers and scored questionnaires (``checkin``: a weekly check-in)."""
    fired = [rule for rule in RULES if rule.fires(answers)]
    urgency, escalated = overall_urgency(fired)
    unanswered = unanswered_safety_fields(answers, checkin=checkin)
    blocked_by: list[Blocker] = []
    if urgency in ("emergency", "urgent", "soon"):
        blocked_by.append(urgency)
    if unanswered:
        blocked_by.append("unanswered")
    risk = None if scores.startback is None else scores.startback.risk
    flags = yellow_flags(answers, scores)
    return TriageResult(
        urgency=urgency,
        escalated=escalated,
        rules=tuple(FiredRule.of(rule, answers) for rule in fired),
        unanswered=unanswered,
        duration_class=duration_class(answers),
        pain_type=pain_type(answers),
        startback_risk=risk,
        yellow_flags=flags,
        pathway=care_pathway(risk, flags, answers),
        self_management_blocked_by=tuple(blocked_by),
    )


def triage(
    answers: Mapping[str, object],
    *,
    startback: Sequence[int] | None = None,
    tsk17: Sequence[int] | None = None,
    fabq: Sequence[int | None] | None = None,
) -> TriageResult:
    """Triage an intake (triage.md).

    ``answers`` maps the field names of triage.md §1 to answers; a missing field or None is
    unanswered. ``startback`` is the 9 STarT Back items (1-8 as 0/1, item 9 as 0-4),
    ``tsk17`` the 17 raw TSK answers (1-4), ``fabq`` the 16 FABQ answers (0-6, None for a
    missing item). Raises TriageInputError naming the field when an answer does not fit.
    """
    checked = Answers.check(answers)
    scores = Questionnaires.check(startback=startback, tsk17=tsk17, fabq=fabq)
    return evaluate(checked, scores)
