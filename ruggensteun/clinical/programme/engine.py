"""The weekly self-management plan engine (programme.md §2, §4-§6).

``propose_week(profile, history, settings=DEFAULTS, language="nl") -> WeeklyPlan`` is a pure,
deterministic function: the same input always gives the same plan. The week number is
``len(history) + 1``; ``history`` is oldest first. Every element of the plan carries a reason
in patient language and the rule it came from; the [D] numbers live in ``ProgrammeSettings``
(``settings.py``).

The week's decision (programme.md §5, checked in this order) looks at the last week only:

1. ``step_back``: a check-in with ``flare: true``, or pain >= usual + 2 on >= 2 days. Usual
   pain is the median of the week before's pain scores; before there are any (first week)
   the intake NPRS. A week without pain scores passes the usual level on from the week
   before it.
2. ``progress``: walking goal met on >= 5 days and >= 70% of the planned sessions done.
3. ``hold``: goal met on >= 3 days and >= 40% of the sessions.
4. ``hold_low_adherence``: otherwise; ``notify_therapist`` is set, nothing drops.

An exercise session is doing the day's exercises once; a day counts at most once, because
the plan asks for ``days_per_week`` days. Planned sessions = the largest ``days_per_week``
of the week's exercises; sessions done = days with ``exercise_sessions`` >= 1, at most the
planned number. A missing check-in or value counts as not done. Every page counts this
way: ``adherence.py``.

Time-contingent (§5): ``chronic`` or the ``psychologically_informed`` pathway get quotas set
in advance ("stop at the quota, not at pain"); everyone else is pain-guided ("some pain is
allowed"). The dosage is the same; the reasons say which way to use it.

Education (§2, ``education_for_week``), with the order rules of revision 2:

- The first-week modules (``WEEK_ONE_MODULES``) come first: ``when_to_contact_gp`` for
  everyone, ``leg_pain_and_hernia`` for ``radicular``, ``how_pain_works`` and
  ``fear_of_movement`` with ``fear``. One still open later (the profile gained the tag, or
  the therapist took it out) comes first in that week.
- The core modules, in core order, fill the first two weeks around them: first-week and
  core modules together are spread evenly, so week 1 has ceil((first-week + core) / 2).
  That bounds the week-1 load: with the current content 6 modules of 2-3 minutes' reading
  (about a quarter of an hour) for most patients, at most 7 (radicular with fear: 3 extra
  modules), and week 2 the rest.
- From week 3 up to two a week (``modules_per_week``): core modules not yet given first,
  then modules whose ``priority_for`` matches the patient's tags, ordered by ``TAG_ORDER``
  (fear first).

Tags: ``profile.tags`` plus the duration class, ``radicular``, ``psychologically_informed``,
``high_pain`` (intake NPRS >= 7), ``fear`` (the patient has fear ratings) and ``flare_up`` (a
flare-up in the history). A module is never given twice and never outside its
``only_for``; only modules with a reason for this patient are offered, each with the
module's own reason.

Graded exposure (§6, ``exposure_step``): the first step waits until the modules of
``BEFORE_EXPOSURE`` (pain education and fear of movement) were in an earlier week's plan
(revision 2: "before the first exposure step"). With fear they are first-week modules, so
exposure starts in week 2. We chose to wait a week rather than give module and step in the
same week [D]: a plan cannot make sure a module is read before a step is done that week,
and "before the first exposure step" is then sure. A week-1 note tells the patient the step
comes next week.
 ``profile.fear_ratings`` holds each activity's
latest rating (the app replaces it when the patient rates again); a check-in's
``exposure_done: true`` marks a day the week's step was done; each plan stores the
activity's ``first_rating`` (its rating when first proposed). Days add up over all weeks
that proposed the activity. Mastered = done on >= 3 days and now rated <= 30, or >= 30
points below the first rating. The step is the least feared activity not yet mastered; after
a flare-up last week's step stays.

The walking goal is in ``walking.py``; exercise choice and dosage in ``selection.py``; the
data types and their JSON form in ``plan_io.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import median

from ruggensteun.clinical.programme.adherence import record_adherence
from ruggensteun.clinical.programme.education import EducationModule, load_modules
from ruggensteun.clinical.programme.exercises import Text
from ruggensteun.clinical.programme.exposure import (
    hierarchy,
    load_exposure_activities,
)
from ruggensteun.clinical.programme.plan_io import (
    CheckIn,
    Decision,
    EducationItem,
    ExposureStep,
    Goal,
    Language,
    Note,
    PlanInputError,
    PlannedExercise,
    Profile,
    WalkingGoal,
    WeeklyPlan,
    WeekRecord,
    plan_from_dict,
    plan_to_dict,
)
from ruggensteun.clinical.programme.selection import Context, select_exercises
from ruggensteun.clinical.programme.settings import DEFAULTS, ProgrammeSettings
from ruggensteun.clinical.programme.walking import walking_goal

__all__ = [
    "CheckIn",
    "Decision",
    "EducationItem",
    "ExposureStep",
    "Goal",
    "Note",
    "PlanInputError",
    "PlannedExercise",
    "Profile",
    "WalkingGoal",
    "WeekFacts",
    "WeekRecord",
    "WeeklyPlan",
    "decide",
    "plan_from_dict",
    "plan_to_dict",
    "propose_week",
    "week_facts",
]


# --- the week's decision (programme.md §5) -------------------------------------------------

RULE_START = "programme.md §4 weekly plan: first week"
RULE_DECISION = {
    "progress": "programme.md §5 decision 2: progress [D]",
    "hold": "programme.md §5 decision 3: hold [D]",
    "hold_low_adherence": "programme.md §5 decision 4: hold, tell the therapist [D]",
    "step_back": "programme.md §5 decision 1: step back after a flare-up [D]",
}
RULE_FLARE_PLAN = "programme.md §7 flare-up plan"
RULE_TIME_CONTINGENT = "programme.md §5 time-contingent (chronic, psychologically_informed)"
RULE_PAIN_GUIDED = "programme.md §5 pain-guided: some pain is allowed"
RULE_CORE_EDUCATION = "programme.md §2 unlocking: core messages first"
RULE_PROFILE_EDUCATION = "programme.md §2 unlocking: chosen by profile ({tag})"
RULE_FIRST_WEEK_EDUCATION = "programme.md §2 order rules (revision 2): {module} in week 1 ({who})"
RULE_EXPOSURE_AFTER_EDUCATION = (
    "programme.md §2 order rules (revision 2): pain education and fear of movement before the "
    "first exposure step; the step starts the week after [D]"
)
RULE_EXPOSURE = "programme.md §6 graded exposure: lowest step not yet mastered [D]"
RULE_EXPOSURE_HOLD = "programme.md §6 graded exposure; §5 step back: same step"
RULE_EXPOSURE_MASTERED = "programme.md §6 mastered [D]"


@dataclass(frozen=True)
class WeekFacts:
    """What the last week's check-ins say, as the decision reads them."""

    goal_met_days: int
    sessions_done: int
    sessions_planned: int
    usual_pain: Fraction
    flare_days: int
    flare_reported: bool


