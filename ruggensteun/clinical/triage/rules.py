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
    # The rule steps aside when this holds on known answers: it stands in for a more
    # urgent rule that covers the same danger (INFECTION_RISK "fever is not yes",
    # SUDDEN_SEVERE "when AAA does not fire"). An unknown ``unless`` does not hold it back.
    unless: Condition | None = None

    @property
    def reads(self) -> tuple[str, ...]:
        """The intake fields this rule reads (its condition's, then its ``unless``'s)."""
        extra = () if self.unless is None else self.unless.fields
        return tuple(dict.fromkeys((*self.condition.fields, *extra)))

    def may_fire(self, answers: Answers) -> bool:
        """The condition alone holds on known answers (monotone: see conditions.py)."""
        return self.condition(answers) is True

    def fires(self, answers: Answers) -> bool:
        """True only when the condition holds on known answers (unknown is not a yes) and
        ``unless`` is not known to hold."""
        return self.may_fire(answers) and (self.unless is None or self.unless(answers) is not True)


def _rule(
    rule_id: str,
    urgency: Urgency,
    condition: Condition,
    *,
    suggests: str,
    source: str,
    unless: Condition | None = None,
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
        unless=unless,
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
    # triage.md §2 NO_RECOVERY (revision 2); NHG M54 2017 (evaluate after 3-4 weeks) [P].
    # nprs_weekly holds the weekly scores since the programme started, so weeks of pain
    # before the programme never count.
    weekly = answers.weekly_scores()
    if len(weekly) < 3:
        # Fewer than 3 programme weeks scored: too early to judge, whatever else is known.
        return False
    if answers.gpe_improved():
        # A GPE since the programme started said "much improved" or better.
        return False
    duration = answers.integer("duration_weeks")
    intake = answers.integer("nprs")
    # Only episodes at most 6 weeks old at intake (the usual course applies to them).
    new_episode = None if duration is None else duration <= 6
    # "not at least 2 points below the intake score": the latest is above intake - 2.
    not_improved = None if intake is None else weekly[-1] > intake - 2
    return all_true([new_episode, not_improved])


_SUDDEN_AAA = all_of(
    yes("sudden_severe_constant_pain"),
    any_of(Above("age", 40), yes("known_aortic_aneurysm")),
)

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
    # NHG M55 [P]: CES includes uni- or bilateral motor or sensory loss; bilateral leg
    # symptoms are the part a patient can report.
    _rule(
        "CES_BILATERAL",
        "emergency",
        all_of(
            # The weekly check-in asks about symptoms in both legs of everyone
            # (both_legs_symptoms); see README, "Check-in".
            any_of(Is("leg_pain_sides", "both"), yes("both_legs_symptoms")),
            any_of(yes("leg_tingling_numbness"), IsNot("leg_weakness", "none")),
        ),
        suggests="cauda equina syndrome",
        source="NHG M55 [P]",
    ),
    # NHG M54 2017 [P] ("leeftijd > 40 jaar"): suspected ruptured aortic aneurysm ->
    # call 112 now (triage.md §2.1).
    _rule(
        "AAA",
        "emergency",
        _SUDDEN_AAA,
        suggests="ruptured aortic aneurysm",
        source="NHG M54 2017 [P] (> 40 years)",
    ),
    # [D], conservative (triage.md §2, revision 2): the same pain at any age never starts
    # self-management. It stands in for AAA when AAA does not fire (age <= 40, or age
    # unknown without a known aneurysm); once AAA fires, AAA alone is listed.
    _rule(
        "SUDDEN_SEVERE",
        "urgent",
        yes("sudden_severe_constant_pain"),
        suggests="serious cause (vascular, fracture, infection)",
        source="[D], conservative",
        unless=_SUDDEN_AAA,
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
    # CKS [S]: onset after major trauma suggests a vertebral fracture; triage.md §2 notes
    # (revision 2): a fall or accident since the last check-in (new_trauma) fires it too.
    _rule(
        "FRACTURE_MAJOR",
        "urgent",
        any_of(yes("major_trauma"), yes("new_trauma")),
        suggests="vertebral fracture",
        source="CKS [S]",
    ),
    # CKS [S]; NHG M55 [P] (recent spinal procedure): risk factors for spinal infection,
    # when fever is not yes (triage.md §2, revision 2): a known fever fires INFECTION
    # (urgent), which covers it. An unknown fever does not hold this rule back.
    _rule(
        "INFECTION_RISK",
        "soon",
        any_of(yes("infection_risk"), yes("recent_spinal_procedure")),
        suggests="spinal infection",
        source="CKS [S]; NHG M55 [P]",
        unless=yes("fever"),
    ),
    # CKS; KNGF 2013: history of cancer, unexplained weight loss, constant night pain.
    _rule(
        "MALIGNANCY",
        "soon",
        any_of(yes("history_of_cancer"), yes("weight_loss"), yes("constant_night_pain")),
        suggests="malignancy",
        source="CKS [S]; KNGF 2013 [S]",
    ),
    # CKS [S]: new-onset pain over 50, or under 20; a new episode is one that is not
    # recurrent. Routine: alone it predicts little (KNGF 2021 B.1.3 [P]), so it never
    # counts towards "two soon -> urgent".
    _rule(
        "AGE",
        "routine",
        any_of(all_of(Above("age", 50), no("recurrent")), Below("age", 20)),
        suggests="malignancy or fracture (look for other signs)",
        source="CKS [S]; routine: KNGF 2021 B.1.3 [P]",
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
    # NHG M54 2017 (evaluate after 3-4 weeks) [P]: no recovery -> the therapist reviews
    # the factors of a chronic course; a routine review, not a red flag (triage.md §2,
    # revision 2; clinical review 2026-12, 3d).
    _rule(
        "NO_RECOVERY",
        "routine",
        Computed(("nprs_weekly", "gpe_improved", "duration_weeks", "nprs"), _not_recovering),
        suggests="does not follow the usual course: the therapist reviews factors of a "
        "chronic course",
        source="NHG M54 2017 (evaluate after 3-4 weeks) [P]",
    ),
    # [D] (triage.md §2): pregnancy-related back or pelvic girdle pain; the programme is
    # adapted (programme.md). Not a red flag and not a safety question.
    _rule(
        "PREGNANCY",
        "routine",
        yes("pregnant"),
        suggests="pregnancy-related back or pelvic girdle pain; programme adapted",
        source="[D]",
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
