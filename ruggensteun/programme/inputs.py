"""The plan engine's input, built from the database: the Profile, the history of weeks, and
the practice's settings. Deterministic: the same rows always give the same input.

- Profile: the classification in force (``intake.status.current_classification``), the
  intake NPRS, the patient's exercise preferences, the newest fear rating of each activity,
  the exercises marked "too painful, not better the next day", and profile tags for the
  education modules: the yellow flags, ``sick_leave`` (intake ``work_status``) and
  ``recurrent`` (intake ``recurrent``), kept to the tags the content knows; and for the
  exercise choice (programme.md §2 revision 2) ``pregnant`` when the intake answer
  ``pregnant`` is yes and ``stenosis`` when the triage rule STENOSIS fired in any triage of
  the patient (a later check-in triage does not ask its questions again, so it cannot clear
  it). The week of pregnancy is not asked, so it stays unknown: the engine then leaves out
  lying on the back too (conservative). ``extension_eases_pain`` is the patient's own answer
  (``DirectionalPreference``); not answered stays None.
- History: every week the patient followed, oldest first, each with its 7 days of day
  logs as check-ins numbered 1-7 from the week's start date.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.programme import plan_io
from ruggensteun.clinical.programme.education import profile_tags
from ruggensteun.clinical.programme.settings import ProgrammeSettings, settings_from_dict
from ruggensteun.intake.models import Intake, TriageAssessment
from ruggensteun.intake.status import Classification, current_classification
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import (
    DayLog,
    DirectionalPreference,
    ExerciseFeedback,
    ExercisePreference,
    FearRating,
    PracticeProgrammeSettings,
    WeeklyPlan,
)

# What the therapist reads when a value the engine needs is missing.
MISSING_NAMES = {
    "classification": _("de triage (de intake is nog niet beoordeeld)"),
    "duration_class": _("de duur van de klachten"),
    "pain_type": _("de soort pijn (aspecifiek of radiculair)"),
    "pathway": _("het zorgpad"),
    "nprs": _("de pijnscore (NPRS) van de intake"),
}


class ProfileIncomplete(Exception):
    """The engine cannot plan yet: ``missing`` names what is not known."""

    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = tuple(missing)

    @property
    def descriptions(self) -> list[str]:
        return [str(MISSING_NAMES[name]) for name in self.missing]


def language_of(patient: Patient) -> plan_io.Language:
    return "en" if patient.user.language == "en" else "nl"


def practice_settings(practice: Any) -> tuple[ProgrammeSettings, dict[str, Any]]:
    """The engine settings of a practice, and the overrides they were made from."""
    values = PracticeProgrammeSettings.values_for(practice)
    return settings_from_dict(values), values


# triage.md §2: the rule whose firing makes the profile tag ``stenosis``.
STENOSIS_RULE = "STENOSIS"


def stenosis_flagged(patient: Patient) -> bool:
    """Whether the triage rule STENOSIS fired in any triage of this patient (one query)."""
    return patient.pk in stenosis_flagged_of([patient.pk])


def stenosis_flagged_of(patient_ids: Iterable[int]) -> set[int]:
    """Those of ``patient_ids`` in any of whose triages the rule STENOSIS fired."""
    return {
        patient_id
        for patient_id, summary in TriageAssessment.objects.filter(
            patient_id__in=patient_ids
        ).values_list("patient_id", "summary")
        if STENOSIS_RULE in (summary or {}).get("rules", [])
    }


def profile_tags_for(
    classification: Classification, answers: dict[str, Any], *, stenosis: bool = False
) -> frozenset[str]:
    tags = {flag["id"] for flag in classification.yellow_flags}
    if answers.get("work_status") == "sick_leave":
        tags.add("sick_leave")
    if answers.get("recurrent") is True:
        tags.add("recurrent")
    # triage.md `pregnant` (PREGNANCY): only a known yes; unknown is not "not pregnant",
    # but the engine needs a yes to adapt, and the intake asks it of women 16-50.
    if answers.get("pregnant") is True:
        tags.add("pregnant")
    if stenosis:
        tags.add("stenosis")
    return frozenset(tags) & profile_tags()


def extension_question_applies(patient: Patient) -> bool:
    """Whether to ask the patient if bending backwards eases the pain: not when pregnant or
    with the STENOSIS flag, since extension exercises are then never offered (programme.md
    §2 revision 2), so the patient need not try it."""
    intake = Intake.objects.filter(patient=patient).only("answers").first()
    pregnant = intake is not None and dict(intake.answers).get("pregnant") is True
    return not pregnant and not stenosis_flagged(patient)


@dataclass(frozen=True)
class ProfileReads:
    """What ``build_profile`` reads of a patient besides the classification (module
    docstring), as ``profile_reads`` reads it for many patients at once."""

    answers: dict[str, Any]  # the intake's
    preferences: tuple[str, ...]  # liked categories, most liked first
    fear_ratings: dict[str, int]  # each activity's newest rating
    disliked_exercises: frozenset[str]
    stenosis: bool
    extension_eases_pain: bool | None


def profile_reads(patient_ids: Sequence[int]) -> dict[int, ProfileReads]:
    """``ProfileReads`` for each of ``patient_ids`` in six queries, whatever their number
    (the nightly rollover reads a task's programmes together, issue #15)."""
    answers = dict(
        Intake.objects.filter(patient_id__in=patient_ids).values_list("patient", "answers")
    )
    preferences = ExercisePreference.objects.categories_of(patient_ids)
    ratings = FearRating.objects.latest_of(patient_ids)
    disliked = ExerciseFeedback.objects.disliked_exercise_ids_of(patient_ids)
    stenosis = stenosis_flagged_of(patient_ids)
    eases = DirectionalPreference.extension_eases_pain_of(patient_ids)
    return {
        patient_id: ProfileReads(
            answers=dict(answers.get(patient_id) or {}),
            preferences=preferences.get(patient_id, ()),
            fear_ratings=ratings.get(patient_id, {}),
            disliked_exercises=disliked.get(patient_id, frozenset()),
            stenosis=patient_id in stenosis,
            extension_eases_pain=eases.get(patient_id),
        )
        for patient_id in patient_ids
    }


def build_profile(
    patient: Patient,
    classification: Classification | None = None,
    reads: ProfileReads | None = None,
) -> plan_io.Profile:
    """The engine's Profile; ProfileIncomplete when triage or intake lack a value.
    ``classification`` and ``reads``: when the caller has them."""
    if classification is None:
        classification = current_classification(patient)
    if classification is None:
        raise ProfileIncomplete(["classification"])
    if reads is None:
        reads = profile_reads([patient.pk])[patient.pk]
    answers = reads.answers
    values = {
        "duration_class": classification.duration_class,
        "pain_type": classification.pain_type,
        "pathway": classification.pathway,
        "nprs": answers.get("nprs"),
    }
    missing = [name for name, value in values.items() if value is None]
    if missing:
        raise ProfileIncomplete(missing)
    return plan_io.Profile(
        duration_class=values["duration_class"],
        pain_type=values["pain_type"],
        pathway=values["pathway"],
        nprs=values["nprs"],
        preferences=reads.preferences,
        fear_ratings=reads.fear_ratings,
        disliked_exercises=reads.disliked_exercises,
        tags=profile_tags_for(classification, answers, stenosis=reads.stenosis),
        extension_eases_pain=reads.extension_eases_pain,
    )


def checkins_for(plan: WeeklyPlan, logs: Sequence[DayLog]) -> tuple[plan_io.CheckIn, ...]:
    """The week's day logs as check-ins, day 1-7 from the plan's start date."""
    checkins = []
    for log in sorted(logs, key=lambda item: item.date):
        day = plan.day_number(log.date)
        if day is not None:
            checkins.append(log.checkin(day))
    return tuple(checkins)


def build_history(plans: Sequence[WeeklyPlan]) -> tuple[plan_io.WeekRecord, ...]:
    """The weeks in ``plans`` (oldest first, weeks 1..n) with their day logs: one query."""
    if not plans:
        return ()
    patient_id = plans[0].programme.patient_id
    first = min(plan.starts_on for plan in plans)
    last = max(plan.ends_on for plan in plans)
    logs = list(DayLog.objects.filter(patient_id=patient_id, date__range=(first, last)))
    records = []
    for plan in plans:
        week_logs = [log for log in logs if plan.starts_on <= log.date <= plan.ends_on]
        records.append(
            plan_io.WeekRecord(plan=plan.engine_plan, checkins=checkins_for(plan, week_logs))
        )
    return tuple(records)


def week_logs(plan: WeeklyPlan) -> list[DayLog]:
    """The day logs of one week, by date."""
    return list(
        DayLog.objects.filter(
            patient_id=plan.programme.patient_id,
            date__range=(plan.starts_on, plan.starts_on + timedelta(days=6)),
        ).order_by("date")
    )


def asks_fear_ratings(classification: Classification | None) -> bool:
    """Whether the patient rates the graded-exposure activities: programme.md §6 asks it of
    patients with fear of movement, i.e. the yellow flag ``fear`` or the psychologically
    informed pathway."""
    if classification is None:
        return False
    flags = {flag["id"] for flag in classification.yellow_flags}
    return "fear" in flags or classification.pathway == "psychologically_informed"
