"""The patient's way through the intake: which screen comes next, and when to stop.

The red-flag screens come first (the order of the intake questions data). After every
screen the answers so far are triaged: an emergency stops the intake at once and shows
what to do now; a new urgent or soon result shows its advice before the next screen.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ruggensteun.audit.log import Action, record
from ruggensteun.clinical.instruments.registry import get_instrument
from ruggensteun.clinical.triage.questions import Screen, load_intake_questions
from ruggensteun.clinical.triage.urgency import SAFETY_URGENCIES
from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake, RedFlagAlert, TriageAssessment
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires import catalog, chain
from ruggensteun.questionnaires import flow as questionnaire_flow
from ruggensteun.questionnaires.models import Assignment, InstrumentLicence, PracticeSchedule
from ruggensteun.questionnaires.schedule import schedule_questionnaires

# Intake answers that ARE a questionnaire's item, asked once: intake field -> (instrument,
# linkId). The intake's "nprs" asks exactly the NPRS item: average pain over the last 24
# hours, 0-10 (KNGF 2021 B.3; instruments.md §2.2; intake_questions.json and nprs.json word
# it the same), so the NPRS of the intake set is filled from it instead of asked again.
REUSED_IN_QUESTIONNAIRES: dict[str, tuple[str, str]] = {"nprs": ("nprs", "1")}
# ... but only while the answer still covers the NPRS's recall period (the last 24 hours,
# instruments.md §2.2): an intake begun longer ago may hold a pain score from days before.
REUSE_WITHIN = timedelta(hours=24)
# Record fields the intake does not ask again when the Patient record has them (the
# therapist filled them in at the invitation): asked once.
ASKED_ONLY_WHEN_UNKNOWN = ("sex",)


def screens() -> tuple[Screen, ...]:
    return load_intake_questions().screens


def screen_by_id(screen_id: str) -> Screen | None:
    return next((screen for screen in screens() if screen.id == screen_id), None)


def intake_for(patient: Patient) -> Intake:
    intake, _created = Intake.objects.get_or_create(patient=patient)
    return intake


def known_answers(intake: Intake) -> dict[str, Any]:
    """What decides which questions the patient sees: the intake answers so far, the age
    from the date of birth and, until the patient answers it, the sex from the Patient
    record. ``pregnant`` is asked of women aged 16-50 and of anyone whose sex or age is
    not known (triage.md §1); a field not known hides nothing."""
    answers = assessment.triage_answers(intake.patient, intake)
    if "sex" not in answers and intake.patient.sex:
        answers["sex"] = intake.patient.sex
    return answers


def from_record(intake: Intake) -> frozenset[str]:
    """The questions the Patient record already answers, so the intake leaves them out. A
    patient who answered one in the intake (before the record had it) still sees it."""
    patient = intake.patient
    return frozenset(
        field
        for field in ASKED_ONLY_WHEN_UNKNOWN
        if getattr(patient, field) and field not in intake.answers
    )


def next_screen(intake: Intake) -> Screen | None:
    return next((s for s in screens() if s.id not in intake.screens_done), None)


def previous_screen(screen: Screen) -> Screen | None:
    ordered = screens()
    position = ordered.index(screen)
    return ordered[position - 1] if position > 0 else None


def position(screen: Screen) -> int:
    return screens().index(screen) + 1


def has_open_emergency(patient: Patient) -> bool:
    return RedFlagAlert.objects.open().filter(patient=patient, urgency="emergency").exists()


@transaction.atomic
def after_screen(intake: Intake) -> tuple[TriageAssessment | None, list[str]]:
    """Triage the answers so far; store the outcome when it changed (raising alerts).

    Returns the stored assessment (None when nothing fired yet) and the ids of fired
    rules whose advice the patient has not seen yet.
    """
    result, inputs = assessment.run(intake.patient, intake)
    latest = TriageAssessment.objects.latest_for(intake.patient)
    changed = latest is None or latest.summary != result.to_dict()
    # Nothing is stored while nothing fired and nothing was stored before.
    if changed and (result.rules or latest is not None):
        latest = assessment.record(intake.patient, "intake", result, inputs)
    if any(rule.urgency == "emergency" for rule in result.rules):
        intake.stopped_for_emergency_at = timezone.now()
        intake.save(update_fields=["stopped_for_emergency_at"])
    unseen = [
        rule.id
        for rule in result.rules
        if rule.urgency in SAFETY_URGENCIES and rule.id not in intake.advice_shown
    ]
    return latest, unseen


def mark_advice_shown(intake: Intake, rule_ids: list[str]) -> None:
    intake.advice_shown = sorted({*intake.advice_shown, *rule_ids})
    intake.save(update_fields=["advice_shown"])


@transaction.atomic
def complete(intake: Intake) -> TriageAssessment:
    """Close the intake: the final triage, then the questionnaires of the intake set."""
    intake.completed_at = timezone.now()
    intake.save(update_fields=["completed_at"])
    final = assessment.assess(intake.patient, "intake")
    # The questionnaire schedule counts from the intake: move it to today's start.
    schedule_questionnaires(intake.patient)
    fill_questionnaires_from_answers(intake)
    return final


def fill_questionnaires_from_answers(intake: Intake) -> list[int]:
    """The intake set's questionnaires the intake already answered (REUSED_IN_QUESTIONNAIRES)
    are filled from it and submitted, marked as answered in the intake, and logged.
    Returns the ids of the responses made."""
    patient = intake.patient
    if timezone.now() - intake.started_at > REUSE_WITHIN:
        return []
    wanted = {
        instrument: (field, link_id)
        for field, (instrument, link_id) in REUSED_IN_QUESTIONNAIRES.items()
        if isinstance(intake.answers.get(field), int)
    }
    if not wanted:
        return []
    assignments = (
        Assignment.objects.for_patient(patient)
        .due()
        .visible_to_patient()
        .with_response()
        .filter(schedule_week=0, instrument__in=wanted)
    )
    made = []
    for assignment in assignments:
        field, link_id = wanted[assignment.instrument]
        response = questionnaire_flow.answer_from_intake(
            assignment, {link_id: intake.answers[field]}, patient.user.language
        )
        if response is None:
            continue
        made.append(response.pk)
        record(
            patient.user,
            Action.CREATE,
            "intake:questionnaire_from_intake",
            patient=patient,
            detail={"instrument": assignment.instrument, "response": response.pk, "from": field},
        )
    return made


@dataclass(frozen=True)
class TimeEstimate:
    """What the intake and the questionnaires after it take, for the intake's first page."""

    intake_minutes: int
    questionnaires: int
    questionnaire_minutes: int
    maybe_one_more: bool

    @property
    def total(self) -> int:
        return catalog.about_minutes(self.intake_minutes + self.questionnaire_minutes)


def time_estimate(patient: Patient) -> TimeEstimate:
    """The honest whole: the intake, then the intake set's questionnaires still to fill
    (leaving out those the intake answers), and whether a fear questionnaire may follow a
    medium or high STarT Back (questionnaires.schedule.plan)."""
    reused = {instrument for instrument, _link_id in REUSED_IN_QUESTIONNAIRES.values()}
    still = [
        assignment
        for assignment in chain.members(patient, 0)
        if assignment.is_open and assignment.instrument not in reused
    ]
    fear = PracticeSchedule.for_practice(patient.practice).fear_instrument
    maybe_one_more = bool(fear) and get_instrument(fear).available_to_patients(
        fear in InstrumentLicence.codes_for(patient.practice)
    )
    if any(assignment.instrument == fear for assignment in still):
        maybe_one_more = False
    return TimeEstimate(
        intake_minutes=catalog.INTAKE_MINUTES,
        questionnaires=len(still),
        questionnaire_minutes=sum(catalog.minutes(a.instrument) for a in still),
        maybe_one_more=maybe_one_more and any(a.instrument == "startback" for a in still),
    )
