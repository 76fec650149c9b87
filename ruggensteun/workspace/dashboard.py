"""The practice's figures for its admin: patients per pathway, the share reaching the MIC at
12 weeks, sessions per episode and adherence to the programme, each with a chart.

Every figure is computed from a fixed handful of queries, whatever the number of patients.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ruggensteun.accounts.models import Practice
from ruggensteun.charts.drawing import Chart
from ruggensteun.clinical.instruments.scoring import round_for_display
from ruggensteun.clinical.programme.adherence import Adherence, record_adherence
from ruggensteun.clinical.programme.plan_io import WeekRecord
from ruggensteun.intake.forms import PATHWAYS
from ruggensteun.patients.models import Patient
from ruggensteun.programme.inputs import checkins_for
from ruggensteun.programme.models import DAYS_PER_WEEK, DayLog, WeeklyPlan
from ruggensteun.workspace.charts import Bars, bar_chart
from ruggensteun.workspace.episodes import MIC_INSTRUMENTS, Episode, episodes_for

PATHWAY_CODES = [code for code, _label in PATHWAYS]
SESSION_BUCKETS = ("1", "2", "3", "4", "5+")


def _percent(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else round_for_display(Fraction(part * 100, whole), 0)


def pathway_label(code: str | None) -> str:
    return str(dict(PATHWAYS).get(code or "", _("nog niet ingedeeld")))


@dataclass
class PathwayRow:
    code: str | None
    label: str
    active: int = 0
    closed: int = 0

    @property
    def total(self) -> int:
        return self.active + self.closed


@dataclass
class MicRow:
    instrument: str
    label: str
    measured: int = 0
    mic_points: int = 0
    thirty_percent: int = 0

    @property
    def mic_points_percent(self) -> Decimal | None:
        return _percent(self.mic_points, self.measured)

    @property
    def thirty_percent_percent(self) -> Decimal | None:
        return _percent(self.thirty_percent, self.measured)


@dataclass
class SessionFigures:
    closed: list[int] = field(default_factory=list)
    active: list[int] = field(default_factory=list)

    @staticmethod
    def _mean(values: list[int]) -> Decimal | None:
        return None if not values else round_for_display(Fraction(sum(values), len(values)), 1)

    @property
    def closed_mean(self) -> Decimal | None:
        return self._mean(self.closed)

    @property
    def active_mean(self) -> Decimal | None:
        return self._mean(self.active)

    @property
    def distribution(self) -> list[tuple[str, int]]:
        """Closed episodes by number of sessions (five or more together)."""
        counts = Counter(SESSION_BUCKETS[min(n, 5) - 1] for n in self.closed if n > 0)
        return [(bucket, counts.get(bucket, 0)) for bucket in SESSION_BUCKETS]

    @property
    def closed_without_notes(self) -> int:
        return sum(1 for n in self.closed if n == 0)


@dataclass
class AdherenceRow:
    label: str
    patients: set[int] = field(default_factory=set)
    weeks: int = 0
    exercise_days_done: int = 0
    exercise_days_planned: int = 0
    walking_days_met: int = 0

    @property
    def exercise_percent(self) -> Decimal | None:
        return _percent(self.exercise_days_done, self.exercise_days_planned)

    @property
    def walking_percent(self) -> Decimal | None:
        return _percent(self.walking_days_met, self.weeks * DAYS_PER_WEEK)


@dataclass
class PracticeFigures:
    patients: int
    pathways: list[PathwayRow]
    mic: list[MicRow]
    sessions: SessionFigures
    adherence: list[AdherenceRow]
    charts: dict[str, Chart]

    @property
    def adherence_total(self) -> AdherenceRow:
        return self.adherence[-1]


def _pathways(episodes: list[Episode]) -> list[PathwayRow]:
    rows = {code: PathwayRow(code, pathway_label(code)) for code in [*PATHWAY_CODES, None]}
    for episode in episodes:
        row = rows[episode.pathway if episode.pathway in rows else None]
        if episode.closed:
            row.closed += 1
        else:
            row.active += 1
    return list(rows.values())


def _mic(episodes: list[Episode]) -> list[MicRow]:
    labels = {"nprs": _("Pijn (NPRS)"), "qbpds": _("Beperkingen (QBPDS)")}
    rows = []
    for code in MIC_INSTRUMENTS:
        row = MicRow(code, labels[code])
        for episode in episodes:
            change = episode.twelve_week_outcome(code).change
            if change is None:
                continue
            row.measured += 1
            row.mic_points += change.mic_met
            row.thirty_percent += bool(change.thirty_percent_met)
        rows.append(row)
    return rows


def _sessions(episodes: list[Episode]) -> SessionFigures:
    figures = SessionFigures()
    for episode in episodes:
        (figures.closed if episode.closed else figures.active).append(episode.sessions)
    return figures


def week_adherence(plan: WeeklyPlan, logs: Iterable[DayLog]) -> Adherence:
    """One week as the plan engine reads it: the week's day logs as check-ins, counted."""
    week_logs = [log for log in logs if plan.starts_on <= log.date <= plan.ends_on]
    return record_adherence(
        WeekRecord(plan=plan.engine_plan, checkins=checkins_for(plan, week_logs))
    )


