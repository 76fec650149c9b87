"""The caseload: every patient in view with the reasons they need attention and their key
figures, read for the whole list at once.

A row is made of a patient's stored summary (``CaseSummary``: the facts of the attention
rules and the figures, worked out from the data once) and their open red-flag alerts,
read fresh on every view. A summary is current while no data of the patient changed (the
database counts every write to the tables it is made of, ``CaseChanges``) and it was made
today; the others are worked out again, together, and stored (issue #15: working out 200
rows on every view cost the caseload about half of its time).

Working out costs the same dozen queries for 10 patients as for 200: each kind of data is
read for all of them in one query, the rest is Python (the rules are in ``attention.py``).
Nothing here queries per patient. The words of the reasons and the trends are drawn for
the rows shown only (``complete_rows``).
"""

import logging
from collections import defaultdict, namedtuple
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KT, KeyTextTransform, KeyTransform
from django.db.models.functions import Coalesce, TruncDate
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ruggensteun.accounts.models import Invitation, Membership
from ruggensteun.charts.sparklines import sparkline
from ruggensteun.clinical.instruments.change import MIC_RULES, Change, worse_by_mic
from ruggensteun.clinical.programme.adherence import (
    count_adherence,
    planned_days,
    stored_adherence,
)
from ruggensteun.clinical.programme.plan_io import MAX_EXERCISES
from ruggensteun.diary.models import CheckIn
from ruggensteun.intake.forms import PATHWAYS
from ruggensteun.intake.models import ClassificationDecision, Intake, RedFlagAlert, TriageAssessment
from ruggensteun.messaging.unread import oldest_unread
from ruggensteun.patients.forms import CaseloadFilterForm
from ruggensteun.patients.models import Patient, PatientQuerySet
from ruggensteun.programme.models import DAYS_PER_WEEK, DayLog, Programme, WeeklyPlan
from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.models import (
    Assignment,
    AssignmentQuerySet,
    InstrumentLicence,
    QuestionnaireResponse,
)
from ruggensteun.questionnaires.results import MIC_SCORE_KEY, RISK_LABELS
from ruggensteun.workspace import attention
from ruggensteun.workspace.attention import Alert, Attention, CaseFacts, Score
from ruggensteun.workspace.models import CaseChanges, CaseSummary, Discharge

logger = logging.getLogger(__name__)

# The finished weeks a row's adherence trend shows.
ADHERENCE_WEEKS = 6
# The days of pain a row's pain trend shows.
PAIN_TREND_DAYS = 28
# Day logs read per patient: enough for the adherence weeks and the pain trend.
DAY_LOG_DAYS = (ADHERENCE_WEEKS + 1) * DAYS_PER_WEEK
# What a row's summary reads of a programme week (as a named tuple).
WEEK_FIELDS = (
    "pk",
    "week",
    "starts_on",
    "status",
    "programme__patient_id",
    "programme__status",
    "programme__started_at",
)

PATHWAY_LABELS = dict(PATHWAYS)
# What a row reads of a day log (as a named tuple: no model instances for thousands of days).
LOG_FIELDS = ("patient_id", "date", "walking_minutes", "exercise_sessions", "pain", "flare")
# What adherence reads of a stored plan (``stored_adherence``), read from its JSON by the
# database: the walking goal and each exercise's days a week (a plan has at most
# MAX_EXERCISES), instead of a few kilobytes of plan a week.
PLAN_PARTS = (
    KT("plan__walking__minutes_per_day"),
    *(KT(f"plan__exercises__{n}__days_per_week") for n in range(MAX_EXERCISES)),
)
# The same on PostgreSQL as one array of text, from one read of the stored JSON
# (``jsonb_to_record``): each ``plan #>> path`` of its own unpacks the compressed JSON
# again, 7 times a week (issue #15: 16 of the caseload's 25 ms of SQL at 200 patients).
# Its values are those of PLAN_PARTS: ``x.walking ->> 'minutes_per_day'`` is
# ``plan #>> '{walking,minutes_per_day}'``, and so on.
PLAN_PARTS_POSTGRESQL = RawSQL(
    "(SELECT ARRAY[x.walking ->> 'minutes_per_day', "
    + ", ".join(f"x.exercises #>> '{{{n},days_per_week}}'" for n in range(MAX_EXERCISES))
    + '] FROM jsonb_to_record("programme_weeklyplan"."plan") AS x(walking jsonb, exercises jsonb))',
    (),
)


def _plan_parts() -> tuple[Any, ...]:
    return (PLAN_PARTS_POSTGRESQL,) if connection.vendor == "postgresql" else PLAN_PARTS


# A week as WEEK_FIELDS with what adherence reads of its plan.
PARTS_FIELDS = ("walking_goal", "exercise_days")
WeekParts = namedtuple("WeekParts", (*WEEK_FIELDS, *PARTS_FIELDS))


def _with_parts(read: Sequence[Any]) -> Any:
    """``read``: WEEK_FIELDS, then ``_plan_parts()``, as a WeekParts."""
    fields, parts = read[: len(WEEK_FIELDS)], read[len(WEEK_FIELDS) :]
    if len(parts) == 1:  # PLAN_PARTS_POSTGRESQL: one array (None for a plan that is not an object)
        parts = parts[0] or [None] * len(PLAN_PARTS)
    walking_goal, *days = parts
    return WeekParts(*fields, walking_goal, tuple(days))