def _pain_scores(record: WeekRecord) -> list[int]:
    return [checkin.pain for checkin in record.checkins if checkin.pain is not None]


def usual_pain(profile: Profile, earlier: Sequence[WeekRecord]) -> Fraction:
    """Median pain of the latest earlier week with pain scores; the intake NPRS before that."""
    for record in reversed(earlier):
        scores = _pain_scores(record)
        if scores:
            return Fraction(median(Fraction(score) for score in scores))
    return Fraction(profile.nprs)


def week_facts(
    profile: Profile, history: Sequence[WeekRecord], settings: ProgrammeSettings = DEFAULTS
) -> WeekFacts:
    """The facts of the last week of ``history`` (which must not be empty)."""
    last = history[-1]
    usual = usual_pain(profile, history[:-1])
    threshold = usual + settings.flare_pain_rise
    counted = record_adherence(last)
    return WeekFacts(
        goal_met_days=counted.goal_met,
        sessions_done=counted.done,
        sessions_planned=counted.planned,
        usual_pain=usual,
        flare_days=sum(1 for score in _pain_scores(last) if score >= threshold),
        flare_reported=any(checkin.flare is True for checkin in last.checkins),
    )


def _sessions_at_least(facts: WeekFacts, percentage: int) -> bool:
    return facts.sessions_done * 100 >= percentage * facts.sessions_planned