def finished_weeks(ids: QuerySet, today: date) -> tuple[list[WeeklyPlan], dict[int, list[DayLog]]]:
    """The finished programme weeks of the patients ``ids`` (oldest first; a week has
    finished when its last day is before today; proposals left out) and each patient's day
    logs from the first of them up to yesterday: two queries."""
    plans = list(
        WeeklyPlan.objects.filter(programme__patient__in=ids, starts_on__lte=today - timedelta(7))
        .exclude(status=WeeklyPlan.Status.PROPOSED)
        .select_related("programme")
        .order_by("starts_on")
    )
    logs: dict[int, list[DayLog]] = defaultdict(list)
    if plans:
        for log in DayLog.objects.filter(
            patient__in=ids, date__gte=plans[0].starts_on, date__lt=today
        ):
            logs[log.patient_id].append(log)
    return plans, logs


def _adherence(
    patients: QuerySet[Patient], pathways: dict[int, str | None], today: date
) -> list[AdherenceRow]:
    """Per pathway and for all: the finished programme weeks with the patient's day logs.

    As the plan engine counts them (``clinical.programme.adherence``): an exercise day is a
    day with at least one session, at most the planned days a week; the walking goal is met
    on a day with at least the week's minutes."""
    plans, logs = finished_weeks(patients.order_by().values("pk"), today)
    rows = {code: AdherenceRow(pathway_label(code)) for code in [*PATHWAY_CODES, None]}
    total = AdherenceRow(_("Alle patiënten"))
    for plan in plans:
        patient_id = plan.programme.patient_id
        counted = week_adherence(plan, logs[patient_id])
        pathway = pathways.get(patient_id)
        for row in (rows[pathway if pathway in rows else None], total):
            row.patients.add(patient_id)
            row.weeks += 1
            row.exercise_days_planned += counted.planned
            row.exercise_days_done += counted.done
            row.walking_days_met += counted.goal_met
    return [*[row for row in rows.values() if row.weeks], total]


def _charts(figures: PracticeFigures, language: str) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    pathways = [row for row in figures.pathways if row.total]
    if pathways:
        charts["pathways"] = bar_chart(
            [row.label for row in pathways],
            [
                Bars(_("in behandeling"), [row.active for row in pathways]),
                Bars(_("afgesloten"), [row.closed for row in pathways]),
            ],
            chart_id="chart-pathways",
            title=_("Patiënten per zorgpad"),
            text="; ".join(
                _("%(pathway)s: %(active)s in behandeling, %(closed)s afgesloten")
                % {"pathway": row.label, "active": row.active, "closed": row.closed}
                for row in pathways
            ),
            horizontal=True,
            language=language,
        )
    measured = [row for row in figures.mic if row.measured]
    if measured:
        charts["mic"] = bar_chart(
            [row.label for row in measured],
            [
                Bars(_("MIC in punten"), [_float(row.mic_points_percent) for row in measured]),
                Bars(_("30%-regel"), [_float(row.thirty_percent_percent) for row in measured]),
            ],
            chart_id="chart-mic",
            title=_("Minimaal belangrijke verbetering na 12 weken"),
            text="; ".join(
                _(
                    "%(measure)s: %(points)s%% in punten, %(relative)s%% met de 30%%-regel, "
                    "van %(n)s patiënten"
                )
                % {
                    "measure": row.label,
                    "points": row.mic_points_percent,
                    "relative": row.thirty_percent_percent,
                    "n": row.measured,
                }
                for row in measured
            ),
            percent=True,
            language=language,
        )
    distribution = figures.sessions.distribution
    if any(count for _bucket, count in distribution):
        charts["sessions"] = bar_chart(
            [bucket for bucket, _count in distribution],
            [Bars(_("afgesloten behandelingen"), [count for _bucket, count in distribution])],
            chart_id="chart-sessions",
            title=_("Afgesloten behandelingen naar aantal sessies"),
            text="; ".join(
                _("%(sessions)s sessies: %(count)s") % {"sessions": bucket, "count": count}
                for bucket, count in distribution
            ),
            language=language,
        )
    if figures.adherence_total.weeks:
        rows = figures.adherence
        charts["adherence"] = bar_chart(
            [row.label for row in rows],
            [
                Bars(_("oefendagen"), [_float(row.exercise_percent) for row in rows]),
                Bars(_("wandeldoel gehaald"), [_float(row.walking_percent) for row in rows]),
            ],
            chart_id="chart-adherence",
            title=_("Therapietrouw per zorgpad"),
            text="; ".join(
                _("%(pathway)s: oefendagen %(exercise)s%%, wandeldoel %(walking)s%%")
                % {
                    "pathway": row.label,
                    "exercise": row.exercise_percent,
                    "walking": row.walking_percent,
                }
                for row in rows
            ),
            percent=True,
            horizontal=True,
            language=language,
        )
    return charts


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def practice_figures(practice: Practice, today: date, language: str = "nl") -> PracticeFigures:
    patients = Patient.objects.filter(practice=practice)
    episodes = episodes_for(patients, today)
    figures = PracticeFigures(
        patients=len(episodes),
        pathways=_pathways(episodes),
        mic=_mic(episodes),
        sessions=_sessions(episodes),
        adherence=_adherence(patients, _pathway_by_patient(episodes), today),
        charts={},
    )
    figures.charts = _charts(figures, language)
    return figures


def _pathway_by_patient(episodes: Iterable[Episode]) -> dict[int, str | None]:
    return {episode.patient.pk: episode.pathway for episode in episodes}
