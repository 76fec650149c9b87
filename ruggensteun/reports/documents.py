"""What each document says, gathered from the same places as the pages: the plan from the
programme, the flare-up plan from the clinical core's content, the story (triage, scores,
charts, adherence) from ``workspace.story``.

- Home-exercise handout (for the patient, in the patient's language): the current week's
  exercises with pictures, steps and dosage, the walking goal and the flare-up plan.
- Progress report (for the patient or the GP): triage summary, scores and their change
  against the MIC, the charts, the plan, adherence.
- Discharge summary (end of the episode): episode dates, outcomes, the final plan and the
  advice to go on with. The episode ends at the workspace's discharge in force when there
  is one (``workspace.Discharge``), else it is written "as of today".
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.instruments.change import MIC_RULES
from ruggensteun.clinical.programme.education import FlareUpPlan, load_flareup_plan
from ruggensteun.clinical.programme.exercises import Exercise, get_exercise
from ruggensteun.patients.models import Patient
from ruggensteun.programme.display import ExerciseLine, plan_view
from ruggensteun.programme.inputs import language_of
from ruggensteun.programme.models import WeeklyPlan
from ruggensteun.programme.pictures import exercise_strip
from ruggensteun.questionnaires.results import InstrumentResults
from ruggensteun.workspace.episodes import FINAL_GRACE_DAYS
from ruggensteun.workspace.models import Discharge
from ruggensteun.workspace.story import Story, patient_story


@dataclass(frozen=True)
class HandoutExercise:
    line: ExerciseLine
    exercise: Exercise
    language: str

    @property
    def picture(self) -> Any:
        return exercise_strip(self.exercise.id, self.language)

    @property
    def starting_position(self) -> str:
        return self.exercise.starting_position.get(self.language)

    @property
    def steps(self) -> list[str]:
        return [step.get(self.language) for step in self.exercise.steps]

    @property
    def feel(self) -> str:
        return self.exercise.feel.get(self.language)

    @property
    def cautions(self) -> list[str]:
        return [caution.get(self.language) for caution in self.exercise.cautions]


@dataclass(frozen=True)
class FlareUpView:
    """The flare-up plan's texts in one language."""

    plan: FlareUpPlan
    language: str

    @property
    def title(self) -> str:
        return self.plan.title.get(self.language)

    @property
    def intro(self) -> str:
        return self.plan.intro.get(self.language)

    @property
    def steps(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": step.kind,
                "heading": step.heading.get(self.language),
                "paragraphs": [text.get(self.language) for text in step.paragraphs],
                "bullets": [text.get(self.language) for text in step.bullets],
            }
            for step in self.plan.steps
        ]


def handout_context(patient: Patient, today: date, *, for_gp: bool = False) -> dict[str, Any]:
    """In the patient's language, whoever prints it."""
    language = language_of(patient)
    plan = WeeklyPlan.objects.current_for(patient)
    view = plan_view(plan.engine_plan, language) if plan else None
    exercises = (
        [HandoutExercise(line, get_exercise(line.id), language) for line in view.exercises]
        if view
        else []
    )
    return {
        "patient": patient,
        "today": today,
        "language": language,
        "plan": plan,
        "view": view,
        "exercises": exercises,
        "flare_up": FlareUpView(load_flareup_plan(), language),
    }


@dataclass(frozen=True)
class Outcome:
    """An instrument's first and latest score, and the change between them."""

    result: InstrumentResults

    @property
    def first(self) -> Any:
        return self.result.rows[0]

    @property
    def latest(self) -> Any:
        return self.result.latest

    @property
    def mic(self) -> str:
        rule = MIC_RULES.get(self.result.code)
        return "" if rule is None else f"{float(rule.absolute):g}"


def _outcomes(story: Story) -> list[Outcome]:
    return [Outcome(result) for result in story.results]


def progress_context(patient: Patient, today: date, *, for_gp: bool) -> dict[str, Any]:
    """In the reader's language: the patient's for the patient, the active one for the GP."""
    language = translation.get_language() or "nl"
    story = patient_story(
        patient, language, today=today, chart_prefix="pdf-", every_score_chart=False
    )
    return {
        "patient": patient,
        "today": today,
        "for_gp": for_gp,
        "story": story,
        "outcomes": _outcomes(story),
        "adherence": story.row.adherence,
        "weeks": story.weeks,
    }


def discharge_context(patient: Patient, today: date, *, for_gp: bool = True) -> dict[str, Any]:
    """As of the discharge in force (and the questionnaires filled in the days after it,
    as the outcome exports count them); as of today while the episode runs."""
    language = translation.get_language() or "nl"
    discharge = Discharge.objects.current_for(patient)
    end = discharge.discharged_on if discharge else today
    as_of = min(today, end + timedelta(days=FINAL_GRACE_DAYS)) if discharge else today
    story = patient_story(
        patient, language, today=as_of, chart_prefix="pdf-", every_score_chart=False
    )
    last_plan = next((week.plan for week in reversed(story.weeks) if week.starts_on <= end), None)
    return {
        "patient": patient,
        "today": today,
        "story": story,
        "discharge": discharge,
        "start": story.row.facts.episode_start,
        "end": end,
        "outcomes": _outcomes(story),
        "final_plan": last_plan,
        "final_view": plan_view(last_plan.engine_plan, language) if last_plan else None,
        "flare_up": FlareUpView(load_flareup_plan(), language),
        "sessions": sum(1 for event in story.events if event.kind == "session"),
    }


@dataclass(frozen=True)
class Document:
    slug: str
    title: Promise
    description: Promise
    template: str
    context: Callable[..., dict[str, Any]]
    is_export: bool
    """Clinical data meant to leave the practice (to the GP, or as a record): asked only
    after a recent authentication. Every document is logged as an export."""
    for_patient: bool = False
    """Read by the patient, so in the patient's language (a progress report is when it is
    not for the GP)."""

    def language(self, patient: Patient, *, for_gp: bool) -> str:
        if self.for_patient or (self.slug == "voortgangsverslag" and not for_gp):
            return language_of(patient)
        return translation.get_language() or "nl"


DOCUMENTS = {
    document.slug: document
    for document in (
        Document(
            "oefenfolder",
            _("Oefenfolder"),
            _(
                "De oefeningen van deze week met plaatjes, stappen en dosering, het wandeldoel "
                "en het opstootplan, in de taal van de patiënt."
            ),
            "reports/pdf/handout.html",
            handout_context,
            is_export=False,
            for_patient=True,
        ),
        Document(
            "voortgangsverslag",
            _("Voortgangsverslag"),
            _(
                "Triage, scores en hun verandering tegen de MIC, grafieken, het plan en de "
                "therapietrouw; voor de patiënt of voor de huisarts."
            ),
            "reports/pdf/progress.html",
            progress_context,
            is_export=True,
        ),
        Document(
            "ontslagverslag",
            _("Ontslagverslag"),
            _("Data van de behandeling, uitkomsten, het laatste plan en het advies voor daarna."),
            "reports/pdf/discharge.html",
            discharge_context,
            is_export=True,
        ),
    )
}
