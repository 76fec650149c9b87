"""The red-flag rules of triage.md §2, one object per row of its rule table, in its order.

Each rule carries its source with the tag of triage.md: [P] primary source read,
[S] secondary source, [D] a design rule of this project. The reasons a patient and a
therapist read are in texts.json, under the rule's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ruggensteun.clinical.datafiles import DataFileError
from ruggensteun.clinical.triage.conditions import (
    Above,
    Below,
    Computed,
    Condition,
    Is,
    IsNot,
    Truth,
    all_of,
    all_true,
    any_of,
    at_least,
    no,
    yes,
)
from ruggensteun.clinical.triage.fields import Answers
from ruggensteun.clinical.triage.texts import TEXTS_PATH, Text, load_texts
from ruggensteun.clinical.triage.urgency import Urgency


@dataclass(frozen=True)
class RedFlagRule:
    id: str
    urgency: Urgency
    condition: Condition
    suggests: str
    source: str
    patient_reason: Text
    therapist_reason: Text

    @property
    def reads(self) -> tuple[str, ...]:
        """The intake fields this rule reads."""
        return self.condition.fields

    def fires(self, answers: Answers) -> bool:
        """True only when the condition holds on known answers; unknown is not a yes."""
        return self.condition(answers) is True


def _rule(
    rule_id: str, urgency: Urgency, condition: Condition, *, suggests: str, source: str
) -> RedFlagRule:
    texts = load_texts().rules
    if rule_id not in texts:
        raise DataFileError(f"{TEXTS_PATH}: rules: no texts for rule {rule_id}")
    return RedFlagRule(
        id=rule_id,
        urgency=urgency,
        condition=condition,
        suggests=suggests,
        source=source,
        patient_reason=texts[rule_id].patient,
        therapist_reason=texts[rule_id].therapist,
    )


# Age is in whole years and the duration in whole weeks, so the age at onset is an
# estimate; with age in completed years it errs young, towards firing the rule.
_DAYS_PER_YEAR = Fraction(1461, 4)


def _onset_age_below(years: int) -> Computed:
    def check(answers: Answers) -> Truth:
        age = answers.integer("age")
        weeks = answers.integer("duration_weeks")
        if age is None or weeks is None:
            return None
        return age - Fraction(7 * weeks) / _DAYS_PER_YEAR < years

    return Computed(("age", "duration_weeks"), check)


def _not_recovering(answers: Answers) -> Truth:
    weekly = answers.weekly_scores()
    if not weekly:
        # No weekly score yet: the course cannot have deviated, whatever else is known.
        return False
    duration = answers.integer("duration_weeks")
    intake = answers.integer("nprs")
    four_weeks = None if duration is None else duration + len(weekly) >= 4
    # "not at least 2 points below the intake score": the latest is above intake - 2.
    not_improved = None if intake is None else weekly[-1] > intake - 2
    return all_true([four_weeks, not_improved])


RULES: tuple[RedFlagRule, ...] = (
    # NHG M54 2017 and NHG M55 (2015): suspected cauda equina syndrome -> urgent referral
    # ("verwijs met spoed"); any one of the three is enough.
    _rule(
        "CES",
        "emergency",
        any_of(yes("saddle_numbness"), yes("bladder_problems"), yes("bowel_incontinence")),
        suggests="cauda equina syndrome",
        source="NHG M54 2017, NHG M55 [P]",
    ),
    # NHG M55: CES includes uni- or bilateral motor or sensory loss; bilateral leg symptoms
    # are the part a patient can report.
    _rule(
        "CES_BILATERAL",
        "emergency",
        all_of(
            Is("leg_pain_sides", "both"),
            any_of(yes("leg_tingling_numbness"), IsNot("leg_weakness", "none")),
        ),
        suggests="cauda equina syndrome",
        source="NHG M55 [P]",
    ),
    # NHG M54 2017: suspected ruptured aortic aneurysm -> urgent referral. NHG gives older
    # age without a figure in what we could read; > 50 is our conservative choice [D].
    _rule(
        "AAA",
        "emergency",
        all_of(
            yes("sudden_severe_constant_pain"),
            any_of(Above("age", 50), yes("known_aortic_aneurysm")),
        ),
        suggests="ruptured aortic aneurysm",
        source="NHG M54 2017 [P]; age threshold [D]",
    ),
    # NHG M55: severe or progressive paresis -> immediate referral to a neurologist.
    _rule(
        "PARESIS",
        "urgent",
        any_of(Is("leg_weakness", "severe"), yes("weakness_worsening")),
        suggests="severe or progressive root compression",
        source="NHG M55 [P]",
    ),
    # NHG M55: radicular pain not relieved by opioids -> immediate referral.
    _rule(
        "OPIOID_RESISTANT",
        "urgent",
        all_of(IsNot("leg_pain", "none"), yes("painkillers_no_relief")),
        suggests="severe root compression or another cause",
        source="NHG M55 [P]",
    ),
    # CKS: fever or systemic illness with back pain suggests spinal infection (same day).
    _rule(
        "INFECTION",
        "urgent",
        yes("fever"),
        suggests="spinal infection",
        source="CKS [S]",
    ),
    # CKS: onset after major trauma suggests a vertebral fracture.
    _rule(
        "FRACTURE_MAJOR",
        "urgent",
        yes("major_trauma"),
        suggests="vertebral fracture",
        source="CKS [S]",
    ),
    # CKS; NHG M55 (recent spinal procedure): risk factors for spinal infection. The
    # table's "(without fever)" marks the tier: with fever, INFECTION already makes the
    # result urgent. This rule does not read fever, so an unknown fever can never hold it
    # back, and the therapist still sees the risk factor when fever is present.
    _rule(
        "INFECTION_RISK",
        "soon",
        any_of(yes("infection_risk"), yes("recent_spinal_procedure")),
        suggests="spinal infection",
        source="CKS [S]; NHG M55 [P]",
    ),
    # CKS; KNGF 2013: history of cancer, unexplained weight loss, constant night pain.
    _rule(
        "MALIGNANCY",
        "soon",
        any_of(yes("history_of_cancer"), yes("weight_loss"), yes("constant_night_pain")),
        suggests="malignancy",
        source="CKS [S]; KNGF 2013 [S]",
    ),
    # CKS: new-onset pain over 50, or under 20; a new episode is one that is not recurrent.
    _rule(
        "AGE",
        "soon",
        any_of(all_of(Above("age", 50), no("recurrent")), Below("age", 20)),
        suggests="malignancy or fracture",
        source="CKS [S]",
    ),
    # CKS; KNGF 2013 (older age: > 60): osteoporotic vertebral fracture.
    _rule(
        "FRACTURE_OSTEO",
        "soon",
        all_of(
            yes("osteoporosis_or_steroids"),
            any_of(yes("minor_trauma"), Above("age", 60)),
        ),
        suggests="osteoporotic fracture",
        source="CKS [S]; KNGF 2013 [S]",
    ),
    # NHG M54 2017: not improving enough after 3-4 weeks -> look for a specific cause.
    # Improvement means the latest weekly score at least 2 points below the intake NPRS.
    _rule(
        "NO_RECOVERY",
        "soon",
        Computed(("nprs_weekly", "duration_weeks", "nprs"), _not_recovering),
        suggests="does not follow the usual course",
        source="NHG M54 2017 (3-4 weeks) [P]",
    ),
    # NICE NG65: LBP begun before 45, lasting > 3 months, with >= 4 features -> refer to
    # rheumatology. Morning stiffness > 30 min from KNGF 2013.
    _rule(
        "AXSPA",
        "routine",
        all_of(
            _onset_age_below(45),
            Above("duration_weeks", 12),
            at_least(
                4,
                _onset_age_below(35),
                yes("wakes_second_half_night"),
                yes("alternating_buttock_pain"),
                yes("better_with_movement"),
                yes("nsaid_good_response"),
                yes("spa_related_history"),
                yes("morning_stiffness_30min"),
            ),
        ),
        suggests="axial spondyloarthritis",
        source="NICE NG65 [S] (morning stiffness from KNGF 2013 [S])",
    ),
    # NHG M55: neurogenic claudication suggests lumbar spinal stenosis.
    _rule(
        "STENOSIS",
        "routine",
        all_of(yes("walking_leg_pain_eased_by_sitting"), Above("age", 50)),
        suggests="lumbar spinal stenosis",
        source="NHG M55 [P]",
    ),
)

RULES_BY_ID = {rule.id: rule for rule in RULES}
