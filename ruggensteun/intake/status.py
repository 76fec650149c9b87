"""What other apps need to know of a patient's triage: may the programme start, and the
classification in force."""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.triage.urgency import LOCKDOWN_URGENCIES, SAFETY_URGENCIES
from ruggensteun.intake.models import ClassificationDecision, RedFlagAlert, TriageAssessment
from ruggensteun.patients.models import Patient

# Alerts that keep the programme from starting until a therapist has recorded what was
# done: the clinical core's safety urgencies (triage.md §2), under the name the apps use.
BLOCKING_URGENCIES = SAFETY_URGENCIES

# Passed for "read it yourself" (a caller that already read them passes None for "none").
_READ = object()


@dataclass(frozen=True)
class ProgrammeClearance:
    allowed: bool
    reason: str  # for the therapist, when not allowed


def programme_clearance(patient: Patient, *, latest: Any = _READ) -> ProgrammeClearance:
    """Whether the self-management programme may start (or go on) for this patient.

    It may when the intake was triaged, no safety question is open, and every red flag
    that calls for the GP has been handled by a therapist (who recorded what was done).
    ``latest``: the latest assessment (or None), when the caller has read it.
    """
    if latest is _READ:
        latest = TriageAssessment.objects.latest_for(patient)
    if latest is None:
        return ProgrammeClearance(False, str(_("De intake is nog niet ingevuld.")))
    if latest.summary.get("unanswered"):
        return ProgrammeClearance(
            False, str(_("Er zijn nog open vragen over rode vlaggen: bespreek ze eerst."))
        )
    if safety_state(patient).on_hold:
        return ProgrammeClearance(False, str(_("Er is een rode vlag die nog niet is afgehandeld.")))
    return ProgrammeClearance(True, "")


@dataclass(frozen=True)
class Classification:
    duration_class: str | None
    pain_type: str | None
    pathway: str | None
    startback_risk: str | None
    yellow_flags: tuple[dict[str, Any], ...]
    confirmed: bool  # True when a therapist confirmed or changed the proposal


def current_classification(
    patient: Patient, *, latest: Any = _READ, decision: Any = _READ
) -> Classification | None:
    """The classification in force: the therapist's latest decision where there is one,
    else the engine's latest proposal; None before the intake was triaged. ``latest`` (the
    latest assessment) and ``decision`` (the latest decision): when the caller has them."""
    if latest is _READ:
        latest = TriageAssessment.objects.latest_for(patient)
    if latest is None:
        return None
    if decision is _READ:
        decision = ClassificationDecision.objects.filter(patient=patient).first()
    summary = latest.summary
    flags = tuple(latest.details.get("yellow_flags", ()))
    if decision is not None:
        return Classification(
            duration_class=decision.duration_class or None,
            pain_type=decision.pain_type or None,
            pathway=decision.pathway or None,
            startback_risk=summary.get("startback_risk"),
            yellow_flags=flags,
            confirmed=True,
        )
    return Classification(
        duration_class=summary.get("duration_class"),
        pain_type=summary.get("pain_type"),
        pathway=summary.get("pathway"),
        startback_risk=summary.get("startback_risk"),
        yellow_flags=flags,
        confirmed=False,
    )


def changed_proposal(
    patient: Patient, *, latest: Any = _READ, decision: Any = _READ
) -> dict[str, tuple[str | None, str]]:
    """What a newer triage proposes differently from the therapist's decision in force
    (e.g. a changed STarT Back group at week 4 or 12 proposing another pathway, triage.md
    §5): field -> (decided, proposed). Empty when nothing changed or nothing was decided.
    ``latest`` and ``decision`` as for ``current_classification``."""
    if decision is _READ:
        decision = (
            ClassificationDecision.objects.filter(patient=patient)
            .select_related("assessment")
            .first()
        )
    if latest is _READ:
        latest = TriageAssessment.objects.latest_for(patient)
    if decision is None or latest is None or latest.pk == decision.assessment_id:
        return {}
    changes: dict[str, tuple[str | None, str]] = {}
    for name in ("duration_class", "pain_type", "pathway", "startback_risk"):
        proposed = latest.summary.get(name)
        if name == "startback_risk":
            decided = decision.assessment.summary.get(name)
        else:
            decided = getattr(decision, name) or None
        if proposed is not None and proposed != decided:
            changes[name] = (decided, proposed)
    return changes


@dataclass(frozen=True)
class SafetyState:
    """A patient's open red flags that call for the GP, as every page should show them."""

    alerts: tuple[RedFlagAlert, ...]  # open alerts of a blocking urgency, most urgent first

    @property
    def urgency(self) -> str | None:
        return self.alerts[0].urgency if self.alerts else None

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(alert.rule_id for alert in self.alerts)

    @property
    def on_hold(self) -> bool:
        """The programme waits (emergency, urgent or soon open)."""
        return bool(self.alerts)

    @property
    def lockdown(self) -> bool:
        """Only the advice card and the contact card (emergency or urgent open)."""
        return self.urgency in LOCKDOWN_URGENCIES


def safety_state(patient: Patient) -> SafetyState:
    """The open blocking alerts of one patient, in one query."""
    alerts = patient.red_flag_alerts.open().filter(urgency__in=BLOCKING_URGENCIES).by_urgency()
    return SafetyState(tuple(alerts))


def patients_in_lockdown() -> "models.QuerySet[RedFlagAlert]":
    """Patient ids with an open emergency or urgent alert: reminders skip them."""
    return (
        RedFlagAlert.objects.open()
        .filter(urgency__in=LOCKDOWN_URGENCIES)
        .values_list("patient_id", flat=True)
        .distinct()
    )