def decide(facts: WeekFacts, settings: ProgrammeSettings) -> Decision:
    """programme.md §5: step back, progress, hold, or hold and tell the therapist."""
    if facts.flare_reported or facts.flare_days >= settings.flare_min_days:
        return "step_back"
    if facts.goal_met_days >= settings.progress_min_days and _sessions_at_least(
        facts, settings.progress_min_sessions_percent
    ):
        return "progress"
    if facts.goal_met_days >= settings.hold_min_days and _sessions_at_least(
        facts, settings.hold_min_sessions_percent
    ):
        return "hold"
    return "hold_low_adherence"


_START = Text(
    nl="Dit is uw eerste week. We beginnen rustig. Zo ziet u wat u kunt, en bouwen we daarna "
    "stap voor stap op.",
    en="This is your first week. We start calmly. That way you see what you can do, and then "
    "we build up step by step.",
)
_ADHERENCE = Text(
    nl="Vorige week haalde u uw wandeldoel op {met} van de 7 dagen en deed u uw oefeningen "
    "op {done} van de {planned} geplande dagen.",
    en="Last week you reached your walking goal on {met} of the 7 days and did your "
    "exercises on {done} of the {planned} planned days.",
)
_PROGRESS = Text(
    nl="Daarom gaat u deze week een stap verder.",
    en="So this week you go one step further.",
)
_HOLD = Text(
    nl="Deze week blijft u op hetzelfde niveau.",
    en="This week you stay at the same level.",
)
_LOW_ADHERENCE = Text(
    nl="Dat was minder dan gepland. Uw plan blijft hetzelfde. Uw therapeut krijgt een "
    "bericht, zodat u samen kunt bespreken wat het lastig maakt.",
    en="That was less than planned. Your plan stays the same. Your therapist gets a message, "
    "so you can talk together about what makes it hard.",
)
_FLARE_PAIN = Text(
    nl="Vorige week was uw pijn op {days} dagen {rise} punten of meer hoger dan normaal. Dat "
    "is een opstoot. Daarom doet u deze week wat minder.",
    en="Last week your pain was {rise} or more points higher than usual on {days} days. That "
    "is a flare-up. So this week you do a little less.",
)
_FLARE_REPORTED = Text(
    nl="U meldde vorige week een opstoot. Daarom doet u deze week wat minder.",
    en="You reported a flare-up last week. So this week you do a little less.",
)
_FLARE_PLAN = Text(
    nl="Een opstoot gaat meestal binnen een paar dagen over. Raak niet in paniek en blijf "
    "rustig bewegen. In bed blijven helpt niet. Bekijk uw opstootplan.",
    en="A flare-up usually passes within a few days. Do not panic and keep moving gently. "
    "Staying in bed does not help. Look at your flare-up plan.",
)
_TIME_CONTINGENT = Text(
    nl="U werkt met vaste hoeveelheden. U stopt als u de afgesproken hoeveelheid hebt "
    "gedaan, niet als u pijn voelt. Zo bepaalt uw plan wat u doet, en niet de pijn.",
    en="You work with fixed amounts. You stop when you have done the agreed amount, not when "
    "you feel pain. That way your plan decides what you do, not the pain.",
)
_PAIN_GUIDED = Text(
    nl="Wat pijn tijdens of na het bewegen mag. Pijn betekent geen schade. Wordt de pijn veel "
    "erger, doe dan wat minder.",
    en="Some pain during or after moving is allowed. Hurt does not mean harm. If the pain "
    "gets much worse, do a little less.",
)


