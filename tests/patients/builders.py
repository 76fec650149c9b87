"""Patients with a history, built in code: one per reason for attention, and many at once
for the query-count tests."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ruggensteun.clinical.instruments.registry import get_instrument, score_answers
from ruggensteun.intake import assessment
from ruggensteun.intake.models import (
    ClassificationDecision,
    Intake,
    RedFlagAlert,
    TriageAssessment,
)
from ruggensteun.messaging.models import Message
from ruggensteun.programme import changes, planning
from ruggensteun.programme.models import DayLog, PlanChange, Programme, WeeklyPlan
from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse
from tests import personas
from tests.intake.test_triage_workspace import calm_answers
from tests.programme.conftest import classify
from tests.questionnaires.conftest import submitted


def today() -> date:
    return timezone.localdate()


def days_ago(days: int, hour: int = 10) -> datetime:
    day = today() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def qbpds_answers(total: int) -> dict[str, int]:
    """QBPDS answers (20 items, 0-5 each) adding up to ``total``."""
    answers = {}
    for item in range(1, 21):
        value = min(5, total)
        answers[str(item)] = value
        total -= value
    return answers


def nprs(patient, value: int, *, days: int):
    return submitted(patient, "nprs", {"1": value}, when=days_ago(days))


def qbpds(patient, total: int, *, days: int):
    return submitted(patient, "qbpds", qbpds_answers(total), when=days_ago(days))


def started_weeks_ago(patient, weeks: int, extra_days: int = 0):
    """The patient joined ``weeks`` weeks ago (the episode's week 0)."""
    patient.created_at = days_ago(weeks * 7 + extra_days)
    patient.save(update_fields=["created_at"])
    return patient


def red_flag(patient):
    Intake.objects.create(patient=patient, answers=calm_answers(fever=True))
    assessment.assess(patient, "intake")
    return patient


def intake_done(patient):
    """A finished intake, triaged, that the therapist has not reviewed yet."""
    Intake.objects.create(patient=patient, answers=calm_answers(), completed_at=days_ago(1))
    assessment.assess(patient, "intake")
    return patient


def flare_up(patient):
    DayLog.objects.create(patient=patient, date=today() - timedelta(days=2), flare=True, pain=8)
    return patient


def getting_worse(patient):
    nprs(patient, 4, days=30)
    nprs(patient, 7, days=2)
    return patient


def unread_message(patient):
    Message.objects.create(
        patient=patient,
        author=patient.user,
        from_patient=True,
        body="Mag ik nog fietsen?",
        sent_at=days_ago(1),
    )
    return patient


def risk_changed(patient, therapist):
    first = TriageAssessment.objects.create(
        patient=patient,
        trigger="intake",
        urgency="none",
        self_management_allowed=True,
        summary={"startback_risk": "low", "pathway": "advice"},
        details={},
        inputs={},
        created_at=days_ago(30),
    )
    ClassificationDecision.objects.create(
        patient=patient,
        assessment=first,
        decided_by=therapist,
        duration_class="acute",
        pain_type="nonspecific",
        pathway="advice",
        decided_at=days_ago(29),
    )
    TriageAssessment.objects.create(
        patient=patient,
        trigger="questionnaire",
        urgency="none",
        self_management_allowed=True,
        summary={"startback_risk": "high", "pathway": "psychologically_informed"},
        details={},
        inputs={},
        created_at=days_ago(1),
    )
    return patient


def running(patient, therapist, *, started_days_ago: int, approve_each_week: bool = False):
    classify(patient, therapist)
    start = today() - timedelta(days=started_days_ago)
    programme = planning.start_programme(
        patient, therapist, approve_each_week=approve_each_week, today=start
    )
    Programme.objects.filter(pk=programme.pk).update(started_at=days_ago(started_days_ago))
    programme.refresh_from_db()
    return programme


def plan_waiting(patient, therapist):
    programme = running(patient, therapist, started_days_ago=8, approve_each_week=True)
    DayLog.objects.create(patient=patient, date=today() - timedelta(days=1), walking_minutes=10)
    planning.advance(programme, today() - timedelta(days=1))
    assert programme.plans.filter(status="proposed").exists()
    return patient


def not_improving(patient):
    started_weeks_ago(patient, 7)
    nprs(patient, 6, days=48)
    qbpds(patient, 50, days=48)
    nprs(patient, 5, days=3)
    qbpds(patient, 45, days=3)
    return patient


def low_adherence(patient, therapist):
    programme = running(patient, therapist, started_days_ago=15)
    planning.advance(programme, today() - timedelta(days=8))
    DayLog.objects.create(patient=patient, date=today() - timedelta(days=3), walking_minutes=1)
    planning.advance(programme, today() - timedelta(days=1))
    assert Programme.objects.low_adherence(weeks=2).filter(pk=programme.pk).exists()
    return patient


def no_checkin(patient, therapist):
    running(patient, therapist, started_days_ago=13)
    DayLog.objects.create(patient=patient, date=today() - timedelta(days=11), walking_minutes=20)
    return patient


def questionnaire_overdue(patient):
    Assignment.objects.create(
        patient=patient, instrument="nprs", due_on=today() - timedelta(days=3), source="therapist"
    )
    return patient


def with_long_history(patient, therapist, *, weeks: int):
    """``weeks`` weeks of a programme with day logs, flare-ups, a therapist's change every
    week, red flags raised and handled, decisions and questionnaires every fortnight."""
    programme = running(patient, therapist, started_days_ago=7 * weeks + 1)
    start = today() - timedelta(days=7 * weeks + 1)
    DayLog.objects.bulk_create(
        DayLog(
            patient=patient,
            date=start + timedelta(days=offset),
            walking_minutes=20 + offset % 10,
            exercise_sessions=offset % 2,
            pain=4 + offset % 3,
            flare=offset % 13 == 5,
        )
        for offset in range(7 * weeks)
    )
    for week in range(1, weeks):
        current = programme.plans.get(status="active")
        changes.change_walking(current, 20 + week, None, f"Week {week}.", therapist)
        planning.advance(programme, start + timedelta(days=7 * week))
    triage = TriageAssessment.objects.latest_for(patient)
    for number in range(weeks // 2):
        nprs(patient, 7 - number % 4, days=7 * weeks - 14 * number)
        qbpds(patient, 60 - 5 * number, days=7 * weeks - 14 * number)
        RedFlagAlert.objects.create(
            patient=patient,
            assessment=triage,
            rule_id="STENOSIS",
            urgency="routine",
            handled_at=days_ago(3),
            handled_by=therapist,
            action="not_relevant",
            reason="Bekend.",
        )
        ClassificationDecision.objects.create(
            patient=patient,
            assessment=triage,
            decided_by=therapist,
            duration_class="chronic",
            pain_type="nonspecific",
            pathway="exercise",
            reason=f"Besluit {number}",
        )
    return patient


def one_per_reason(practice, therapist) -> dict[str, object]:
    """A caseload with one patient for each reason, and one who needs nothing."""

    def make(name):
        return personas.patient(practice, therapist, name)

    return {
        "red_flag": red_flag(make("Rian Rodevlag")),
        "intake_done": intake_done(make("Ilse Intake")),
        "flare_up": flare_up(make("Olga Opstoot")),
        "worse": getting_worse(make("Erik Erger")),
        "unread_message": unread_message(make("Bart Bericht")),
        "risk_changed": risk_changed(make("Ruud Risico"), therapist),
        "plan_waiting": plan_waiting(make("Wim Wachtend"), therapist),
        "not_improving": not_improving(make("Nina Nietbeter")),
        "low_adherence": low_adherence(make("Lotte Weinig"), therapist),
        "no_checkin": no_checkin(make("Stijn Stil"), therapist),
        "questionnaire_overdue": questionnaire_overdue(make("Vera Vragenlijst")),
        None: make("Rob Rustig"),
    }


# --- many patients at once ------------------------------------------------------------------


def many_patients(practice, therapist, count: int, *, prefix: str = "Patiënt"):
    """``count`` patients, each with data of every kind the caseload reads: an open red
    flag, a classification, a running programme with finished weeks, day logs with a
    flare-up, NPRS and QBPDS twice, and an overdue questionnaire. Built in bulk."""
    template = personas.patient(practice, therapist, f"{prefix} Sjabloon")
    programme = running(template, therapist, started_days_ago=22)
    plan = programme.plans.get(week=1)
    patients = [template] + [
        personas.patient(practice, therapist, f"{prefix} {number:03d}")
        for number in range(count - 1)
    ]
    others = patients[1:]
    triage = TriageAssessment.objects.latest_for(template)
    assessments = TriageAssessment.objects.bulk_create(
        TriageAssessment(
            patient=p,
            trigger="intake",
            urgency="urgent",
            self_management_allowed=False,
            summary={**triage.summary, "startback_risk": "medium"},
            details=triage.details,
            inputs={},
            created_at=days_ago(20),
        )
        for p in others
    )
    ClassificationDecision.objects.bulk_create(
        ClassificationDecision(
            patient=p,
            assessment=a,
            decided_by=therapist,
            pathway="exercise",
            decided_at=days_ago(19),
        )
        for p, a in zip(others, assessments, strict=True)
    )
    RedFlagAlert.objects.bulk_create(
        RedFlagAlert(patient=p, assessment=a, rule_id="INFECTION", urgency="urgent")
        for p, a in zip(others, assessments, strict=True)
    )
    programmes = Programme.objects.bulk_create(
        Programme(patient=p, started_by=therapist, started_at=days_ago(22)) for p in others
    )
    WeeklyPlan.objects.bulk_create(
        WeeklyPlan(
            programme=prog,
            week=week,
            starts_on=today() - timedelta(days=22 - 7 * (week - 1)),
            status="active" if week == 4 else "superseded",
            plan={**plan.plan, "week": week},
            decision="progress" if week > 1 else "start",
        )
        for prog in [*programmes]
        for week in (1, 2, 3, 4)
    )
    DayLog.objects.bulk_create(
        DayLog(
            patient=p,
            date=today() - timedelta(days=offset),
            walking_minutes=20,
            exercise_sessions=1,
            pain=5,
            flare=offset == 3,
        )
        for p in patients
        for offset in range(1, 22)
    )
    _bulk_scores(patients, "nprs", [({"1": 7}, days_ago(20)), ({"1": 4}, days_ago(2))])
    _bulk_scores(
        patients, "qbpds", [(qbpds_answers(60), days_ago(20)), (qbpds_answers(30), days_ago(2))]
    )
    Assignment.objects.bulk_create(
        Assignment(
            patient=p, instrument="psk", due_on=today() - timedelta(days=2), source="therapist"
        )
        for p in patients
    )
    changed = programme.plans.get(week=1)
    PlanChange.objects.create(
        plan=changed, kind="walking", reason="Rustiger", changed_by=therapist, before={}, after={}
    )
    return patients


def _bulk_scores(patients, code, answered):
    """Submitted responses for every patient, as ``submitted`` makes them, in two queries."""
    assignments = Assignment.objects.bulk_create(
        Assignment(
            patient=p,
            instrument=code,
            due_on=timezone.localdate(when),
            source="therapist",
            completed_at=when,
        )
        for p in patients
        for _answers, when in answered
    )
    definition = get_instrument(code)
    scored = [(answers, when, score_answers(code, answers)) for answers, when in answered]
    QuestionnaireResponse.objects.bulk_create(
        QuestionnaireResponse(
            assignment=assignment,
            patient_id=assignment.patient_id,
            instrument=code,
            instrument_version=definition.version,
            language="nl",
            answers=answers,
            status="submitted",
            submitted_at=when,
            scores=scores,
        )
        for assignment, (answers, when, scores) in zip(
            assignments, scored * len(patients), strict=True
        )
    )
