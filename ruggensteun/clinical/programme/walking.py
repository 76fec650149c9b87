"""The walking goal of programme.md §5: first week, baseline, progress, hold, step back, limits.

How the check-ins count (where the programme is silent):

- A day counts as "goal met" only when its check-in has ``walking_minutes`` at least the
  week's goal. A missing day, or a day without ``walking_minutes``, is not met
  (``adherence.py``).
- The baseline is the mean of the first 3 check-ins that have ``walking_minutes``, oldest
  week first, by day within a week. A recorded 0 counts. Until 3 such days exist the goal
  stays the first-week goal (the practice default, or what the therapist set).
- The week after the baseline is complete (normally week 2) the goal becomes 80% of it,
  whatever the decision, except that after a flare-up it never rises.
- After that each decision changes the previous plan's goal (a therapist's change carries).
- Percentages round half up to whole minutes. "Never below 50% of baseline" rounds up, so the
  floor really is at least half the baseline; the 60-minute limit wins over that floor.
- A step back never raises the goal, and never takes it below the floor or below
  ``min_minutes_per_day`` [D] (never bed rest), unless it was already lower.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from ruggensteun.clinical.programme.adherence import record_adherence
from ruggensteun.clinical.programme.exercises import Text
from ruggensteun.clinical.programme.plan_io import Decision, WalkingGoal, WeekRecord
from ruggensteun.clinical.programme.settings import ProgrammeSettings

RULE_FIRST_WEEK = "programme.md §5 first week [D]"
RULE_NO_BASELINE = "programme.md §5 first week [D]: no baseline yet"
RULE_BASELINE = "programme.md §5 baseline: first goal 80% [D]"
RULE_PROGRESS = "programme.md §5 progress: +10%, at least +2 min [D]"
RULE_HOLD = "programme.md §5 hold [D]"
RULE_LOW_ADHERENCE = "programme.md §5 hold, tell the therapist [D]"
RULE_STEP_BACK = "programme.md §5 step back: -20%, floor 50% of baseline [D]"
RULE_LIMIT = "programme.md §5 limits: 60 min a day, walks of 30 min [D]"

_FIRST_WEEK = Text(
    nl="In de eerste week wandelt u elke dag {minutes} minuten. Zo leren we wat u nu kunt.",
    en="In the first week you walk {minutes} minutes every day. This shows what you can do now.",
)
_NO_BASELINE = Text(
    nl="We weten nog niet hoeveel u per dag wandelt. Vul elke dag uw wandelminuten in. "
    "Tot dan blijft uw doel {minutes} minuten per dag.",
    en="We do not know yet how much you walk each day. Please fill in your walking minutes "
    "every day. Until then your goal stays {minutes} minutes a day.",
)
_BASELINE = Text(
    nl="In uw eerste dagen wandelde u gemiddeld {baseline} minuten per dag. We beginnen net "
    "daaronder, met {minutes} minuten per dag. Zo bouwt u rustig op.",
    en="In your first days you walked {baseline} minutes a day on average. We start just "
    "below that, at {minutes} minutes a day, so you can build up calmly.",
)
_BASELINE_AFTER_FLARE = Text(
    nl="Vorige week had u een opstoot. Daarom verhogen we uw doel nog niet. "
    "Het blijft {minutes} minuten per dag.",
    en="Last week you had a flare-up. So we do not raise your goal yet. "
    "It stays {minutes} minutes a day.",
)
_PROGRESS = Text(
    nl="Vorige week haalde u uw wandeldoel op {met} van de 7 dagen, dus we verhogen het van "
    "{previous} naar {minutes} minuten per dag.",
    en="Last week you reached your walking goal on {met} of the 7 days, so we raise it from "
    "{previous} to {minutes} minutes a day.",
)
_AT_LIMIT = Text(
    nl="Vorige week haalde u uw wandeldoel op {met} van de 7 dagen. U wandelt nu {minutes} "
    "minuten per dag. Dat is het hoogste doel van dit programma. Houd dat vol.",
    en="Last week you reached your walking goal on {met} of the 7 days. You now walk "
    "{minutes} minutes a day. That is the highest goal in this programme. Keep it up.",
)
_HOLD = Text(
    nl="Vorige week haalde u uw wandeldoel op {met} van de 7 dagen. "
    "Uw doel blijft {minutes} minuten per dag.",
    en="Last week you reached your walking goal on {met} of the 7 days. "
    "Your goal stays {minutes} minutes a day.",
)
_LOW_ADHERENCE = Text(
    nl="Vorige week haalde u uw wandeldoel op {met} van de 7 dagen. Uw doel blijft {minutes} "
    "minuten per dag. Bespreek met uw therapeut wat het wandelen lastig maakt.",
    en="Last week you reached your walking goal on {met} of the 7 days. Your goal stays "
    "{minutes} minutes a day. Talk with your therapist about what makes walking hard.",
)
_STEP_BACK = Text(
    nl="Vorige week had u een opstoot. Daarom wandelt u deze week wat minder: {minutes} "
    "minuten per dag. Blijf wel elke dag kort wandelen. In bed blijven helpt niet.",
    en="Last week you had a flare-up. So this week you walk a little less: {minutes} minutes "
    "a day. Do keep taking short walks every day. Staying in bed does not help.",
)
_STEP_BACK_FLOOR = Text(
    nl="Vorige week had u een opstoot. Uw doel blijft {minutes} minuten per dag. Lager maken "
    "we het niet, want blijven bewegen helpt bij herstel. In bed blijven helpt niet.",
    en="Last week you had a flare-up. Your goal stays {minutes} minutes a day. We do not make "
    "it lower, because moving helps you recover. Staying in bed does not help.",
)
_ONE_WALK = Text(nl="Doe dit in één wandeling.", en="Do this in one walk.")
_WALKS = Text(
    nl="Verdeel dit over {walks} korte wandelingen van {about}{each} minuten.",
    en="Spread this over {walks} short walks of {about}{each} minutes.",
)
_ABOUT = Text(nl="ongeveer ", en="about ")


def round_half_up(value: Fraction) -> int:
    """Whole minutes, halves rounded up (Python's round() would round 2.5 to 2)."""
    return math.floor(value + Fraction(1, 2))


def percent(value: int | Fraction, percentage: int) -> Fraction:
    return Fraction(value) * percentage / 100


def baseline(history: Sequence[WeekRecord], settings: ProgrammeSettings) -> Fraction | None:
    """Mean walking minutes of the first recorded days (programme.md §5); None until enough."""
    recorded = [
        checkin.walking_minutes
        for record in history
        for checkin in record.ordered_checkins()
        if checkin.walking_minutes is not None
    ]
    if len(recorded) < settings.baseline_days:
        return None
    first = recorded[: settings.baseline_days]
    return Fraction(sum(first), len(first))


def walks_per_day(minutes: int, settings: ProgrammeSettings) -> int:
    """Often and short: ``walks_per_day`` walks [D], fewer when a walk would be very short,
    more when a walk would pass ``max_walk_minutes`` [D]."""
    needed = math.ceil(minutes / settings.max_walk_minutes)
    comfortable = min(settings.walks_per_day, max(1, minutes // settings.min_walk_minutes))
    return max(needed, comfortable)


def step_back_floor(base: Fraction, settings: ProgrammeSettings) -> int:
    """The lowest goal a step back may reach: 50% of baseline rounded up [D], within limits."""
    floor = math.ceil(percent(base, settings.floor_percent_of_baseline))
    return min(max(floor, settings.min_minutes_per_day), settings.max_minutes_per_day)


def _within_limits(minutes: int, settings: ProgrammeSettings) -> int:
    return max(settings.min_minutes_per_day, min(minutes, settings.max_minutes_per_day))


def walking_goal(
    decision: Decision,
    history: Sequence[WeekRecord],
    settings: ProgrammeSettings,
    language: str,
) -> WalkingGoal:
    """The week's walking goal with its reason and rule."""
    values: dict[str, object] = {}
    if not history:
        minutes = _within_limits(settings.first_week_minutes, settings)
        text, rules = _FIRST_WEEK, [RULE_FIRST_WEEK]
    else:
        last = history[-1]
        previous = last.plan.walking.minutes_per_day
        values.update(previous=previous, met=record_adherence(last).goal_met)
        base = baseline(history, settings)
        if base is None:
            minutes = min(previous, settings.max_minutes_per_day)
            text, rules = _NO_BASELINE, [RULE_NO_BASELINE]
        elif baseline(history[:-1], settings) is None:
            minutes = _within_limits(
                round_half_up(percent(base, settings.first_goal_percent)), settings
            )
            values["baseline"] = round_half_up(base)
            text, rules = _BASELINE, [RULE_BASELINE]
            if decision == "step_back" and minutes > previous:
                minutes = previous
                text, rules = _BASELINE_AFTER_FLARE, [RULE_BASELINE, RULE_STEP_BACK]
        elif decision == "step_back":
            lowered = round_half_up(percent(previous, 100 - settings.step_back_percent))
            minutes = min(previous, max(lowered, step_back_floor(base, settings)))
            # A therapist's goal above the limit comes back within it here too.
            minutes = min(minutes, settings.max_minutes_per_day)
            text = _STEP_BACK if minutes < previous else _STEP_BACK_FLOOR
            rules = [RULE_STEP_BACK]
        elif decision == "progress":
            rise = max(
                settings.progress_min_minutes,
                round_half_up(percent(previous, settings.progress_percent)),
            )
            minutes = _within_limits(previous + rise, settings)
            text = _PROGRESS if minutes > previous else _AT_LIMIT
            rules = [RULE_PROGRESS]
        else:
            minutes = min(previous, settings.max_minutes_per_day)
            text = _LOW_ADHERENCE if decision == "hold_low_adherence" else _HOLD
            rules = [RULE_LOW_ADHERENCE if decision == "hold_low_adherence" else RULE_HOLD]
        if minutes == settings.max_minutes_per_day:
            rules.append(RULE_LIMIT)
    walks = walks_per_day(minutes, settings)
    reason = text.get(language).format(minutes=minutes, **values)
    return WalkingGoal(
        minutes_per_day=minutes,
        walks_per_day=walks,
        reason=f"{reason} {_walks_sentence(minutes, walks, language)}",
        rule="; ".join(rules),
    )


def _walks_sentence(minutes: int, walks: int, language: str) -> str:
    if walks == 1:
        return _ONE_WALK.get(language)
    exact = minutes % walks == 0
    return _WALKS.get(language).format(
        walks=walks,
        each=round_half_up(Fraction(minutes, walks)),
        about="" if exact else _ABOUT.get(language),
    )
