"""Building the case base from the episodes: the baseline, outcomes and process facts of
each patient, read per set of patients (a fixed number of queries for 1 or 5,000).

- baseline: the first intake triage (STarT Back group, yellow flags, and the duration class
  and pain type unless the therapist's decision in force changed them), the intake answers
  (work status), the age at the start in ten-year bands, the first NPRS and QBPDS;
- outcomes (``workspace.episodes``): the GPE at discharge and nearest to 12 weeks, the NPRS
  and QBPDS change at discharge and at 12 weeks (change = improvement, from the clinical core);
- process: adherence (exercise days done / planned over the finished programme weeks, as
  the plan engine counts), the walking goal (reached on at least half of the days of those
  weeks [D]), the pathway in force and the number of sessions;
- for the recovery curve: the first week since the intake with a GPE of "much improved" or
  better, or an NPRS improvement reaching the MIC (2 points, Ostelo 2008; instruments.md §3).
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ruggensteun.accounts.models import Practice
from ruggensteun.clinical.instruments.change import change_for
from ruggensteun.clinical.instruments.scoring import ScoringError
from ruggensteun.clinical.similarity import default_features
from ruggensteun.clinical.similarity.cases import gpe_improved
from ruggensteun.intake.models import ClassificationDecision, Intake, TriageAssessment
from ruggensteun.outcomes.models import EpisodeCase, patient_key
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DAYS_PER_WEEK
from ruggensteun.workspace.dashboard import finished_weeks, week_adherence
from ruggensteun.workspace.episodes import (
    TWELVE_WEEKS_DAYS,
    TWELVE_WEEKS_WINDOW_DAYS,
    Episode,
    Measurement,
    age_band,
    episodes_for,
)

log = logging.getLogger(__name__)

# Walking goal "reached": met on at least half of the days of the finished weeks [D].
WALKING_GOAL_SHARE = 0.5


@dataclass
class Built:
    """One episode as a case, with the patient it came from (never stored)."""

    patient: Patient
    episode: Episode
    features: dict[str, Any]
    outcome: dict[str, Any]
    process: dict[str, Any]
    recovered_week: int | None
    followed_weeks: int | None
    questionnaires_complete: bool

    @property
    def startback(self) -> str:
        return self.features.get("startback") or ""


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _improvement(episode: Episode, instrument: str, twelve_weeks: bool = False) -> float | None:
    outcome = (
        episode.twelve_week_outcome(instrument)
        if twelve_weeks
        else episode.final_outcome(instrument)
    )
    return None if outcome.change is None else float(outcome.change.improvement)


def _gpe_value(measurement: Measurement | None) -> int | None:
    value = None if measurement is None else measurement.score("value")
    return value if isinstance(value, int) else None


def gpe_at_twelve_weeks(episode: Episode) -> int | None:
    """The GPE closest to 12 weeks after the start, within the 9-15 week window."""
    low, high = TWELVE_WEEKS_WINDOW_DAYS
    found = [m for m in episode.of("gpe") if low <= (m.day - episode.start).days <= high]
    if not found:
        return None
    best = min(found, key=lambda m: (abs((m.day - episode.start).days - TWELVE_WEEKS_DAYS), m.day))
    return _gpe_value(best)


def _weeks(episode: Episode, day: date) -> int:
    """Whole weeks since the start, rounded up (a measurement on day 1-7 is week 1)."""
    return max(0, -(-(day - episode.start).days // 7))


def recovery(episode: Episode) -> tuple[int | None, int | None]:
    """(the first week counting as recovered, the last week with an outcome measurement)."""
    baseline = episode.baseline("nprs")
    recovered: list[int] = []
    measured: list[int] = []
    for m in episode.of("gpe"):
        measured.append(_weeks(episode, m.day))
        if gpe_improved(_gpe_value(m)):
            recovered.append(_weeks(episode, m.day))
    for m in episode.of("nprs")[1:]:
        measured.append(_weeks(episode, m.day))
        if baseline is None:
            continue
        try:
            change = change_for("nprs", baseline.score("score"), m.score("score"))
        except (ScoringError, TypeError):
            continue
        if change.mic_met:
            recovered.append(_weeks(episode, m.day))
    return (min(recovered) if recovered else None, max(measured) if measured else None)


def _triage(ids: QuerySet) -> dict[int, dict[str, Any]]:
    """The first intake triage of each patient (else their first triage): its summary."""
    found: dict[int, dict[str, Any]] = {}
    rows = (
        TriageAssessment.objects.filter(patient__in=ids)
        .order_by("patient_id", "created_at", "id")
        .values_list("patient_id", "trigger", "summary")
    )
    for patient_id, trigger, summary in rows:
        first_intake = found.get(patient_id, {}).get("_trigger") == "intake"
        if patient_id not in found or (trigger == "intake" and not first_intake):
            found[patient_id] = {**(summary or {}), "_trigger": trigger}
    return found


def _decisions(ids: QuerySet) -> dict[int, tuple[str, str]]:
    rows = (
        ClassificationDecision.objects.filter(patient__in=ids)
        .order_by("patient_id", "decided_at", "id")
        .values_list("patient_id", "duration_class", "pain_type")
    )
    return {patient_id: (duration, pain) for patient_id, duration, pain in rows}


def _adherence(ids: QuerySet, today: date) -> dict[int, tuple[int, int, int, int]]:
    """Per patient: (exercise days done, planned, walking-goal days, finished weeks)."""
    plans, logs = finished_weeks(ids, today)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for plan in plans:
        patient_id = plan.programme.patient_id
        counted = week_adherence(plan, logs[patient_id])
        row = totals[patient_id]
        row[0] += counted.done
        row[1] += counted.planned
        row[2] += counted.goal_met
        row[3] += 1
    return {patient_id: (a, b, c, d) for patient_id, (a, b, c, d) in totals.items()}


def build(patients: QuerySet[Patient], today: date | None = None) -> list[Built]:
    """Every patient's episode as a case (closed or not): nine queries whatever the number
    of patients."""
    today = today or timezone.localdate()
    ids = patients.order_by().values("pk")
    episodes = episodes_for(patients, today)
    answers = dict(Intake.objects.filter(patient__in=ids).values_list("patient_id", "answers"))
    triage = _triage(ids)
    decisions = _decisions(ids)
    adherence = _adherence(ids, today)
    known_work = set(default_features().feature("work_status").values)
    built = []
    for episode in episodes:
        patient = episode.patient
        summary = triage.get(patient.pk, {})
        duration, pain = decisions.get(patient.pk, ("", ""))
        work = (answers.get(patient.pk) or {}).get("work_status")
        nprs, qbpds = episode.baseline("nprs"), episode.baseline("qbpds")
        flags = summary.get("yellow_flags")
        features = {
            "age_band": age_band(patient.age_on(episode.start)) or None,
            "duration_class": duration or summary.get("duration_class"),
            "pain_type": pain or summary.get("pain_type"),
            "startback": summary.get("startback_risk"),
            "nprs": None if nprs is None else _float(nprs.score("score")),
            "qbpds": None if qbpds is None else _float(qbpds.score("total")),
            "yellow_flags": len(flags) if isinstance(flags, list) else None,
            "work_status": work if work in known_work else None,
        }
        gpe_final = episode.final("gpe")
        outcome = {
            "gpe_discharge": _gpe_value(gpe_final) if episode.closed else None,
            "gpe_12_weeks": gpe_at_twelve_weeks(episode),
            "nprs_change": _improvement(episode, "nprs"),
            "qbpds_change": _improvement(episode, "qbpds"),
            "nprs_change_12_weeks": _improvement(episode, "nprs", twelve_weeks=True),
        }
        done, planned, walked, weeks = adherence.get(patient.pk, (0, 0, 0, 0))
        process = {
            "adherence": round(done / planned, 3) if planned else None,
            "walking_goal_reached": (walked >= WALKING_GOAL_SHARE * weeks * DAYS_PER_WEEK)
            if weeks
            else None,
            "pathway": episode.pathway,
            "sessions": episode.sessions,
        }
        recovered_week, followed_weeks = recovery(episode)
        complete = episode.closed and all(
            episode.final(code) is not None for code in ("nprs", "qbpds", "gpe")
        )
        built.append(
            Built(
                patient,
                episode,
                features,
                outcome,
                process,
                recovered_week,
                followed_weeks,
                complete,
            )
        )
    return built


def _row(item: Built, practice_id: int) -> EpisodeCase:
    return EpisodeCase(
        practice_id=practice_id,
        patient_key=patient_key(item.patient.pk),
        feature_version=default_features().version,
        features=item.features,
        outcome=item.outcome,
        process=item.process,
        startback=item.startback,
        recovered_week=item.recovered_week,
        followed_weeks=item.followed_weeks,
        questionnaires_complete=item.questionnaires_complete,
        updated_at=timezone.now(),
    )


UPDATED_FIELDS = [
    "feature_version",
    "features",
    "outcome",
    "process",
    "startback",
    "recovered_week",
    "followed_weeks",
    "questionnaires_complete",
    "updated_at",
]


@transaction.atomic
def store(practice_id: int, items: Iterable[Built], *, remove_others: bool) -> tuple[int, int, int]:
    """Write the closed episodes of ``items`` as cases of the practice (new or updated in
    place, keeping their case id); with ``remove_others``, delete the practice's cases of
    episodes that are no longer closed (reopened) or whose patient is gone.
    Returns (created, updated, deleted)."""
    rows = {
        row.patient_key: row for row in (_row(i, practice_id) for i in items if i.episode.closed)
    }
    existing = dict(
        EpisodeCase.objects.filter(practice_id=practice_id, patient_key__in=list(rows)).values_list(
            "patient_key", "pk"
        )
    )
    to_update = []
    for key, row in rows.items():
        if key in existing:
            row.pk = existing[key]
            to_update.append(row)
    to_create = [row for key, row in rows.items() if key not in existing]
    EpisodeCase.objects.bulk_create(to_create, batch_size=500)
    EpisodeCase.objects.bulk_update(to_update, UPDATED_FIELDS, batch_size=500)
    deleted = 0
    if remove_others:
        deleted, _ = (
            EpisodeCase.objects.filter(practice_id=practice_id)
            .exclude(patient_key__in=list(rows))
            .delete()
        )
    return len(to_create), len(to_update), deleted


def refresh_practice(practice: Practice, today: date | None = None) -> tuple[int, int, int]:
    """Build or update the practice's whole case base from its patients' episodes."""
    built = build(Patient.objects.filter(practice=practice), today)
    return store(practice.pk, built, remove_others=True)


def refresh_patient(patient_id: int) -> None:
    """The patient's case, after a discharge (closed: written; else left alone)."""
    patient = Patient.objects.filter(pk=patient_id).first()
    if patient is None:
        return
    store(patient.practice_id, build(Patient.objects.filter(pk=patient_id)), remove_others=False)