def _decision_notes(
    decision: Decision, facts: WeekFacts | None, settings: ProgrammeSettings, language: str
) -> list[Note]:
    if facts is None:
        return [Note(_START.get(language), RULE_START)]
    if decision == "step_back":
        if facts.flare_reported:
            text = _FLARE_REPORTED.get(language)
        else:
            text = _FLARE_PAIN.get(language).format(
                days=facts.flare_days, rise=settings.flare_pain_rise
            )
        return [
            Note(text, RULE_DECISION[decision]),
            Note(_FLARE_PLAN.get(language), RULE_FLARE_PLAN),
        ]
    adherence = _ADHERENCE.get(language).format(
        met=facts.goal_met_days, done=facts.sessions_done, planned=facts.sessions_planned
    )
    follow = {"progress": _PROGRESS, "hold": _HOLD, "hold_low_adherence": _LOW_ADHERENCE}
    text = f"{adherence} {follow[decision].get(language)}"
    return [Note(text, RULE_DECISION[decision])]


def is_time_contingent(profile: Profile) -> bool:
    """programme.md §5: quotas set in advance for chronic pain and the psychologically
    informed pathway; pain-guided for everyone else."""
    return profile.duration_class == "chronic" or profile.pathway == "psychologically_informed"


# --- education (programme.md §2) -----------------------------------------------------------

# Which profile tag gives a module's reason, and which modules come first, when several
# match: programme.md §2 names fear (early), sick leave, stress and radicular [D].
TAG_ORDER = (
    "fear",
    "catastrophising",
    "anxiety",
    "radicular",
    "sick_leave",
    "work",
    "heavy_work",
    "stress",
    "low_mood",
    "sleep",
    "high_pain",
    "psychologically_informed",
    "chronic",
    "recurrent",
    "flare_up",
    "low_expectation",
    "subacute",
    "acute",
)


def education_tags(
    profile: Profile, history: Sequence[WeekRecord], settings: ProgrammeSettings
) -> frozenset[str]:
    """The profile's tags plus those that follow from it (education.profile_tags())."""
    tags = set(profile.tags)
    tags.add(profile.duration_class)
    if profile.pain_type == "radicular":
        tags.add("radicular")
    if profile.pathway == "psychologically_informed":
        tags.add("psychologically_informed")
    if profile.nprs >= settings.high_pain_nprs:
        tags.add("high_pain")
    if profile.fear_ratings:
        # Fear ratings are asked of patients with fear of movement (programme.md §6).
        tags.add("fear")
    if any(
        record.plan.decision == "step_back" or any(c.flare for c in record.checkins)
        for record in history
    ):
        tags.add("flare_up")
    return frozenset(tags)


# programme.md §2 order rules (revision 2): the modules that come in week 1, each for the
# patients with this tag (None: everyone), in this order. The module's reason for the tag
# (for None its core reason) tells the patient why.
WEEK_ONE_MODULES: tuple[tuple[str, str | None], ...] = (
    # "when to contact the GP" is in week 1 for everyone: the red flags in plain words
    # (clinical review 2026-12 finding 8: the safety net came in week 2).
    ("when_to_contact_gp", None),
    # For radicular pain, "leg pain and hernia" is in week 1.
    ("leg_pain_and_hernia", "radicular"),
    # With fear: pain education and fear of movement before the first exposure step.
    ("how_pain_works", "fear"),
    ("fear_of_movement", "fear"),
)
# programme.md §2 order rules (revision 2): with fear, these come before the first
# graded-exposure step.
BEFORE_EXPOSURE: tuple[str, ...] = ("how_pain_works", "fear_of_movement")
_WHO = {None: "everyone", "radicular": "radicular", "fear": "fear, before exposure"}


def _tag_rank(tag: str) -> int:
    return TAG_ORDER.index(tag) if tag in TAG_ORDER else len(TAG_ORDER)


