"""Each patient's care episode and its outcomes, for the exports and the practice figures.

An episode runs from the completed intake (or, without one, the day the patient was added)
to the discharge in force (or today while it runs). Outcomes compare the first measurement
of an instrument with a later one; change and both MIC flags come from the clinical core
(``change_for``), never from here.

Everything is read per set of patients, never per patient: ``episodes_for`` costs the same
few queries for 5 patients as for 500.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.utils import timezone

from ruggensteun.clinical.instruments.change import Change, change_for
from ruggensteun.clinical.instruments.scoring import ScoringError
from ruggensteun.intake.models import ClassificationDecision, Intake, TriageAssessment
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import QuestionnaireResponse
from ruggensteun.questionnaires.results import MIC_SCORE_KEY
from ruggensteun.workspace.models import Discharge, SessionNote

OUTCOME_INSTRUMENTS = ("nprs", "qbpds", "psk", "gpe")
MIC_INSTRUMENTS = ("nprs", "qbpds")
SCORE_KEYS = {
    **{code: MIC_SCORE_KEY[code] for code in MIC_INSTRUMENTS},
    "psk": "mean",
    "gpe": "value",
}
# A questionnaire filled in the days after the last session still belongs to the episode.
FINAL_GRACE_DAYS = 14
# "At 12 weeks": the follow-up closest to 12 weeks after the first measurement, taken
# between 9 and 15 weeks after it (the schedule asks at week 12; patients fill late).
TWELVE_WEEKS_DAYS = 84
TWELVE_WEEKS_WINDOW_DAYS = (63, 105)


@dataclass(frozen=True)
class Measurement:
    response: QuestionnaireResponse
    day: date

    def score(self, key: str) -> Any:
        return (self.response.scores or {}).get(key)


@dataclass(frozen=True)
class Outcome:
    """The first measurement of an instrument, a later one, and the change between them."""

    instrument: str
    baseline: Measurement | None
    follow_up: Measurement | None
    change: Change | None

    def _value(self, measurement: Measurement | None) -> Any:
        return None if measurement is None else measurement.score(SCORE_KEYS[self.instrument])

    @property
    def baseline_value(self) -> Any:
        return self._value(self.baseline)

    @property
    def follow_up_value(self) -> Any:
        return self._value(self.follow_up)


@dataclass
class Episode:
    patient: Patient
    start: date
    today: date
    discharge: Discharge | None = None
    pathway: str | None = None
    sessions: int = 0
    measurements: dict[str, list[Measurement]] = field(default_factory=dict)

    @property
    def closed(self) -> bool:
        return self.discharge is not None

    @property
    def end(self) -> date:
        return self.discharge.discharged_on if self.discharge is not None else self.today

    @property
    def duration_weeks(self) -> Decimal:
        days = max((self.end - self.start).days, 0)
        return (Decimal(days) / 7).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def active_between(self, first: date, last: date) -> bool:
        """The episode ran (for at least a day) between ``first`` and ``last``."""
        return self.start <= last and self.end >= first

    def ended_between(self, first: date, last: date) -> bool:
        return self.closed and first <= self.end <= last

    def of(self, instrument: str) -> list[Measurement]:
        return self.measurements.get(instrument, [])

    def baseline(self, instrument: str) -> Measurement | None:
        found = self.of(instrument)
        return found[0] if found else None

    def final(self, instrument: str) -> Measurement | None:
        """The latest measurement after the first, up to the end of the episode (and
        FINAL_GRACE_DAYS after a discharge). GPE has no first measurement of its own: its
        latest counts."""
        later = self.of(instrument) if instrument == "gpe" else self.of(instrument)[1:]
        limit = self.end + timedelta(days=FINAL_GRACE_DAYS) if self.closed else self.end
        within = [m for m in later if m.day <= limit]
        return within[-1] if within else None

    def at_twelve_weeks(self, instrument: str) -> Measurement | None:
        baseline = self.baseline(instrument)
        if baseline is None:
            return None
        low, high = TWELVE_WEEKS_WINDOW_DAYS
        candidates = [
            m for m in self.of(instrument)[1:] if low <= (m.day - baseline.day).days <= high
        ]
        if not candidates:
            return None
        return min(
            candidates,
            key=lambda m: (
                abs((m.day - baseline.day).days - TWELVE_WEEKS_DAYS),
                -m.day.toordinal(),
            ),
        )

    def _outcome(self, instrument: str, follow_up: Measurement | None) -> Outcome:
        baseline = None if instrument == "gpe" else self.baseline(instrument)
        change = None
        if instrument in MIC_INSTRUMENTS and baseline is not None and follow_up is not None:
            key = SCORE_KEYS[instrument]
            before, after = baseline.score(key), follow_up.score(key)
            if before is not None and after is not None:
                try:
                    change = change_for(instrument, before, after)
                except ScoringError:
                    change = None
        return Outcome(instrument, baseline, follow_up, change)

    def final_outcome(self, instrument: str) -> Outcome:
        return self._outcome(instrument, self.final(instrument))

    def twelve_week_outcome(self, instrument: str) -> Outcome:
        return self._outcome(instrument, self.at_twelve_weeks(instrument))


def episode_start(patient: Patient) -> date:
    """The first day of the patient's episode: the completed intake, or the day they were
    added."""
    intake = Intake.objects.filter(patient=patient).values_list("completed_at", flat=True).first()
    return timezone.localdate(intake or patient.created_at)


def with_pathway(patients: QuerySet[Patient]) -> QuerySet[Patient]:
    """Annotate what ``pathway_of`` reads: the same precedence as
    ``intake.status.current_classification`` (the therapist's latest decision, else the
    latest triage proposal), in the same query as the patients."""
    decisions = ClassificationDecision.objects.filter(patient=OuterRef("pk")).order_by(
        "-decided_at", "-id"
    )
    assessments = TriageAssessment.objects.filter(patient=OuterRef("pk")).order_by(
        "-created_at", "-id"
    )
    return patients.annotate(
        pathway_decided=Exists(decisions),
        decided_pathway=Subquery(decisions.values("pathway")[:1]),
        proposed_pathway=Subquery(
            assessments.annotate(value=KT("summary__pathway")).values("value")[:1]
        ),
    )


def pathway_of(patient: Patient) -> str | None:
    """The pathway in force of a patient annotated by ``with_pathway``."""
    if getattr(patient, "pathway_decided", False):
        return getattr(patient, "decided_pathway", None) or None
    return getattr(patient, "proposed_pathway", None) or None


def episodes_for(
    patients: QuerySet[Patient], today: date | None = None, *, answers: bool = False
) -> list[Episode]:
    """The episode of every patient in ``patients``, with outcomes: four queries.

    The responses come without their item answers (most of each row, and only the FHIR
    export reads them: it asks for them with ``answers=True``)."""
    today = today or timezone.localdate()
    ids = patients.order_by().values("pk")
    rows = list(
        with_pathway(patients)
        .annotate(
            intake_completed_at=Subquery(
                Intake.objects.filter(patient=OuterRef("pk")).values("completed_at")[:1]
            )
        )
        .order_by("pk")
    )
    discharges = {d.patient_id: d for d in Discharge.objects.current().filter(patient__in=ids)}
    sessions = SessionNote.objects.counts_by_patient(ids)
    measurements: dict[int, dict[str, list[Measurement]]] = defaultdict(lambda: defaultdict(list))
    responses = (
        QuestionnaireResponse.objects.submitted()
        .filter(patient__in=ids, instrument__in=OUTCOME_INSTRUMENTS)
        .chronological()
    )
    if not answers:
        responses = responses.defer("answers")
    for response in responses:
        assert response.submitted_at is not None
        day = timezone.localdate(response.submitted_at)
        measurements[response.patient_id][response.instrument].append(Measurement(response, day))
    episodes = []
    for patient in rows:
        started = patient.intake_completed_at or patient.created_at
        episodes.append(
            Episode(
                patient=patient,
                start=timezone.localdate(started),
                today=today,
                discharge=discharges.get(patient.pk),
                pathway=pathway_of(patient),
                sessions=sessions.get(patient.pk, 0),
                measurements=dict(measurements.get(patient.pk, {})),
            )
        )
    return episodes


def age_band(age: int | None) -> str:
    """Ten-year bands ("40-49"), "80+" above; empty when the birth date is unknown."""
    if age is None:
        return ""
    if age >= 80:
        return "80+"
    low = age // 10 * 10
    return f"{low}-{low + 9}"


def in_period(
    episodes: Iterable[Episode], *, first: date, last: date, ended: bool
) -> list[Episode]:
    """The episodes that ended between ``first`` and ``last`` (``ended``), or that ran in
    that period at all."""
    if ended:
        return [e for e in episodes if e.ended_between(first, last)]
    return [e for e in episodes if e.active_between(first, last)]