@dataclass(frozen=True)
class WeekAdherence:
    """One finished programme week as the plan engine counts it (programme.md §5,
    ``clinical.programme.adherence``): an exercise day is a day with at least one session,
    at most the planned days; the walking goal is met on a day with at least the week's
    minutes."""

    week: int
    exercise_days: int
    exercise_days_planned: int
    walking_days: int

    @property
    def percent(self) -> int | None:
        if not self.exercise_days_planned:
            return None
        return round(100 * self.exercise_days / self.exercise_days_planned)


def week_adherence(plan: WeeklyPlan, logs: Iterable[Any]) -> WeekAdherence:
    """``logs``: day logs (or rows with the same fields) of any days; the week's are used.

    Read from the stored plan as the engine wrote it, without parsing it into the core's
    objects (a caseload counts hundreds of weeks); counted as the engine counts."""
    ends_on = plan.starts_on + timedelta(days=DAYS_PER_WEEK - 1)  # a plan's ends_on
    days = [log for log in logs if plan.starts_on <= log.date <= ends_on]
    if hasattr(plan, "walking_goal"):  # read as PLAN_PARTS
        counted = count_adherence(
            planned_days(_whole(days) or 0 for days in plan.exercise_days),
            _whole(plan.walking_goal),
            days,
        )
    else:
        counted = stored_adherence(plan.plan, days)
    return WeekAdherence(
        week=plan.week,
        exercise_days=counted.done,
        exercise_days_planned=counted.planned,
        walking_days=counted.goal_met,
    )


def _whole(value: object) -> int | None:
    """A number of a plan's JSON as the database gives it out (text), as ``int()``
    reads it from the JSON."""
    return None if value is None else int(float(str(value)))


@dataclass
class CaseRow:
    patient: "CasePatient"
    facts: CaseFacts
    reasons: list[Attention]
    pathway: str | None = None
    risk: str | None = None
    week: int | None = None
    programme_status: str | None = None
    pain_intake: float | None = None
    pain_now: float | None = None
    pain_now_on: date | None = None
    disability_change: Change | None = None
    adherence: list[WeekAdherence] = field(default_factory=list)
    # Sparklines: empty markup when there is no trend to draw.
    pain_trend: str = ""
    disability_trend: str = ""
    adherence_trend: str = ""
    # The pain of each of the last PAIN_TREND_DAYS days (None: not known), for the trend.
    pain_daily: list[int | None] | None = field(default=None, repr=False)
    completed: bool = False

    @property
    def codes(self) -> set[str]:
        return {reason.code for reason in self.reasons}

    # The figures as the caseload writes them (``floatformat:"-1"``, the week, last week's
    # days), each worked out once per value and language (issue #15: a template filter or
    # ``blocktranslate`` per row and figure was a tenth of the page).
    @property
    def shown_pain_intake(self) -> str:
        return _figure(self.pain_intake, get_language())

    @property
    def shown_pain_now(self) -> str:
        return _figure(self.pain_now, get_language())

    @property
    def shown_disability_first(self) -> str:
        return _figure(self.disability_first, get_language())

    @property
    def shown_disability_now(self) -> str:
        return _figure(self.disability_now, get_language())

    @property
    def shown_disability_delta(self) -> str:
        return _figure(self.disability_delta, get_language())

    @property
    def shown_week(self) -> str:
        return _week_words(self.week, get_language())

    @property
    def shown_last_week(self) -> str:
        week = self.last_week
        if week is None:
            return ""
        return _days_words(
            week.exercise_days, week.exercise_days_planned, week.walking_days, get_language()
        )

    @property
    def html(self) -> SafeString:
        """The row as the caseload's table shows it, up to the therapist's cell (which the
        template adds when it shows that column): written here once per row, because
        Django's variable lookups and tags for 50 rows of 6 cells were a quarter of the
        page's time (issue #15). The text is escaped as the template escaped it."""
        return _row_html(self)

    @property
    def pathway_label(self) -> str:
        return str(PATHWAY_LABELS.get(self.pathway, "")) if self.pathway else ""

    @property
    def risk_label(self) -> str:
        return str(RISK_LABELS[self.risk][0]) if self.risk in RISK_LABELS else ""

    @property
    def risk_tone(self) -> str:
        return RISK_LABELS[self.risk][1] if self.risk in RISK_LABELS else ""

    @property
    def last_week(self) -> WeekAdherence | None:
        return self.adherence[-1] if self.adherence else None

    @property
    def disability_first(self) -> float | None:
        scores = self.facts.scores.get("qbpds", [])
        return scores[0].value if scores else None

    @property
    def disability_now(self) -> float | None:
        scores = self.facts.scores.get("qbpds", [])
        return scores[-1].value if len(scores) > 1 else None

    @property
    def disability_tone(self) -> str:
        change = self.disability_change
        if change is None:
            return ""
        if worse_by_mic(change):
            return "danger"
        return "ok" if attention.reached_mic(change) else ""

    @property
    def disability_delta(self) -> float | None:
        change = self.disability_change
        return None if change is None else -float(change.improvement)


@lru_cache(maxsize=1024)
def _figure(value: float | None, language: str | None) -> str:
    """``floatformat:"-1"`` in ``language`` (the active one), kept per value."""
    return "" if value is None else floatformat(value, "-1")