def _first_week_modules(
    open_modules: Sequence[EducationModule], tags: frozenset[str]
) -> list[tuple[EducationModule, str | None]]:
    """The first-week modules this patient should have and has not had yet, in order."""
    by_id = {module.id: module for module in open_modules}
    return [
        (by_id[module_id], tag)
        for module_id, tag in WEEK_ONE_MODULES
        if module_id in by_id and (tag is None or tag in tags)
    ]


def _education_item(module: EducationModule, tag: str, rule: str, language: str) -> EducationItem:
    return EducationItem(id=module.id, reason=module.reason(tag).get(language), rule=rule)


def education_for_week(
    week: int,
    tags: frozenset[str],
    history: Sequence[WeekRecord],
    settings: ProgrammeSettings,
    language: str,
) -> tuple[EducationItem, ...]:
    """The week's modules: the first-week modules still open, then the core modules spread
    over the first ``core_education_weeks`` weeks in core order, then up to
    ``modules_per_week`` chosen by the profile tags. Never a module already given, never one
    outside ``only_for``.

    The week-1 load: first-week and core modules together are spread evenly over the core
    weeks, so week 1 gets ceil((first-week + core) / core weeks), never fewer than the
    first-week modules (see the module docstring for the numbers).

    Only modules with a reason for this patient are offered (core, a first-week tag, or a
    matching ``priority_for`` tag), so every item carries the module's own reason.
    """
    given = {item.id for record in history for item in record.plan.education}
    open_modules = [
        module
        for module in load_modules()
        if module.id not in given and module.is_available_for(tags)
    ]
    first = _first_week_modules(open_modules, tags)
    first_ids = {module.id for module, _tag in first}
    core = [m for m in open_modules if m.unlock.core and m.id not in first_ids]
    if week <= settings.core_education_weeks:
        weeks_left = settings.core_education_weeks - week + 1
        count = math.ceil((len(first) + len(core)) / weeks_left)
    else:
        count = settings.modules_per_week
    count = max(count, len(first))
    items = [
        _education_item(
            module,
            "core" if tag is None else tag,
            RULE_FIRST_WEEK_EDUCATION.format(module=module.id, who=_WHO[tag]),
            language,
        )
        for module, tag in first
    ]
    for module in core[: count - len(items)]:
        items.append(_education_item(module, "core", RULE_CORE_EDUCATION, language))
    if week > settings.core_education_weeks:
        chosen = {item.id for item in items}
        by_profile = sorted(
            (
                (min(module.priority_tags(tags), key=_tag_rank), index, module)
                for index, module in enumerate(open_modules)
                if not module.unlock.core and module.id not in chosen and module.priority_tags(tags)
            ),
            key=lambda item: (_tag_rank(item[0]), item[1]),
        )
        for tag, _, module in by_profile[: max(0, count - len(items))]:
            rule = RULE_PROFILE_EDUCATION.format(tag=tag)
            items.append(_education_item(module, tag, rule, language))
    return tuple(items)


# --- graded exposure (programme.md §6) -----------------------------------------------------

