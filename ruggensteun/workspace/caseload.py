"""The caseload: every patient in view with the reasons they need attention and their key
figures, read for the whole list at once.

``caseload_rows`` costs the same dozen queries for 10 patients as for 200: it reads each
kind of data for all patients in one query and works out the rest in Python (the rules
are in ``attention.py``). Nothing here queries per patient.

What the order needs is read for every patient, and only that (issue #15): the facts of
the rules as single values per patient where the database can say them (the last flare-up
of the rule's week, the weeks of the programme as plain tuples, the scores without the
rest of their JSON). The day logs and the plan parts that the figures and trends need are
read by ``complete_rows`` for the rows shown only.
"""

from collections import defaultdict, namedtuple
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable
from django.db import connection
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KT, KeyTextTransform, KeyTransform
from django.db.models.functions import TruncDate
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
from ruggensteun.workspace.models import Discharge

# The finished weeks a row's adherence trend shows.
ADHERENCE_WEEKS = 6
# The days of pain a row's pain trend shows.
PAIN_TREND_DAYS = 28
# Day logs read per patient: enough for the adherence weeks and the pain trend.
DAY_LOG_DAYS = (ADHERENCE_WEEKS + 1) * DAYS_PER_WEEK
# What the order reads of a programme week, for every row (as a named tuple).
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


# A week with what adherence reads of it: for the rows of a page (``complete_rows``) its
# number, start and status; for a row read whole (``complete=True``) all of WEEK_FIELDS.
PARTS_FIELDS = ("walking_goal", "exercise_days")
PlanParts = namedtuple("PlanParts", ("pk", "week", "starts_on", "status", *PARTS_FIELDS))
WeekParts = namedtuple("WeekParts", (*WEEK_FIELDS, *PARTS_FIELDS))


def _with_parts(kind: Any, read: Sequence[Any]) -> Any:
    """``read``: the fields of ``kind`` before PARTS_FIELDS, then ``_plan_parts()``."""
    count = len(kind._fields) - len(PARTS_FIELDS)
    fields, parts = read[:count], read[count:]
    if len(parts) == 1:  # PLAN_PARTS_POSTGRESQL: one array (None for a plan that is not an object)
        parts = parts[0] or [None] * len(PLAN_PARTS)
    walking_goal, *days = parts
    return kind(*fields, walking_goal, tuple(days))


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
    # What ``complete_rows`` reads to add the figures above (not shown): the weeks (as
    # WEEK_FIELDS; once completed, the finished weeks shown, with PLAN_PARTS) and the
    # day logs (once completed).
    plans: list[Any] = field(default_factory=list, repr=False)
    logs: list[Any] = field(default_factory=list, repr=False)
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


def _score_value(scores: dict[str, Any] | None, code: str) -> float | None:
    return _number_of((scores or {}).get(MIC_SCORE_KEY[code]))


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
        invitation_open=Exists(Invitation.objects.open().filter(user_id=OuterRef("user_id"))),
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


# What a row reads of a patient itself (``CasePatient``'s names for Django's).
PATIENT_VALUES = {
    "pk": "pk",
    "practice_id": "practice_id",
    "created_at": "created_at",
    "name": "user__full_name",
    "password": "user__password",
    "therapist_name": "therapist__full_name",
}


class CasePatient:
    """A row's patient: the values the rules and the caseload read (``PATIENT_VALUES`` and
    the facts of ``_annotated``), not a model instance with its user, practice and
    therapist (issue #15: 800 model instances were a fifth of a caseload's time). It
    equals the ``Patient`` of its id."""

    def __init__(self, values: dict[str, Any]) -> None:
        password = values.pop("password")
        self.__dict__.update(values)
        # As ``User.has_usable_password``; the hash itself is not kept.
        self.has_usable_password = is_password_usable(password)

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