@lru_cache(maxsize=256)
def _week_words(week: int | None, language: str | None) -> str:
    return _("week %(week)s") % {"week": week}


@lru_cache(maxsize=4096)
def _days_words(done: int, planned: int, walked: int, language: str | None) -> str:
    return _("%(done)s/%(planned)s oefendagen, wandeldoel %(walked)s/7") % {
        "done": done,
        "planned": planned,
        "walked": walked,
    }


def _number_of(value: object) -> float | None:
    """A score's value as a number; anything else (missing, yes/no, text) as None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _number(value: object) -> float | None:
    try:
        return None if value in (None, "") else float(str(value))
    except ValueError:
        return None


def _annotated(patients: PatientQuerySet, today: date, zone: tzinfo) -> PatientQuerySet:
    """The facts of the rules that the database can say as one value per patient."""
    intakes = Intake.objects.filter(patient=OuterRef("pk"))
    checkins = CheckIn.objects.submitted().filter(patient=OuterRef("pk")).newest_first()
    # The flare-up rule looks back FLARE_RECENT_DAYS (the day of a moment in ``zone``): an
    # older flare-up changes no reason, so none is read (by the index on patient and
    # submitted_at instead of every check-in of the patient).
    flare_days_from = timezone.make_aware(
        datetime.combine(today - timedelta(days=attention.FLARE_RECENT_DAYS - 1), time.min),
        zone,
    )
    recent_flares = checkins.filter(flare=True, submitted_at__gte=flare_days_from)
    return patients.annotate(
        intake_completed_at=Subquery(intakes.values("completed_at")[:1]),
        intake_nprs=Subquery(intakes.annotate(value=KT("answers__nprs")).values("value")[:1]),
        latest_assessment_id=Subquery(
            TriageAssessment.objects.filter(patient=OuterRef("pk"))
            .order_by("-created_at", "-id")
            .values("pk")[:1]
        ),
        latest_decision_id=Subquery(
            ClassificationDecision.objects.filter(patient=OuterRef("pk"))
            .order_by("-decided_at", "-id")
            .values("pk")[:1]
        ),
        last_day_log=Subquery(
            DayLog.objects.filter(patient=OuterRef("pk")).order_by("-date").values("date")[:1]
        ),
        last_checkin_at=Subquery(checkins.values("submitted_at")[:1]),
        oldest_unread_message=oldest_unread(),
        last_flare_checkin_at=Subquery(recent_flares.values("submitted_at")[:1]),
        # Likewise the last flare-up of a day log in the rule's week.
        last_flare_log=Subquery(
            DayLog.objects.filter(
                patient=OuterRef("pk"),
                flare=True,
                date__gt=today - timedelta(days=attention.FLARE_RECENT_DAYS),
                date__lte=today,
            )
            .order_by("-date")
            .values("date")[:1]
        ),
        discharged=Exists(Discharge.objects.current().filter(patient=OuterRef("pk"))),
        has_programme=Exists(Programme.objects.filter(patient=OuterRef("pk"))),
    )


# What a row reads of a patient itself (``CasePatient``'s names for Django's): fresh on
# every view, with the stored summary and the count of changes since.
PATIENT_VALUES = {
    "pk": "pk",
    "practice_id": "practice_id",
    "name": "user__full_name",
    "password": "user__password",
    "therapist_name": "therapist__full_name",
    "stored": "case_summary__data",
}
# The version of what a stored summary holds: raise it when the facts or the figures
# worked out for a row change their meaning, so every stored row is worked out anew once.
SUMMARY_FORMAT = 1


class CasePatient:
    """A row's patient: the values the caseload reads (``PATIENT_VALUES``), not a model
    instance with its user, practice and therapist (issue #15: 800 model instances were a
    fifth of a caseload's time). It equals the ``Patient`` of its id."""

    changes: int
    intake_completed_at: datetime | None = None

    def __init__(self, values: dict[str, Any]) -> None:
        password = values.pop("password")
        stored = values.pop("stored")
        self.__dict__.update(values)
        # As ``User.has_usable_password``; the hash itself is not kept.
        self.has_usable_password = is_password_usable(password)
        self.stored = stored or {}
        self.summary: dict[str, Any] | None = self.stored.get("row")

    def current(self, today: date, zone: str) -> bool:
        """Whether the stored summary is today's and no data changed since."""
        return self.stored.get("made") == [SUMMARY_FORMAT, self.changes, today.isoformat(), zone]

    @property
    def id(self) -> int:
        return self.pk

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CasePatient | Patient):
            return self.pk == other.pk
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.pk)

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<CasePatient {self.pk}>"


def _patients(patients: PatientQuerySet) -> list[CasePatient]:
    """The patients with their stored summaries and their count of changes, read in the
    order: the count first, then (when a summary is not current) the data it counts, so a
    change in between makes the summary worked out now look old, never the other way."""
    read = patients.annotate(
        invitation_open=Exists(Invitation.objects.open().filter(user_id=OuterRef("user_id"))),
        changes=Coalesce(
            Subquery(CaseChanges.objects.filter(patient_id=OuterRef("pk")).values("changes")),
            0,
        ),
    ).values_list(*PATIENT_VALUES.values(), "invitation_open", "changes")
    names = [*PATIENT_VALUES, "invitation_open", "changes"]
    return [CasePatient(dict(zip(names, values, strict=True))) for values in read]