_EXPOSURE_NEW = Text(
    nl="Van de activiteiten die u nog eng vindt, gaf u '{name}' het laagste cijfer ({rating} "
    "van de 100). Doe dit deze week op minstens {days} dagen, rustig en in kleine stappen. "
    "Geef daarna opnieuw aan hoe eng u het vindt.",
    en="Of the activities you still find scary, you gave '{name}' the lowest score ({rating} "
    "out of 100). Do it on at least {days} days this week, calmly and in small steps. Then "
    "score again how scary it feels.",
)
_EXPOSURE_AGAIN = Text(
    nl="U gaat verder met '{name}'. U deed dit tot nu toe op {done} dagen, en u geeft het nu "
    "{rating} van de 100. Doe het deze week weer, rustig en in kleine stappen. Geef daarna "
    "opnieuw aan hoe eng u het vindt.",
    en="You carry on with '{name}'. So far you did it on {done} days, and you now score it "
    "{rating} out of 100. Do it again this week, calmly and in small steps. Then score again "
    "how scary it feels.",
)
_EXPOSURE_FLARE = Text(
    nl="U had vorige week een opstoot. Daarom blijft u deze week bij dezelfde stap: '{name}'. "
    "Doe het rustig.",
    en="You had a flare-up last week. So this week you stay at the same step: '{name}'. "
    "Take it calmly.",
)
_EXPOSURE_MASTERED = Text(
    nl="Goed gedaan: '{name}' is gelukt. Deze week komt de volgende stap.",
    en="Well done: you have mastered '{name}'. This week brings the next step.",
)
_EXPOSURE_AFTER_EDUCATION = Text(
    nl="Deze week leest u eerst hoe pijn werkt en hoe u angst voor bewegen aanpakt. Volgende "
    "week begint u met de eerste oefenstap: een activiteit die u nu nog spannend vindt.",
    en="This week you first read how pain works and how to tackle fear of moving. Next week "
    "you start with the first practice step: an activity that still feels scary to you now.",
)
_EXPOSURE_ALL_DONE = Text(
    nl="U hebt alle activiteiten van uw lijst geoefend en ze voelen minder eng. Bespreek met "
    "uw therapeut of u nieuwe activiteiten wilt oefenen.",
    en="You have practised all the activities on your list and they feel less scary. Talk "
    "with your therapist about practising new activities.",
)


@dataclass(frozen=True)
class ExposureProgress:
    """An activity's graded-exposure record: days done and its first rating."""

    done_days: int
    first_rating: int | None


def exposure_progress(history: Sequence[WeekRecord]) -> dict[str, ExposureProgress]:
    """Days with ``exposure_done: true`` in the weeks that proposed each activity, and the
    rating the activity had when it was first proposed (``exposure.first_rating``)."""
    done: dict[str, int] = {}
    first: dict[str, int | None] = {}
    for record in history:
        step = record.plan.exposure
        if step is None:
            continue
        done[step.activity] = done.get(step.activity, 0) + sum(
            1 for checkin in record.checkins if checkin.exposure_done is True
        )
        if first.get(step.activity) is None:
            first[step.activity] = step.first_rating
    return {
        activity: ExposureProgress(done_days=done[activity], first_rating=first[activity])
        for activity in done
    }


def is_mastered(
    rating: int, progress: ExposureProgress | None, settings: ProgrammeSettings
) -> bool:
    """programme.md §6 [D]: done on >= 3 days, and now rated <= 30 or >= 30 points lower than
    at first. The rule of ``exposure.is_mastered``, with the numbers from the settings."""
    if progress is None or progress.done_days < settings.mastery_min_days:
        return False
    first = rating if progress.first_rating is None else progress.first_rating
    return rating <= settings.mastery_max_rating or first - rating >= settings.mastery_min_drop


def _activity_names(language: str) -> dict[str, str]:
    return {activity.id: activity.name.get(language) for activity in load_exposure_activities()}