def _patients(patients: PatientQuerySet, today: date, zone: tzinfo) -> list[CasePatient]:
    annotated = _annotated(patients, today, zone)
    names = [*PATIENT_VALUES, *annotated.query.annotations]
    read = annotated.values_list(*PATIENT_VALUES.values(), *annotated.query.annotations)
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

    ``alerts``: the open red-flag alerts when the caller already read them (a superset is
    fine); else they are read here. ``complete=False``: the rows have what the order and
    the filters need (the attention reasons, pathway, risk group, programme week) but not
    yet the figures and trends a page shows; ``complete_rows`` adds those to the rows of
    one page (one query), so a long caseload does that work only for the rows shown.
    """
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone()
    people = _patients(patients, today, zone)
    ids = [patient.pk for patient in people]
    if not ids:
        return []
    if alerts is None:
        alerts = list(RedFlagAlert.objects.open().filter(patient_id__in=ids))
    alerts_of = _by_patient(alerts)
    # Of a triage's summary only the two values a row reads (as text), not its whole JSON.
    assessments = {
        a.pk: a
        for a in TriageAssessment.objects.filter(
            pk__in=[p.latest_assessment_id for p in people if p.latest_assessment_id]
        )
        .order_by()
        .annotate(pathway=KT("summary__pathway"), risk=KT("summary__startback_risk"))
        .values_list("pk", "pathway", "risk", named=True)
    }
    decisions = {
        d.pk: d
        for d in ClassificationDecision.objects.filter(
            pk__in=[p.latest_decision_id for p in people if p.latest_decision_id]
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
    plans_of = _plans_by_patient(ids, today, parts=complete)
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
    rows = []
    for patient in people:
        row = _row(
            patient,
            today,
            zone,
            alerts=alerts_of.get(patient.pk, []),
            assessment=assessments.get(patient.latest_assessment_id),
            decision=decisions.get(patient.latest_decision_id),
            scores=scores_of.get(patient.pk, []),
            plans=plans_of.get(patient.pk, []),
            low_adherence=patient.pk in low_adherence,
            overdue=[(code, due) for _pk, code, due in overdue_of.get(patient.pk, [])],
        )
        rows.append(row)
    rows.sort(
        key=lambda row: attention.sort_key(
            row.reasons, row.patient.name, discharged=row.facts.discharged, pk=row.patient.pk
        )
    )
    if complete:  # a few rows (a patient page): their figures read with the rest
        logs_of = _logs_by_patient(ids, today)
        for row in rows:
            row.logs = logs_of.get(row.patient.pk, [])
            row.plans = _finished(row.plans, today)
        _complete(rows, today)
    return rows


def _logs_by_patient(ids: list[int], today: date) -> dict[int, list[Any]]:
    """The day logs of the adherence weeks and the pain trend, as named tuples."""
    return _by_patient(
        DayLog.objects.filter(
            patient_id__in=ids, date__gt=today - timedelta(days=DAY_LOG_DAYS), date__lte=today
        )
        .order_by("date")
        .values_list(*LOG_FIELDS, named=True)
    )


def complete_rows(rows: Sequence[CaseRow], today: date | None = None) -> None:
    """Add the figures and trends to rows made with ``complete=False``: two queries, for
    the day logs of these rows (the adherence weeks and the pain trend) and what adherence
    reads of their finished weeks (PLAN_PARTS)."""
    today = today or timezone.localdate()
    rows = [row for row in rows if not row.completed]
    if not rows:
        return
    logs_of = _logs_by_patient([row.patient.pk for row in rows], today)
    finished = {row.patient.pk: [week.pk for week in _finished(row.plans, today)] for row in rows}
    read = [pk for ids in finished.values() for pk in ids]
    plans = (
        {
            plan[0]: _with_parts(PlanParts, plan)
            for plan in WeeklyPlan.objects.filter(pk__in=read)
            .order_by()  # no join for the model's order: read into a dict
            .values_list("pk", "week", "starts_on", "status", *_plan_parts())
        }
        if read
        else {}
    )
    for row in rows:
        row.logs = logs_of.get(row.patient.pk, [])
        row.plans = [plans[pk] for pk in finished[row.patient.pk]]
    _complete(rows, today)


def _complete(rows: Iterable[CaseRow], today: date) -> None:
    for row in rows:
        attention.worded(row.reasons)
        row.disability_change = attention.change_since_intake(row.facts, "qbpds")
        row.adherence = _adherence(row.plans, row.logs, today)
        _add_pain(row, row.patient, row.logs, today)
        _add_trends(row)
        row.completed = True


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


def _plans_by_patient(ids: list[int], today: date, *, parts: bool) -> dict[int, list[Any]]:
    """The weeks of running programmes that the rows need: the current and the waiting
    week, and the recent finished ones, as named tuples of WEEK_FIELDS (the week's number,
    start and status, its programme's status and start), none of their contents (a few
    kilobytes of JSON a week): ``complete_rows`` reads what adherence needs of the
    finished ones shown; with ``parts`` it is read here (PLAN_PARTS: the database takes
    each part out of the stored JSON, so for many rows leave them to ``complete_rows``)."""
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
    if parts:
        read = plans.values_list(*WEEK_FIELDS, *_plan_parts())
        weeks = [_with_parts(WeekParts, week) for week in read]
    else:
        weeks = list(plans.values_list(*WEEK_FIELDS, named=True))
    for week in weeks:
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


def _adherence(
    plans: Sequence[WeeklyPlan], logs: Sequence[Any], today: date
) -> list[WeekAdherence]:
    return [week_adherence(plan, logs) for plan in _finished(plans, today)]


def _row(
    patient: Any,
    today: date,
    zone: tzinfo,
    *,
    alerts: Sequence[RedFlagAlert],
    assessment: Any | None,
    decision: Any | None,
    scores: Sequence[tuple[Any, ...]],
    plans: Sequence[Any],
    low_adherence: bool,
    overdue: Sequence[tuple[str, date]],
) -> CaseRow:
    def patient_day(moment: datetime | None) -> date | None:
        return _day(moment, zone)

    pathway, risk, risk_change = _classification(assessment, decision)
    by_code = _scores(scores)
    current = next((p for p in plans if p.status == WeeklyPlan.Status.ACTIVE), None)
    waiting = next((p for p in plans if p.status == WeeklyPlan.Status.PROPOSED), None)
    last = plans[-1] if plans else None  # its programme is the row's
    running = last if last and last.programme__status == Programme.Status.ACTIVE else None
    facts = CaseFacts(
        today=today,
        episode_start=patient_day(patient.intake_completed_at or patient.created_at),
        alerts=[Alert(a.rule_id, a.urgency, a.get_urgency_display()) for a in alerts],
        last_flare=_latest(patient.last_flare_log, patient_day(patient.last_flare_checkin_at)),
        scores=by_code,
        programme_started=patient_day(running.programme__started_at) if running else None,
        last_checkin=_latest(patient.last_day_log, patient_day(patient.last_checkin_at)),
        low_adherence=low_adherence,
        waiting_week=waiting.week if waiting else None,
        risk_change=risk_change,
        overdue=overdue,
        discharged=patient.discharged,
        intake_waiting=_intake_waiting(patient, zone),
        unread_message=patient_day(patient.oldest_unread_message),
    )
    row = CaseRow(
        patient=patient,
        facts=facts,
        reasons=attention.reasons(facts),
        pathway=pathway,
        risk=risk,
        week=current.week if current else None,
        programme_status=last.programme__status if last else None,
        plans=list(plans),
    )
    return row


def _intake_waiting(patient: Any, zone: tzinfo) -> date | None:
    """The day the intake was finished, while the therapist has not reviewed it: no
    classification recorded and no programme started (issue #12)."""
    if patient.intake_completed_at is None:
        return None
    if patient.latest_decision_id is not None or patient.has_programme:
        return None
    return _day(patient.intake_completed_at, zone)


def _add_pain(row: CaseRow, patient: Any, logs: Sequence[Any], today: date) -> None:
    nprs = row.facts.scores["nprs"]
    row.pain_intake = nprs[0].value if nprs else _number(patient.intake_nprs)
    # Pain now: the newest of a later NPRS and the pain of a day log.
    later = [(score.day, score.value) for score in nprs[1:]]
    later += [(log.date, float(log.pain)) for log in logs if log.pain is not None]
    if later:
        row.pain_now_on, row.pain_now = max(later, key=lambda item: item[0])
    first = today - timedelta(days=PAIN_TREND_DAYS - 1)
    daily = {log.date: log.pain for log in logs if log.pain is not None and log.date >= first}
    if len(daily) >= 2:
        values = [daily.get(first + timedelta(days=n)) for n in range(PAIN_TREND_DAYS)]
        row.pain_trend = sparkline(
            [None if v is None else float(v) for v in values],
            title=_("Pijn per dag, laatste 4 weken: %(values)s")
            % {"values": ", ".join(str(v) for v in values if v is not None)},
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


def _listed(scores: Sequence[Score]) -> str:
    return ", ".join(
        f"{formats.date_format(s.day, 'MONTH_DAY_FORMAT')} {s.value:g}" for s in scores
    )


def _add_trends(row: CaseRow) -> None:
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