def _by_patient(rows: Iterable[Any]) -> dict[int, list[Any]]:
    """Rows grouped by patient: model rows by ``patient_id``, tuples by their first value."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row[0] if isinstance(row, tuple) else row.patient_id].append(row)
    return grouped


def caseload_rows(
    patients: PatientQuerySet,
    today: date | None = None,
    *,
    alerts: Sequence[RedFlagAlert] | None = None,
    complete: bool = True,
) -> list[CaseRow]:
    """A row per patient, most in need of attention first.

    Each row comes from the patient's stored summary (``CaseSummary``) when that is
    current: made today and no data of the patient changed since (counted by the
    database, ``CaseChanges``). The others are worked out from the data here, a dozen
    queries for all of them together, and stored for the next view (only for the real
    today: a report of an earlier day is worked out and not kept). The red-flag alerts
    are never stored: ``alerts`` are the open ones when the caller already read them (a
    superset is fine), else they are read here.

    ``complete=False``: the rows have what the order and the filters need (the reasons,
    pathway, risk group, week and the figures) but not yet the words of the reasons and
    the trends drawn, which ``complete_rows`` adds to the rows of one page.
    """
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone()
    zone_name = str(zone)
    people = _patients(patients)
    if not people:
        return []
    outdated = [patient for patient in people if not patient.current(today, zone_name)]
    if outdated:
        _summarise(outdated, today, zone)
        if today == timezone.localdate():
            _store(outdated, today, zone_name)
    if alerts is None:
        ids = [patient.pk for patient in people]
        alerts = list(RedFlagAlert.objects.open().filter(patient_id__in=ids))
    alerts_of = _by_patient(alerts)
    rows = [_row(patient, today, alerts_of.get(patient.pk, [])) for patient in people]
    rows.sort(
        key=lambda row: attention.sort_key(
            row.reasons, row.patient.name, discharged=row.facts.discharged, pk=row.patient.pk
        )
    )
    if complete:
        complete_rows(rows)
    return rows


def complete_rows(rows: Sequence[CaseRow]) -> None:
    """Add the words of the reasons and the trends to rows made with ``complete=False``,
    in the language active now: no query."""
    for row in rows:
        if row.completed:
            continue
        attention.worded(row.reasons)
        row.disability_change = attention.change_since_intake(row.facts, "qbpds")
        _add_trends(row)
        row.completed = True


# --- the summary: a patient's row worked out from their data and stored ---------------------

# What ``_summarise`` reads of each patient, with the facts of ``_annotated``.
FACT_FIELDS = (
    "pk",
    "created_at",
    "intake_completed_at",
    "intake_nprs",
    "latest_assessment_id",
    "latest_decision_id",
    "last_day_log",
    "last_checkin_at",
    "oldest_unread_message",
    "last_flare_checkin_at",
    "last_flare_log",
    "discharged",
    "has_programme",
)


def _summarise(people: Sequence[CasePatient], today: date, zone: tzinfo) -> None:
    """Work out the summary of each of ``people`` from their data: each kind of data read
    for all of them in one query (a dozen in all), nothing per patient."""
    ids = [patient.pk for patient in people]
    facts_of = {
        facts.pk: facts
        for facts in _annotated(
            Patient.objects.filter(pk__in=ids).order_by(), today, zone
        ).values_list(*FACT_FIELDS, named=True)
    }
    # Of a triage's summary only the two values a row reads (as text), not its whole JSON.
    assessments = {
        a.pk: a
        for a in TriageAssessment.objects.filter(
            pk__in=[f.latest_assessment_id for f in facts_of.values() if f.latest_assessment_id]
        )
        .order_by()
        .annotate(pathway=KT("summary__pathway"), risk=KT("summary__startback_risk"))
        .values_list("pk", "pathway", "risk", named=True)
    }
    decisions = {
        d.pk: d
        for d in ClassificationDecision.objects.filter(
            pk__in=[f.latest_decision_id for f in facts_of.values() if f.latest_decision_id]
        )
        .order_by()
        # (KT would read "assessment" as the JSON field: it follows no relation)
        .annotate(decided_risk=KeyTextTransform("startback_risk", "assessment__summary"))
        .values_list("pk", "pathway", "assessment_id", "decided_risk", named=True)
    }
    # Of each score's JSON only the value the rules read (MIC_SCORE_KEY), per instrument.
    score_values = {
        f"value_{code}": KeyTransform(MIC_SCORE_KEY[code], "scores")
        for code in attention.TREND_INSTRUMENTS
    }
    scores_of = _by_patient(
        QuestionnaireResponse.objects.submitted()
        .filter(patient_id__in=ids, instrument__in=attention.TREND_INSTRUMENTS)
        # The day in the current time zone (as timezone.localdate) from the database: a
        # date instead of a moment with its zone to parse, for a thousand responses.
        .annotate(day=TruncDate("submitted_at", tzinfo=zone), **score_values)
        .order_by("submitted_at", "id")
        .values_list("patient_id", "instrument", "day", *score_values)
    )
    plans_of = _plans_by_patient(ids, today)
    low_adherence = set(
        Programme.objects.low_adherence(weeks=2)
        .filter(patient_id__in=ids)
        .values_list("patient_id", flat=True)
    )
    overdue_of = _by_patient(
        _visible(Assignment.objects.overdue(today).filter(patient_id__in=ids), people).values_list(
            "patient_id", "instrument", "due_on"
        )
    )
    logs_of = _logs_by_patient(ids, today)
    for patient in people:
        facts = facts_of[patient.pk]
        patient.summary = _summary(
            facts,
            today,
            zone,
            assessment=assessments.get(facts.latest_assessment_id),
            decision=decisions.get(facts.latest_decision_id),
            scores=scores_of.get(patient.pk, []),
            plans=plans_of.get(patient.pk, []),
            low_adherence=patient.pk in low_adherence,
            overdue=[(code, due) for _pk, code, due in overdue_of.get(patient.pk, [])],
            logs=logs_of.get(patient.pk, []),
        )


def _store(people: Sequence[CasePatient], today: date, zone: str) -> None:
    """Keep the summaries just worked out, each with the count of changes read before
    its data (``_patients``): when the data changed meanwhile, the count has moved on and
    the next view works the row out again. A summary that cannot be written now (its
    patient deleted meanwhile, another view writing the same rows) is worked out again
    next time: nothing depends on it being kept."""
    day = today.isoformat()
    kept = [
        CaseSummary(
            patient_id=patient.pk,
            data={"made": [SUMMARY_FORMAT, patient.changes, day, zone], "row": patient.summary},
        )
        for patient in sorted(people, key=lambda patient: patient.pk)  # one order of locks
    ]
    try:
        with transaction.atomic():
            CaseSummary.objects.bulk_create(
                kept, update_conflicts=True, unique_fields=["patient"], update_fields=["data"]
            )
    except DatabaseError:
        logger.warning("Caseload summaries not kept this time", exc_info=True)


def _logs_by_patient(ids: list[int], today: date) -> dict[int, list[Any]]:
    """The day logs of the adherence weeks and the pain trend, as named tuples."""
    return _by_patient(
        DayLog.objects.filter(
            patient_id__in=ids, date__gt=today - timedelta(days=DAY_LOG_DAYS), date__lte=today
        )
        .order_by("date")
        .values_list(*LOG_FIELDS, named=True)
    )


def _visible(assignments: AssignmentQuerySet, people: Sequence[CasePatient]) -> AssignmentQuerySet:
    """``visible_to_patient()``, without joining the patients for their practice when they
    all share one (a caseload): a join PostgreSQL hashes over the whole patients table."""
    practices = {patient.practice_id for patient in people}
    if len(practices) != 1:
        return assignments.visible_to_patient()
    licensed = InstrumentLicence.objects.filter(
        practice_id=practices.pop(), instrument=OuterRef("instrument")
    )
    return assignments.filter(~Q(instrument__in=catalog.LICENCE_RESTRICTED) | Exists(licensed))


def _plans_by_patient(ids: list[int], today: date) -> dict[int, list[Any]]:
    """The weeks of running programmes that the rows need: the current and the waiting
    week, and the recent finished ones, as named tuples of WEEK_FIELDS (the week's number,
    start and status, its programme's status and start) and what adherence reads of the
    plan (PLAN_PARTS: the database takes each part out of the stored JSON), not the plan
    itself (a few kilobytes of JSON a week)."""
    recent = today - timedelta(days=DAYS_PER_WEEK * (ADHERENCE_WEEKS + 1))
    plans = (
        WeeklyPlan.objects.filter(programme__patient_id__in=ids)
        .exclude(programme__status=Programme.Status.ENDED)
        .filter(
            Q(status__in=(WeeklyPlan.Status.ACTIVE, WeeklyPlan.Status.PROPOSED))
            | Q(starts_on__gte=recent)
        )
        .order_by("week")
    )
    grouped: dict[int, list[Any]] = defaultdict(list)
    for read in plans.values_list(*WEEK_FIELDS, *_plan_parts()):
        week = _with_parts(read)
        grouped[week.programme__patient_id].append(week)
    return grouped


def _day(moment: datetime | None, zone: tzinfo) -> date | None:
    """``timezone.localdate`` in ``zone``: the current time zone, looked up once per
    caseload rather than for each of a thousand moments."""
    return None if moment is None else moment.astimezone(zone).date()


def _latest(*days: date | None) -> date | None:
    return max((day for day in days if day is not None), default=None)


def _classification(
    assessment: Any | None, decision: Any | None
) -> tuple[str | None, str | None, tuple[str | None, str] | None]:
    """Pathway, STarT Back risk group and a changed risk group, as
    ``intake.status.current_classification`` and ``changed_proposal`` read them, from
    rows read in bulk: ``assessment`` (pk, pathway, risk) of the latest triage's summary,
    ``decision`` (pk, pathway, assessment_id, decided_risk: the risk group in the summary
    of the triage it decided on)."""
    risk = assessment.risk if assessment is not None else None
    if decision is None:
        return (assessment.pathway if assessment is not None else None), risk, None
    changed = None
    if assessment is not None and assessment.pk != decision.assessment_id:
        decided = decision.decided_risk
        if risk is not None and risk != decided:
            changed = (decided, risk)
    return decision.pathway or None, risk, changed


def _scores(rows: Sequence[tuple[Any, ...]]) -> dict[str, list[Score]]:
    """``rows``: (patient id, instrument, the day it was submitted in the current time
    zone, then the value of MIC_SCORE_KEY of each of TREND_INSTRUMENTS, in that order)."""
    found: dict[str, list[Score]] = {code: [] for code in attention.TREND_INSTRUMENTS}
    column = {code: n for n, code in enumerate(attention.TREND_INSTRUMENTS)}
    for _patient_id, code, day, *values in rows:
        value = _number_of(values[column[code]])
        if value is not None:
            found[code].append(Score(day, value))
    return found


def _finished(plans: Sequence[Any], today: date) -> list[Any]:
    """The finished weeks a row's adherence shows (of weeks as WEEK_FIELDS or plans)."""
    first_logged = today - timedelta(days=DAY_LOG_DAYS - 1)
    last_start = today - timedelta(days=DAYS_PER_WEEK)  # ended: today after its last day
    return [
        plan
        for plan in plans
        if plan.status != WeeklyPlan.Status.PROPOSED
        and first_logged <= plan.starts_on <= last_start
    ][-ADHERENCE_WEEKS:]


def _summary(
    facts: Any,
    today: date,
    zone: tzinfo,
    *,
    assessment: Any | None,
    decision: Any | None,
    scores: Sequence[tuple[Any, ...]],
    plans: Sequence[Any],
    low_adherence: bool,
    overdue: Sequence[tuple[str, date]],
    logs: Sequence[Any],
) -> dict[str, Any]:
    """What a row is made of, as JSON: the facts of the rules (but the alerts) and the
    figures, days as ISO text."""

    def patient_day(moment: datetime | None) -> str | None:
        return _iso(_day(moment, zone))

    pathway, risk, risk_change = _classification(assessment, decision)
    by_code = _scores(scores)
    current = next((p for p in plans if p.status == WeeklyPlan.Status.ACTIVE), None)
    waiting = next((p for p in plans if p.status == WeeklyPlan.Status.PROPOSED), None)
    last = plans[-1] if plans else None  # its programme is the row's
    running = last if last and last.programme__status == Programme.Status.ACTIVE else None
    intake_waiting = None
    # Issue #12: a finished intake waits for the therapist's review while no
    # classification is recorded and no programme started.
    if facts.intake_completed_at and not facts.latest_decision_id and not facts.has_programme:
        intake_waiting = patient_day(facts.intake_completed_at)
    adherence = [week_adherence(plan, logs) for plan in _finished(plans, today)]
    return {
        "intake_completed_at": _iso(facts.intake_completed_at),
        "episode_start": patient_day(facts.intake_completed_at or facts.created_at),
        "last_flare": _iso(_latest(facts.last_flare_log, _day(facts.last_flare_checkin_at, zone))),
        "scores": {
            code: [[score.day.isoformat(), score.value] for score in found]
            for code, found in by_code.items()
        },
        "programme_started": patient_day(running.programme__started_at) if running else None,
        "last_checkin": _iso(_latest(facts.last_day_log, _day(facts.last_checkin_at, zone))),
        "low_adherence": low_adherence,
        "waiting_week": waiting.week if waiting else None,
        "risk_change": risk_change,
        "overdue": [[code, due.isoformat()] for code, due in overdue],
        "discharged": facts.discharged,
        "intake_waiting": intake_waiting,
        "unread_message": patient_day(facts.oldest_unread_message),
        "pathway": pathway,
        "risk": risk,
        "week": current.week if current else None,
        "programme_status": last.programme__status if last else None,
        "pain": _pain(by_code["nprs"], facts.intake_nprs, logs, today),
        "adherence": [
            [week.week, week.exercise_days, week.exercise_days_planned, week.walking_days]
            for week in adherence
        ],
    }


def _pain(
    nprs: Sequence[Score], intake_nprs: object, logs: Sequence[Any], today: date
) -> dict[str, Any]:
    """Pain at the intake and now (the newest of a later NPRS and the pain of a day log),
    and the pain of each of the last PAIN_TREND_DAYS days when at least two are known."""
    intake = nprs[0].value if nprs else _number(intake_nprs)
    later = [(score.day, score.value) for score in nprs[1:]]
    later += [(log.date, float(log.pain)) for log in logs if log.pain is not None]
    now_on, now = max(later, key=lambda item: item[0]) if later else (None, None)
    first = today - timedelta(days=PAIN_TREND_DAYS - 1)
    daily = {log.date: log.pain for log in logs if log.pain is not None and log.date >= first}
    days = [daily.get(first + timedelta(days=n)) for n in range(PAIN_TREND_DAYS)]
    return {
        "intake": intake,
        "now": now,
        "now_on": _iso(now_on),
        "daily": days if len(daily) >= 2 else None,
    }


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _row(patient: CasePatient, today: date, alerts: Sequence[RedFlagAlert]) -> CaseRow:
    """The row of a patient from their summary and their open alerts, on ``today``."""
    made = patient.summary
    assert made is not None
    if made["intake_completed_at"]:
        patient.intake_completed_at = datetime.fromisoformat(made["intake_completed_at"])
    facts = CaseFacts(
        today=today,
        episode_start=date.fromisoformat(made["episode_start"]),
        alerts=[Alert(a.rule_id, a.urgency, a.get_urgency_display()) for a in alerts],
        last_flare=_date(made["last_flare"]),
        scores={
            code: [Score(date.fromisoformat(day), value) for day, value in found]
            for code, found in made["scores"].items()
        },
        programme_started=_date(made["programme_started"]),
        last_checkin=_date(made["last_checkin"]),
        low_adherence=made["low_adherence"],
        waiting_week=made["waiting_week"],
        risk_change=tuple(made["risk_change"]) if made["risk_change"] else None,
        overdue=[(code, date.fromisoformat(due)) for code, due in made["overdue"]],
        discharged=made["discharged"],
        intake_waiting=_date(made["intake_waiting"]),
        unread_message=_date(made["unread_message"]),
    )
    pain = made["pain"]
    return CaseRow(
        patient=patient,
        facts=facts,
        reasons=attention.reasons(facts),
        pathway=made["pathway"],
        risk=made["risk"],
        week=made["week"],
        programme_status=made["programme_status"],
        pain_intake=pain["intake"],
        pain_now=pain["now"],
        pain_now_on=_date(pain["now_on"]),
        pain_daily=pain["daily"],
        adherence=[WeekAdherence(*week) for week in made["adherence"]],
    )


def _listed(scores: Sequence[Score]) -> str:
    return ", ".join(
        f"{formats.date_format(s.day, 'MONTH_DAY_FORMAT')} {s.value:g}" for s in scores
    )


def _add_trends(row: CaseRow) -> None:
    nprs = row.facts.scores["nprs"]
    if row.pain_daily:
        row.pain_trend = sparkline(
            [None if v is None else float(v) for v in row.pain_daily],
            title=_("Pijn per dag, laatste 4 weken: %(values)s")
            % {"values": ", ".join(str(v) for v in row.pain_daily if v is not None)},
            low=0,
            high=10,
        )
    elif len(nprs) >= 2:
        row.pain_trend = sparkline(
            [score.value for score in nprs],
            title=_("NPRS: %(values)s") % {"values": _listed(nprs)},
            low=0,
            high=10,
        )
    qbpds = row.facts.scores["qbpds"]
    if len(qbpds) >= 2:
        rule = MIC_RULES["qbpds"]
        row.disability_trend = sparkline(
            [score.value for score in qbpds],
            title=_("QBPDS: %(values)s") % {"values": _listed(qbpds)},
            low=float(rule.minimum),
            high=float(rule.maximum),
        )
    percents = [week.percent for week in row.adherence]
    if sum(p is not None for p in percents) >= 2:
        row.adherence_trend = sparkline(
            [None if p is None else float(p) for p in percents],
            title=_("Oefendagen per week: %(values)s")
            % {
                "values": ", ".join(
                    f"{_('week')} {week.week} {week.percent}%"
                    for week in row.adherence
                    if week.percent is not None
                )
            },
            low=0,
            high=100,
            higher_is_worse=False,
        )


# --- the row as HTML ---------------------------------------------------------------------

NOTHING = "\u2013"  # an en dash: no figure
DASH = f'<span class="muted">{NOTHING}</span>'


def _row_html(row: CaseRow) -> SafeString:
    patient = row.patient
    e = conditional_escape
    tone = f' class="needs-attention {e(row.reasons[0].tone)}"' if row.reasons else ""
    parts = [
        f"<tr{tone}>\n"
        '      <th scope="row" class="who">\n'
        f'        <a class="name" href="{e(reverse("patients:detail", args=[patient.pk]))}">'
        f"{e(patient.name)}</a>\n        "
    ]
    if not patient.has_usable_password:
        if patient.invitation_open:
            parts.append(f'<span class="badge warning">{e(_("uitgenodigd"))}</span>')
        else:
            parts.append(f'<span class="badge danger">{e(_("uitnodiging verlopen"))}</span>')
    parts.append("\n        ")
    if row.reasons:
        reasons = "".join(
            f'<li class="{e(reason.tone)}">{e(reason.text)}</li>' for reason in row.reasons
        )
        parts.append(f'\n        <ul class="reasons">{reasons}</ul>\n        ')
    else:
        parts.append(f'<p class="calm">{e(_("Geen bijzonderheden"))}</p>')
    parts.append('\n      </th>\n      <td class="num">\n        ')
    if row.pain_intake is not None or row.pain_now is not None:
        parts.append(
            f'\n        <span class="figures">{e(row.shown_pain_intake or NOTHING)} → '
            f"<strong>{e(row.shown_pain_now or NOTHING)}</strong></span>\n"
            f"        {e(row.pain_trend)}\n        "
        )
    else:
        parts.append(DASH)
    parts.append('\n      </td>\n      <td class="num">\n        ')
    if row.disability_first is not None:
        now = ""
        if row.disability_now is not None:
            now = f" → <strong>{e(row.shown_disability_now)}</strong>"
        parts.append(
            f'\n        <span class="figures">{e(row.shown_disability_first)}{now}</span>\n        '
        )
        if row.disability_change:
            sign = "+" if row.disability_delta > 0 else ""
            parts.append(
                f'<span class="badge {e(row.disability_tone)}">{sign}'
                f"{e(row.shown_disability_delta)}</span>"
            )
        parts.append(f"\n        {e(row.disability_trend)}\n        ")
    else:
        parts.append(DASH)
    parts.append('\n      </td>\n      <td class="num">\n        ')
    week = row.last_week
    if week and week.percent is not None:
        percent = e(localize(week.percent))
        parts.append(
            f'\n        <span class="figures"><strong>{percent}%</strong></span>\n'
            f'        <span class="th-note">{e(row.shown_last_week)}</span>\n'
            f"        {e(row.adherence_trend)}\n        "
        )
    else:
        parts.append(DASH)
    parts.append("\n      </td>\n      <td>")
    if row.facts.discharged:
        parts.append(f'<span class="badge">{e(_("afgesloten"))}</span>')
    elif row.week:
        parts.append(e(row.shown_week))
        if row.programme_status == "paused":
            parts.append(f' <span class="badge warning">{e(_("gepauzeerd"))}</span>')
    elif row.facts.waiting_week:
        parts.append(e(_("wacht op start")))
    else:
        parts.append(f'<span class="muted">{e(_("niet gestart"))}</span>')
    parts.append("</td>\n      <td>")
    parts.append(e(row.pathway_label) if row.pathway else DASH)
    if row.risk:
        parts.append(f'<br><span class="badge {e(row.risk_tone)}">{e(row.risk_label)}</span>')
    parts.append("</td>")
    return mark_safe("".join(parts))


# --- filters ------------------------------------------------------------------------------

User = get_user_model()
NO_VALUE = "none"
ANY_REASON = "any"


class CaseloadForm(CaseloadFilterForm):
    """Search and scope, and the filters of the caseload: pathway, risk group, attention
    reason, therapist. A chosen therapist shows their patients, whatever the scope."""

    pathway = forms.ChoiceField(
        label=gettext_lazy("Zorgpad"),
        required=False,
        choices=[("", gettext_lazy("alle")), *PATHWAYS, (NO_VALUE, gettext_lazy("nog geen"))],
    )
    risk = forms.ChoiceField(
        label=gettext_lazy("STarT Back"),
        required=False,
        choices=[
            ("", gettext_lazy("alle")),
            *[(code, label) for code, (label, _tone) in RISK_LABELS.items()],
            (NO_VALUE, gettext_lazy("nog niet bekend")),
        ],
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Aandacht"),
        required=False,
        choices=[
            ("", gettext_lazy("alle patiënten")),
            (ANY_REASON, gettext_lazy("alleen wie aandacht nodig heeft")),
            *[(rule.code, rule.label) for rule in attention.RULES],
        ],
    )
    therapist = forms.ModelChoiceField(
        label=gettext_lazy("Therapeut"),
        required=False,
        queryset=User.objects.none(),
        empty_label=gettext_lazy("volgens 'Toon'"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        practices = Membership.objects.filter(user=user).values("practice_id")
        self.fields["therapist"].queryset = (
            User.objects.filter(
                memberships__practice__in=practices,
                memberships__role=Membership.Role.THERAPIST,
            )
            .distinct()
            .order_by("full_name")
        )

    def scoped(self, patients: PatientQuerySet, user: Any) -> PatientQuerySet:
        """The patients in scope, searched by name."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("therapist"):
            patients = patients.treated_by(data["therapist"])
        elif (data.get("scope") or "mine") == "mine":
            patients = patients.treated_by(user)
        return patients.search(data.get("q", ""))

    def keep(self, rows: Iterable[CaseRow]) -> list[CaseRow]:
        """The rows that pass the pathway, risk and attention filters."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        pathway, risk, reason = data.get("pathway"), data.get("risk"), data.get("reason")
        kept = []
        for row in rows:
            if pathway and (row.pathway or NO_VALUE) != pathway:
                continue
            if risk and (row.risk or NO_VALUE) != risk:
                continue
            if reason == ANY_REASON and not row.reasons:
                continue
            if reason and reason != ANY_REASON and reason not in row.codes:
                continue
            kept.append(row)
        return kept

    def filters(self) -> list["Filter"]:
        """The filter fields as the caseload's template writes them by hand, with what
        ``as_field_group`` writes of them: label, id, value or options, errors (issue #15:
        a widget template per field was a quarter of the page's template)."""
        return [_filter(self[name]) for name in FILTERS]

    @property
    def scope(self) -> str:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return "therapist" if data.get("therapist") else data.get("scope") or "mine"


# The caseload's filter fields, in the order shown.
FILTERS = ("q", "scope", "therapist", "reason", "pathway", "risk")


@dataclass(frozen=True)
class Filter:
    """One field of the filter form, for the template to write (``CaseloadForm.filters``):
    ``options`` is None for the text field, else (value, label, selected) per choice."""

    id: str
    name: str
    label: str
    errors: list[str]
    value: str
    options: list[tuple[str, str, bool]] | None


def _filter(field: forms.BoundField) -> Filter:
    """As Django's widgets write it: the label with the form's suffix (unless it ends in
    punctuation), the raw value given (or the initial), the choices with that one chosen."""
    label = str(field.label)
    suffix = field.field.label_suffix
    suffix = field.form.label_suffix if suffix is None else suffix
    if suffix and label and label[-1] not in _(":?.!"):
        label += suffix
    value = field.value()
    if isinstance(field.field, forms.ChoiceField):
        chosen = "" if value is None else str(value)
        options = [(str(key), str(text), str(key) == chosen) for key, text in field.field.choices]
        shown = ""
    else:
        options = None
        shown = "" if value in (None, "") else str(value)
    return Filter(field.id_for_label, field.html_name, label, list(field.errors), shown, options)