def exposure_step(
    profile: Profile,
    history: Sequence[WeekRecord],
    decision: Decision,
    settings: ProgrammeSettings,
    language: str,
) -> tuple[ExposureStep | None, list[Note]]:
    """The week's graded-exposure step (programme.md §6) and any note about it.

    Activities are ordered by the patient's latest rating, low to high (ties in library
    order); the step is the first one not yet mastered. After a flare-up the step of last
    week is kept rather than moving to a more feared one.
    """
    ratings = profile.fear_ratings
    if not ratings:
        return None, []
    if not any(record.plan.exposure is not None for record in history):
        # programme.md §2 order rules (revision 2): pain education and fear of movement
        # before the first exposure step; the step waits until they were in an earlier
        # week's plan [D] (see the module docstring).
        given = {item.id for record in history for item in record.plan.education}
        if any(module_id not in given for module_id in BEFORE_EXPOSURE):
            note = Note(_EXPOSURE_AFTER_EDUCATION.get(language), RULE_EXPOSURE_AFTER_EDUCATION)
            return None, [note]
    progress = exposure_progress(history)
    names = _activity_names(language)
    previous = history[-1].plan.exposure if history else None

    def step(activity: str, text: Text, rule: str) -> ExposureStep:
        record = progress.get(activity)
        first = (
            ratings[activity]
            if record is None or record.first_rating is None
            else (record.first_rating)
        )
        reason = text.get(language).format(
            name=names[activity],
            rating=ratings[activity],
            days=settings.mastery_min_days,
            done=record.done_days if record else 0,
        )
        return ExposureStep(activity=activity, first_rating=first, reason=reason, rule=rule)

    if decision == "step_back" and previous is not None and previous.activity in ratings:
        return step(previous.activity, _EXPOSURE_FLARE, RULE_EXPOSURE_HOLD), []
    open_steps = [
        a for a in hierarchy(ratings) if not is_mastered(ratings[a], progress.get(a), settings)
    ]
    notes: list[Note] = []
    if (
        previous is not None
        and previous.activity in ratings
        and previous.activity not in open_steps
    ):
        text = _EXPOSURE_MASTERED.get(language).format(name=names[previous.activity])
        notes.append(Note(text, RULE_EXPOSURE_MASTERED))
    if not open_steps:
        notes.append(Note(_EXPOSURE_ALL_DONE.get(language), RULE_EXPOSURE_MASTERED))
        return None, notes
    activity = open_steps[0]
    again = activity in progress and progress[activity].done_days > 0
    return step(activity, _EXPOSURE_AGAIN if again else _EXPOSURE_NEW, RULE_EXPOSURE), notes


# --- the plan -------------------------------------------------------------------------------


def _check_history(history: Sequence[WeekRecord]) -> None:
    for index, record in enumerate(history):
        if record.plan.week != index + 1:
            raise PlanInputError(
                f"history[{index}].plan.week",
                f"must be {index + 1} (weeks oldest first), got {record.plan.week}",
            )


def propose_week(
    profile: Profile,
    history: Sequence[WeekRecord],
    settings: ProgrammeSettings = DEFAULTS,
    language: Language = "nl",
) -> WeeklyPlan:
    """The plan for week ``len(history) + 1`` (programme.md §4-§6), with reasons and rules."""
    if language not in ("nl", "en"):
        raise PlanInputError("language", f"must be nl or en, got {language!r}")
    _check_history(history)
    week = len(history) + 1
    facts = week_facts(profile, history, settings) if history else None
    decision: Decision = "start" if facts is None else decide(facts, settings)
    time_contingent = is_time_contingent(profile)
    notes = _decision_notes(decision, facts, settings, language)
    walking = walking_goal(decision, history, settings, language)
    context = Context(
        profile=profile,
        week=week,
        decision=decision,
        settings=settings,
        time_contingent=time_contingent,
        language=language,
        strength_ever_planned=any(
            exercise.category == "strength"
            for record in history
            for exercise in record.plan.exercises
        ),
    )
    previous = history[-1].plan if history else None
    exercises, exercise_notes = select_exercises(previous, context)
    mode = (
        Note(_TIME_CONTINGENT.get(language), RULE_TIME_CONTINGENT)
        if time_contingent
        else Note(_PAIN_GUIDED.get(language), RULE_PAIN_GUIDED)
    )
    exposure, exposure_notes = exposure_step(profile, history, decision, settings, language)
    education = education_for_week(
        week, education_tags(profile, history, settings), history, settings, language
    )
    return WeeklyPlan(
        week=week,
        decision=decision,
        walking=walking,
        exercises=exercises,
        education=education,
        exposure=exposure,
        time_contingent=time_contingent,
        notes=(*notes, mode, *exercise_notes, *exposure_notes),
        flare_up_plan=decision == "step_back",
        notify_therapist=decision == "hold_low_adherence",
        language=language,
        # The patient's own goals (PSK activities the therapist adopted) carry unchanged
        # into every next week until the therapist removes one.
        goals=previous.goals if previous is not None else (),
    )
