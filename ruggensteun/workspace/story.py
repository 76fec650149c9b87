"""The patient page tells the story: triage and classification with every override, what
happened since (newest first), the charts, and the plan in force.

``patient_story`` reads each kind of data once (a fixed number of queries, however long
the history) and hands the page plain objects. Judgements come from where they live: the
reasons for attention from ``attention.py``, change against the MIC from the clinical core
(through ``questionnaires.results``), plan texts from ``programme.display``.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property, partial
from statistics import mean
from typing import Any

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from ruggensteun.charts import Chart, Point, pain_chart, score_chart, sessions_chart, walking_chart
from ruggensteun.clinical.instruments.change import MIC_RULES
from ruggensteun.clinical.programme.adherence import split_weeks
from ruggensteun.clinical.triage.urgency import most_urgent_first
from ruggensteun.diary.models import CheckIn
from ruggensteun.intake.models import (
    ClassificationDecision,
    Intake,
    RedFlagAlert,
    TriageAssessment,
)
from ruggensteun.intake.status import Classification, changed_proposal, current_classification
from ruggensteun.intake.wording import (
    NOTHING,
    answer_line,
    classification_name,
    classification_words,
    rule_name,
)
from ruggensteun.patients.models import Patient
from ruggensteun.programme.display import PlanView, plan_view
from ruggensteun.programme.models import DayLog, PlanChange, Programme, WeeklyPlan
from ruggensteun.programme.templatetags.exercises import exercise_name
from ruggensteun.questionnaires.results import (
    CHART_KEYS,
    MIC_SCORE_KEY,
    InstrumentResults,
    patient_results,
)
from ruggensteun.workspace.caseload import CaseRow, caseload_rows, week_adherence
from ruggensteun.workspace.models import Discharge, SessionNote

# The newest events the patient page shows; the older ones come a page at a time
# (TIMELINE_PAGE) behind "Eerdere gebeurtenissen tonen".
TIMELINE_FIRST = 25
TIMELINE_PAGE = 50


def label(kind: str, value: str | None) -> str:
    """A classification value in words ("oefentherapie" for ``exercise``)."""
    return classification_words(kind, value)


# --- the intake in words --------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeSummary:
    """What the patient told at the intake, in plain words for the therapist (issue #12)."""

    lines: list[tuple[str, str]]
    complete: bool
    completed_at: datetime | None


def _yes(answers: dict[str, Any], name: str) -> bool | None:
    """True, False, or None when the question was not answered (never "no")."""
    value = answers.get(name)
    return value if isinstance(value, bool) else None


def _where(answers: dict[str, Any]) -> str:
    leg = answers.get("leg_pain")
    words = {
        "none": _("alleen in de rug"),
        "buttock_thigh": _("in de rug, uitstralend tot in de bil of het bovenbeen"),
        "below_knee": _("in de rug, uitstralend tot onder de knie"),
    }
    if leg not in words:
        return _("niet beantwoord")
    parts = [words[leg]]
    sides = answers.get("leg_pain_sides")
    if leg != "none" and sides in ("one", "both"):
        parts.append(_("in één been") if sides == "one" else _("in beide benen"))
    if leg != "none" and _yes(answers, "leg_pain_worse_than_back"):
        parts.append(_("de beenpijn is erger dan de rugpijn"))
    return "; ".join(parts)


def _since(answers: dict[str, Any]) -> str:
    weeks = answers.get("duration_weeks")
    if isinstance(weeks, bool) or not isinstance(weeks, int):
        text = _("niet beantwoord")
    elif weeks == 0:
        text = _("deze week begonnen")
    else:
        text = ngettext(
            "ongeveer %(weeks)s week geleden begonnen",
            "ongeveer %(weeks)s weken geleden begonnen",
            weeks,
        ) % {"weeks": weeks}
    recurrent = _yes(answers, "recurrent")
    if recurrent is True:
        text += "; " + _("de rugpijn komt vaak terug")
    elif recurrent is False:
        text += "; " + _("de rugpijn komt niet vaak terug")
    return text


def _began(answers: dict[str, Any]) -> str:
    major, minor = _yes(answers, "major_trauma"), _yes(answers, "minor_trauma")
    parts = []
    if major:
        parts.append(_("na een flinke klap, zoals een val van hoogte of een verkeersongeluk"))
    if minor:
        parts.append(_("na een kleine val of na tillen"))
    if parts:
        return "; ".join(parts)
    if major is False and minor is False:
        return _("zonder val, ongeluk of tillen")
    return _("niet beantwoord")


def _work(answers: dict[str, Any]) -> str:
    status = {
        "working": _("werkt"),
        "sick_leave": _("ziekgemeld"),
        "not_employed": _("geen betaald werk"),
        "retired": _("met pensioen"),
        "student": _("op school of studeert"),
    }.get(answers.get("work_status", ""))
    if status is None:
        return _("niet beantwoord")
    load = {
        "sedentary": _("vooral zittend werk"),
        "light": _("licht werk: veel staan of lopen, weinig tillen"),
        "moderate": _("middelzwaar werk: regelmatig tillen of bukken"),
        "heavy": _("zwaar werk: vaak zwaar tillen, duwen of trekken"),
    }.get(answers.get("work_physical_load", ""))
    return f"{status}; {load}" if load else status


def _out_of_ten(answers: dict[str, Any], name: str, text: str) -> str:
    value = answers.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        return _("niet beantwoord")
    return text % {"value": value}


def intake_summary(intake: Intake | None) -> IntakeSummary | None:
    """The intake answers in words (where, since when, how it began, work, expectation,
    pain); a question that was not answered says so. None without any answer."""
    if intake is None or not intake.answers:
        return None
    answers = intake.answers
    lines = [
        (_("Waar zit de pijn"), _where(answers)),
        (_("Sinds wanneer"), _since(answers)),
        (_("Hoe het begon"), _began(answers)),
        (_("Werk"), _work(answers)),
        (
            _("Verwachting"),
            _out_of_ten(
                answers,
                "recovery_expectation",
                _("%(value)s van 10 zeker dat de rug herstelt (0 = helemaal niet zeker)"),
            ),
        ),
        (
            _("Pijn"),
            _out_of_ten(
                answers, "nprs", _("%(value)s van 10, gemiddeld in de 24 uur voor de intake")
            ),
        ),
    ]
    return IntakeSummary(lines, intake.is_complete, intake.completed_at)


# --- the timeline -------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    when: datetime
    kind: str
    """The CSS name: red_flag, flare_up, checkin, week, questionnaire, plan, session,
    classification, intake, discharge."""
    kind_label: str
    title: str
    detail: str = ""
    tone: str = ""
    url: str = ""
    has_time: bool = True

    @property
    def day(self) -> date:
        return timezone.localdate(self.when)


def _end_of(day: date) -> datetime:
    """A day without a time sorts after that day's timed events."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


@dataclass
class WeekSummary:
    """One programme week the patient followed, with the day logs in it."""

    number: int
    plan: WeeklyPlan
    starts_on: date
    ends_on: date
    logs: list[DayLog] = field(default_factory=list)

    @property
    def label(self) -> str:
        return pgettext("short for week", "wk %(number)s") % {"number": self.number}

    @property
    def goal(self) -> int:
        return int(self.plan.plan["walking"]["minutes_per_day"])

    # Worked out once: the charts and the timeline both read them (after ``logs`` is set).
    @cached_property
    def pain(self) -> float | None:
        scores = [log.pain for log in self.logs if log.pain is not None]
        return round(mean(scores), 1) if scores else None

    @cached_property
    def walking(self) -> float | None:
        minutes = [log.walking_minutes for log in self.logs if log.walking_minutes is not None]
        return round(mean(minutes), 1) if minutes else None

    @cached_property
    def adherence(self) -> Any:
        return week_adherence(self.plan, self.logs)


def followed_weeks(plans: Sequence[WeeklyPlan], logs: Sequence[DayLog]) -> list[WeekSummary]:
    """Every week followed so far (all programmes, oldest first); a week ends where the next
    one starts (after a pause or an early approval weeks can be shorter)."""
    followed = sorted(
        (plan for plan in plans if plan.status != WeeklyPlan.Status.PROPOSED),
        key=lambda plan: (plan.starts_on, plan.programme_id, plan.week),
    )
    weeks = [
        WeekSummary(span.number, followed[span.index], span.starts_on, span.ends_on)
        for span in split_weeks([plan.starts_on for plan in followed])
    ]
    for week in weeks:
        week.logs = [log for log in logs if week.starts_on <= log.date <= week.ends_on]
    return weeks


# Each kind of history gives its events as (when, build): the timeline is sorted by the
# moments and only the events it shows are worked out in words.
Pending = tuple[datetime, Callable[[], Event]]


def _week_event(week: WeekSummary, today: date) -> Event:
    adherence = week.adherence
    days = (min(week.ends_on, today) - week.starts_on).days + 1
    parts = [
        _("%(logged)s van de %(days)s dagen ingevuld") % {"logged": len(week.logs), "days": days}
    ]
    if week.pain is not None:
        parts.append(_("pijn gemiddeld %(pain)s") % {"pain": floatformat(week.pain, -1)})
    parts.append(
        _("wandeldoel gehaald op %(met)s van de %(days)s dagen")
        % {"met": adherence.walking_days, "days": days}
    )
    parts.append(
        _("oefeningen op %(done)s van de %(planned)s geplande dagen")
        % {"done": adherence.exercise_days, "planned": adherence.exercise_days_planned}
    )
    return Event(
        when=_end_of(max(log.date for log in week.logs)),
        kind="week",
        kind_label=_("week"),
        title=_("Week %(number)s: dagregistraties") % {"number": week.number},
        detail="; ".join(parts) + ".",
        has_time=False,
    )


def _week_events(weeks: Iterable[WeekSummary], today: date) -> Iterator[Pending]:
    for week in weeks:
        if week.logs:
            yield _end_of(max(log.date for log in week.logs)), partial(_week_event, week, today)


def _flare_up_event(log: DayLog) -> Event:
    return Event(
        _end_of(log.date),
        "flare_up",
        _("opstoot"),
        _("Opstoot gemeld"),
        _("pijn %(pain)s") % {"pain": log.pain} if log.pain is not None else "",
        tone="danger",
        has_time=False,
    )


def _flare_up_events(logs: Iterable[DayLog]) -> Iterator[Pending]:
    for log in logs:
        if log.flare:
            yield _end_of(log.date), partial(_flare_up_event, log)


def _started_event(programme: Programme) -> Event:
    return Event(
        programme.started_at,
        "plan",
        _("plan"),
        _("Programma gestart"),
        programme.started_by.full_name if programme.started_by else "",
    )


def _ended_event(programme: Programme) -> Event:
    assert programme.ended_at is not None
    return Event(programme.ended_at, "plan", _("plan"), _("Programma beëindigd"))


def _proposed_event(plan: WeeklyPlan) -> Event:
    return Event(
        plan.proposed_at,
        "plan",
        _("plan"),
        _("Week %(week)s voorgesteld: wacht op goedkeuring") % {"week": plan.week},
        tone="warning",
    )


def _week_started(plan: WeeklyPlan) -> datetime:
    return _end_of(plan.starts_on) - timedelta(hours=23, minutes=58)


def _week_started_event(plan: WeeklyPlan) -> Event:
    who = (
        _("goedgekeurd door %(name)s") % {"name": plan.approved_by.full_name}
        if plan.approved_by
        else _("vanzelf gestart")
    )
    return Event(
        _week_started(plan),
        "plan",
        _("plan"),
        _("Week %(week)s: %(decision)s")
        % {"week": plan.week, "decision": plan.get_decision_display()},
        who,
        tone="danger" if plan.decision == "step_back" else "",
        has_time=False,
    )


def _change_event(change: PlanChange) -> Event:
    if change.kind == PlanChange.Kind.SWAP:
        what = _("%(old)s gewisseld voor %(new)s") % {
            "old": exercise_name(change.exercise_id),
            "new": exercise_name(change.new_exercise_id),
        }
    elif change.kind == PlanChange.Kind.DOSAGE:
        what = _("Dosering van %(exercise)s aangepast") % {
            "exercise": exercise_name(change.exercise_id)
        }
    else:
        what = _("Wandeldoel aangepast")
    return Event(
        change.changed_at,
        "plan",
        _("plan"),
        f"{what} ({_('week')} {change.plan.week})",
        f"{change.reason} — {change.changed_by.full_name}",
    )


def _plan_events(
    programmes: Iterable[Programme], plans: Iterable[WeeklyPlan], changes: Iterable[PlanChange]
) -> Iterator[Pending]:
    for programme in programmes:
        yield programme.started_at, partial(_started_event, programme)
        if programme.ended_at:
            yield programme.ended_at, partial(_ended_event, programme)
    for plan in plans:
        if plan.status == WeeklyPlan.Status.PROPOSED:
            yield plan.proposed_at, partial(_proposed_event, plan)
        elif plan.week != 1:  # week 1 is told by "programme started"
            yield _week_started(plan), partial(_week_started_event, plan)
    for change in changes:
        yield change.changed_at, partial(_change_event, change)


def _raised_event(alert: RedFlagAlert) -> Event:
    return Event(
        alert.raised_at,
        "red_flag",
        _("rode vlag"),
        _("Rode vlag: %(rule)s (%(urgency)s)")
        % {"rule": rule_name(alert.rule_id), "urgency": alert.get_urgency_display()},
        tone="danger",
    )


def _handled_event(alert: RedFlagAlert) -> Event:
    assert alert.handled_at is not None
    handled_by = alert.handled_by.full_name if alert.handled_by else ""
    return Event(
        alert.handled_at,
        "red_flag",
        _("rode vlag"),
        _("Rode vlag afgehandeld: %(rule)s, %(action)s")
        % {"rule": rule_name(alert.rule_id), "action": alert.get_action_display()},
        " — ".join(part for part in (alert.reason, handled_by) if part),
    )


def _alert_events(alerts: Iterable[RedFlagAlert]) -> Iterator[Pending]:
    for alert in alerts:
        yield alert.raised_at, partial(_raised_event, alert)
        if alert.handled_at:
            yield alert.handled_at, partial(_handled_event, alert)


def _decision_event(decision: ClassificationDecision) -> Event:
    overridden = decision.changed_fields
    detail = ", ".join(
        label(name, getattr(decision, name)) for name in ("duration_class", "pain_type", "pathway")
    )
    if overridden:
        detail += " — " + _("afwijkend van het voorstel")
    if decision.reason:
        detail += f": {decision.reason}"
    return Event(
        decision.decided_at,
        "classification",
        _("classificatie"),
        _("Classificatie en zorgpad vastgelegd door %(name)s")
        % {"name": decision.decided_by.full_name},
        detail,
        tone="warning" if overridden else "",
    )


def _decision_events(decisions: Iterable[ClassificationDecision]) -> Iterator[Pending]:
    for decision in decisions:
        yield decision.decided_at, partial(_decision_event, decision)


def _questionnaire_event(result: InstrumentResults, row: Any, url: str) -> Event:
    values = ", ".join(
        f"{name} {NOTHING if value is None else value}" for name, value in row.labelled
    )
    meanings = ", ".join(meaning.label for meaning in row.interpretations)
    detail = "; ".join(part for part in (values, meanings) if part)
    if row.change is not None:
        detail += "; " + (
            _("MIC gehaald sinds de start")
            if row.change.mic_met or row.change.thirty_percent_met
            else _("verslechterd sinds de start")
            if row.change.worsened
            else _("MIC nog niet gehaald")
        )
    return Event(
        row.response.submitted_at,
        "questionnaire",
        _("vragenlijst"),
        _("%(name)s ingevuld") % {"name": result.short_name},
        detail,
        url=url,
    )


def _questionnaire_events(
    results: Iterable[InstrumentResults], patient: Patient
) -> Iterator[Pending]:
    url = reverse("questionnaires:scores", args=[patient.pk])
    for result in results:
        for row in result.rows:
            assert row.response.submitted_at is not None
            yield row.response.submitted_at, partial(_questionnaire_event, result, row, url)


def _session_event(note: SessionNote, patient: Patient) -> Event:
    return Event(
        _end_of(note.held_on),
        "session",
        _("sessie"),
        _("Sessie: %(kind)s") % {"kind": note.get_kind_display()},
        " ".join(part for part in (note.agreements, f"({note.written_by.full_name})") if part),
        url=reverse("workspace:note_edit", args=[patient.pk, note.pk]),
        has_time=False,
    )


def _session_events(notes: Iterable[SessionNote], patient: Patient) -> Iterator[Pending]:
    for note in notes:
        yield _end_of(note.held_on), partial(_session_event, note, patient)


def _checkin_event(checkin: CheckIn, url: str) -> Event:
    assert checkin.submitted_at is not None
    parts = []
    if checkin.pain is not None:
        parts.append(_("pijn %(pain)s") % {"pain": checkin.pain})
    if checkin.exercise_days is not None:
        parts.append(_("%(days)s dagen geoefend") % {"days": checkin.exercise_days})
    if checkin.walking_total is not None:
        parts.append(_("%(minutes)s minuten gewandeld") % {"minutes": checkin.walking_total})
    if checkin.sleep:
        parts.append(_("slaap: %(words)s") % {"words": checkin.sleep_words})
    if checkin.stress:
        parts.append(_("stress: %(words)s") % {"words": checkin.stress_words})
    if checkin.flare:
        parts.append(_("opstoot gemeld"))
    if checkin.red_flags_yes:
        answers = checkin.red_flags
        parts.extend(answer_line(name, answers.get(name)) for name in checkin.red_flags_yes)
    return Event(
        checkin.submitted_at,
        "checkin",
        _("check-in"),
        _("Wekelijkse check-in"),
        "; ".join(parts),
        tone="danger" if checkin.flare or checkin.red_flags_yes else "",
        url=url,
    )


def _checkin_events(checkins: Iterable[CheckIn], patient: Patient) -> Iterator[Pending]:
    url = reverse("diary:patient_checkins", args=[patient.pk])
    for checkin in checkins:
        assert checkin.submitted_at is not None
        yield checkin.submitted_at, partial(_checkin_event, checkin, url)


def _discharge_event(discharge: Discharge) -> Event:
    return Event(
        discharge.created_at,
        "discharge",
        _("afsluiting"),
        _("Behandeling afgesloten: %(reason)s") % {"reason": discharge.get_reason_display()},
        discharge.summary,
    )


def _reopen_event(discharge: Discharge) -> Event:
    assert discharge.reopened_at is not None
    return Event(
        discharge.reopened_at,
        "discharge",
        _("afsluiting"),
        _("Behandeling heropend"),
        discharge.reopen_reason,
    )


def _discharge_events(discharges: Iterable[Discharge]) -> Iterator[Pending]:
    for discharge in discharges:
        yield discharge.created_at, partial(_discharge_event, discharge)
        if discharge.reopened_at:
            yield discharge.reopened_at, partial(_reopen_event, discharge)


def _intake_event(completed: datetime) -> Event:
    return Event(completed, "intake", _("intake"), _("Intake ingevuld"))


# --- the charts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryChart:
    chart: Chart
    note: str = ""
    # A questionnaire whose text the practice has not signed off: its scores are provisional.
    provisional: bool = False


def _score_key(result: InstrumentResults) -> str | None:
    """The score a chart draws: the one the MIC judges, else the instrument's chart score,
    else its first number."""
    first = result.rows[0].response.scores or {}
    keys = [MIC_SCORE_KEY.get(result.code), *CHART_KEYS.get(result.code, ()), *first]
    for key in keys:
        if key and any(
            _float((row.response.scores or {}).get(key)) is not None for row in result.rows
        ):
            return key
    return None


def _float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _scale(result: InstrumentResults, values: Sequence[float]) -> tuple[float, float]:
    """The whole scale where it is known (as ``questionnaires.results`` draws it), else
    from zero to a little above the highest score."""
    rule = MIC_RULES.get(result.code)
    if rule is not None:
        return float(rule.minimum), float(rule.maximum)
    definition = result.rows[0].response.definition
    if len(definition.items) == 1 or definition.activity_list:
        choices = definition.items[0].values
        return float(min(choices)), float(max(choices))
    return min(0.0, *values), max(1.0, max(values) * 1.25)


def score_charts(
    results: Sequence[InstrumentResults], language: str, prefix: str = "", *, mic_only: bool = False
) -> list[StoryChart]:
    """A chart per questionnaire; on an instrument with a MIC the band of scores that count
    as an important improvement since the first (the absolute MIC of the clinical core)."""
    charts = []
    for result in results:
        key = _score_key(result)
        if key is None or (mic_only and result.code not in MIC_RULES):
            continue
        points = [
            Point(
                row.day,
                formats.date_format(row.day, "MONTH_DAY_FORMAT"),
                _float((row.response.scores or {}).get(key)),
            )
            for row in result.rows
        ]
        values = [point.value for point in points if point.value is not None]
        rule = MIC_RULES.get(result.code) if MIC_SCORE_KEY.get(result.code) == key else None
        band = None
        if rule is not None and values and len(points) > 1:
            band = (float(rule.minimum), float(points[0].value or 0) - float(rule.absolute))
        chart = score_chart(
            points,
            title=f"{result.name}",
            value_label=result.columns[0] if len(result.columns) == 1 else key,
            scale=_scale(result, values),
            band=band,
            band_label=_("MIC: %(points)s punten beter dan de start")
            % {"points": f"{float(rule.absolute):g}"}
            if rule
            else "",
            chart_id=f"{prefix}score-{result.code}",
            language=language,
        )
        charts.append(StoryChart(chart, result.mic or "", provisional=result.provisional))
    return charts


def progress_charts(
    weeks: Sequence[WeekSummary], language: str, prefix: str = ""
) -> list[StoryChart]:
    """Pain, walking against the goal and exercise days, per programme week."""
    if not any(week.logs for week in weeks):
        return []
    charts = []
    if any(week.pain is not None for week in weeks):
        charts.append(
            StoryChart(
                pain_chart(
                    [Point(w.starts_on, w.label, w.pain) for w in weeks],
                    title=_("Pijn per week (dagregistraties)"),
                    value_label=_("gemiddelde pijn (0-10)"),
                    chart_id=f"{prefix}pain",
                    language=language,
                )
            )
        )
    if any(week.walking is not None for week in weeks):
        charts.append(
            StoryChart(
                walking_chart(
                    [Point(w.starts_on, w.label, w.walking) for w in weeks],
                    [w.goal for w in weeks],
                    title=_("Wandelen: minuten per dag tegen het doel"),
                    value_label=_("gewandeld"),
                    goal_label=_("doel"),
                    chart_id=f"{prefix}walking",
                    language=language,
                )
            )
        )
    adherence = [week.adherence for week in weeks]
    charts.append(
        StoryChart(
            sessions_chart(
                [
                    Point(w.starts_on, w.label, a.exercise_days if w.logs else None)
                    for w, a in zip(weeks, adherence, strict=True)
                ],
                [a.exercise_days_planned or None for a in adherence],
                title=_("Therapietrouw: oefendagen per week"),
                value_label=_("dagen geoefend"),
                planned_label=_("gepland"),
                chart_id=f"{prefix}sessions",
                language=language,
            )
        )
    )
    return charts


# --- the whole story ----------------------------------------------------------------------


@dataclass
class Story:
    row: CaseRow
    """The patient's caseload row: the reasons for attention and the key figures."""
    assessment: TriageAssessment | None
    classification: Classification | None
    decisions: list[ClassificationDecision]
    changed: dict[str, tuple[str | None, str]]
    open_alerts: list[RedFlagAlert]
    events: list[Event]
    results: list[InstrumentResults]
    weeks: list[WeekSummary]
    charts: list[StoryChart]
    intake: IntakeSummary | None = None
    programme: Programme | None = None
    current: WeeklyPlan | None = None
    current_view: PlanView | None = None
    waiting: WeeklyPlan | None = None
    waiting_view: PlanView | None = None
    more_events: bool = False
    """Older events than ``events`` exist (a story told with ``timeline_first``)."""
    # As the timeline read them (``Records``): the page's sessions and check-ins cards take
    # them from here.
    sessions: list[SessionNote] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    discharges: list[Discharge] = field(default_factory=list)

    @property
    def classification_labels(self) -> list[tuple[str, str]]:
        c = self.classification
        if c is None:
            return []
        return [
            (_("Duur"), label("duration_class", c.duration_class)),
            (_("Soort pijn"), label("pain_type", c.pain_type)),
            (_("Zorgpad"), label("pathway", c.pathway)),
            (_("STarT Back"), self.row.risk_label or _("nog niet ingevuld")),
        ]

    @property
    def changed_labels(self) -> list[tuple[str, str, str]]:
        return [
            (classification_name(name), label(name, decided), label(name, proposed))
            for name, (decided, proposed) in self.changed.items()
        ]


def _until(results: list[InstrumentResults], day: date) -> list[InstrumentResults]:
    """The results with only the scores up to ``day``."""
    kept = [
        replace(result, rows=[row for row in result.rows if row.day <= day]) for result in results
    ]
    return [result for result in kept if result.rows]


@dataclass
class History:
    """The patient's history as read once for the story and the timeline."""

    alerts: list[RedFlagAlert]
    decisions: list[ClassificationDecision]
    programmes: list[Programme]
    plans: list[WeeklyPlan]
    logs: list[DayLog]
    results: list[InstrumentResults]
    weeks: list[WeekSummary]


def _history(patient: Patient, language: str, today: date) -> History:
    alerts = list(patient.red_flag_alerts.select_related("assessment", "handled_by"))
    decisions = list(patient.classification_decisions.select_related("decided_by", "assessment"))
    for decision in decisions:
        decision.pathway_label = label("pathway", decision.pathway)
    programmes = list(patient.programmes.select_related("started_by"))
    by_id = {programme.pk: programme for programme in programmes}
    plans = list(
        WeeklyPlan.objects.filter(programme__patient=patient, starts_on__lte=today)
        .select_related("approved_by")
        .order_by("starts_on", "week")
    )
    for plan in plans:
        plan.programme = by_id[plan.programme_id]
    logs = list(DayLog.objects.filter(patient=patient, date__lte=today).order_by("date"))
    results = _until(patient_results(patient, language, chart=False), today)
    return History(alerts, decisions, programmes, plans, logs, results, followed_weeks(plans, logs))


@dataclass
class Records:
    """What the timeline reads besides the history: plan changes, sessions, check-ins and
    discharges. The patient page's cards take the sessions, check-ins and discharges from
    the story instead of reading them again (issue #15)."""

    changes: list[PlanChange]
    sessions: list[SessionNote]
    """Every session note, newest session first."""
    checkins: list[CheckIn]
    """The submitted check-ins, newest first (with ``newest``: only that many, up to
    ``today``)."""
    discharges: list[Discharge]
    """Every discharge, newest first (the one in force is the newest not reopened)."""


def _records(patient: Patient, today: date, newest: int | None = None) -> Records:
    """With ``newest`` the check-ins (the one kind that grows by the week without bound)
    are read only that far back."""
    checkins = CheckIn.objects.submitted().of(patient).newest_first()
    if newest is not None:
        until = timezone.make_aware(datetime.combine(today + timedelta(days=1), time()))
        checkins = checkins.filter(submitted_at__lt=until)[:newest]
    return Records(
        changes=list(
            PlanChange.objects.filter(plan__programme__patient=patient).select_related(
                "changed_by", "plan"
            )
        ),
        sessions=list(SessionNote.objects.for_patient(patient).select_related("written_by")),
        checkins=list(checkins),
        discharges=list(Discharge.objects.filter(patient=patient)),
    )


def _events(
    patient: Patient,
    history: History,
    records: Records,
    today: date,
    intake_completed: datetime | None,
    newest: int | None = None,
) -> list[Event]:
    """The timeline, newest first. With ``newest`` only the newest that many: only those
    are put in words (``records`` read with the same ``newest``)."""
    pending = [
        *_alert_events(history.alerts),
        *_decision_events(history.decisions),
        *_questionnaire_events(history.results, patient),
        *_plan_events(history.programmes, history.plans, records.changes),
        *_week_events(history.weeks, today),
        *_flare_up_events(history.logs),
        *_session_events(records.sessions, patient),
        *_checkin_events(records.checkins, patient),
        *_discharge_events(records.discharges),
    ]
    if intake_completed:
        pending.append((intake_completed, partial(_intake_event, intake_completed)))
    shown = sorted(
        (item for item in pending if timezone.localdate(item[0]) <= today),
        key=lambda item: item[0],
        reverse=True,
    )
    return [build() for _when, build in shown[:newest]]


def timeline(
    patient: Patient, language: str, start: int, count: int, *, today: date | None = None
) -> tuple[list[Event], bool]:
    """The events ``start`` to ``start + count`` of the timeline (newest first), and
    whether there are older ones."""
    today = today or timezone.localdate()
    intake = Intake.objects.filter(patient=patient).values_list("completed_at", flat=True)
    newest = start + count + 1
    history, records = _history(patient, language, today), _records(patient, today, newest)
    events = _events(patient, history, records, today, intake.first(), newest)
    return events[start : start + count], len(events) > start + count


def patient_story(
    patient: Patient,
    language: str,
    *,
    today: date | None = None,
    chart_prefix: str = "",
    every_score_chart: bool = True,
    timeline_first: int | None = None,
) -> Story:
    """Everything the patient page shows, in a fixed number of queries.

    ``today`` tells the story as of that day (a discharge summary stops at the episode's
    end): scores, weeks and events after it are left out. ``every_score_chart`` False
    draws only the questionnaires with a MIC (for a report, whose table has every score).
    ``timeline_first`` keeps only the newest that many events (and ``more_events`` tells
    whether there are older ones): the page shows those, the rest comes by ``timeline``."""
    today = today or timezone.localdate()
    history = _history(patient, language, today)
    open_alerts = [alert for alert in history.alerts if alert.handled_at is None]
    (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk), today, alerts=open_alerts)
    completed = getattr(row.patient, "intake_completed_at", None)
    newest = None if timeline_first is None else timeline_first + 1
    records = _records(patient, today, newest)
    events = _events(patient, history, records, today, completed, newest)
    more = timeline_first is not None and len(events) > timeline_first
    if timeline_first is not None:
        events = events[:timeline_first]
    weeks, results = history.weeks, history.results

    # The latest assessment and decision read once for the classification and the proposal.
    latest = TriageAssessment.objects.latest_for(patient)
    decision = history.decisions[0] if history.decisions else None
    story = Story(
        row=row,
        assessment=latest,
        classification=current_classification(patient, latest=latest, decision=decision),
        decisions=history.decisions,
        changed=changed_proposal(patient, latest=latest, decision=decision),
        # Most urgent first, as on the caseload and the triage page.
        open_alerts=sorted(open_alerts, key=lambda alert: most_urgent_first(alert.urgency)),
        intake=intake_summary(Intake.objects.filter(patient=patient).first()),
        events=events,
        more_events=more,
        results=results,
        weeks=weeks,
        sessions=records.sessions,
        checkins=records.checkins,
        discharges=records.discharges,
        charts=[
            *progress_charts(weeks, language, chart_prefix),
            *score_charts(results, language, chart_prefix, mic_only=not every_score_chart),
        ],
    )
    programmes, plans = history.programmes, history.plans
    running = next((p for p in programmes if p.is_running), None)
    if running is not None:
        story.programme = running
        story.current = next(
            (p for p in plans if p.programme_id == running.pk and p.status == "active"), None
        )
        story.waiting = next(
            (p for p in plans if p.programme_id == running.pk and p.status == "proposed"), None
        )
        if story.current:
            story.current_view = plan_view(story.current.engine_plan, language)
        if story.waiting:
            story.waiting_view = plan_view(story.waiting.engine_plan, language)
    return story
