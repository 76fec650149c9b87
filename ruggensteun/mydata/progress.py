"""The patient's progress in words, numbers and charts, from their own data: the weeks of
their programme with the day logs in them, and their questionnaire scores.

Used by the progress page and the PDF summary, in four queries whatever the number of
weeks. The pain over the weeks starts at the intake's pain score (issue #12: the patient
sees where they started). The words about change come from the clinical core's MIC flags
(``ruggensteun.clinical.instruments.change``); ``change_wording`` is the one place that
turns those flags into a sentence.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import mean

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ruggensteun.charts import Chart, Point, pain_chart, score_chart, sessions_chart, walking_chart
from ruggensteun.clinical.instruments.change import MIC_RULES, Change, change_for
from ruggensteun.clinical.programme.adherence import (
    count_adherence,
    split_weeks,
    stored_planned_days,
    stored_walking_goal,
)
from ruggensteun.intake.models import Intake
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DayLog, WeeklyPlan
from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.models import QuestionnaireResponse
from ruggensteun.questionnaires.results import MIC_SCORE_KEY

DAYS_PER_WEEK = 7

# --- words about change ------------------------------------------------------------------

# The rule behind "clearly less": the clinical core's absolute MIC flag (``mic_met``,
# instruments.md §3, Ostelo 2008) between the first and the latest score, on pain (NPRS)
# or on disability in daily activities (QBPDS). The 30% flag is shown to the therapist
# beside it; a patient reads one sentence, so it follows the absolute flag only.
RULE_CLEARLY_BETTER = "instruments.md §3: absolute MIC met (Ostelo 2008), first vs latest"
HEADLINE_INSTRUMENTS = ("nprs", "qbpds")


@dataclass(frozen=True)
class Wording:
    text: str
    tone: str  # "ok" or "" (the badge and alert classes of the style sheet)
    rule: str = ""


def change_wording(change: Change | None) -> Wording:
    """One instrument's change since the start, as a patient reads it (``RULE_CLEARLY_BETTER``).

    Only the core's flags decide: ``mic_met`` is "clearly better", ``worsened`` is "higher
    than at the start"; everything else is "not clearly changed yet".
    """
    if change is None:
        return Wording(
            _(
                "U heeft deze vragenlijst één keer ingevuld. "
                "Na de volgende keer ziet u hier of er iets is veranderd."
            ),
            "",
        )
    if change.mic_met:
        return Wording(_("Dit is duidelijk beter dan bij de start."), "ok", RULE_CLEARLY_BETTER)
    if change.worsened:
        return Wording(
            _("Uw score is nu hoger dan bij de start. Bespreek dit gerust met uw fysiotherapeut."),
            "",
            RULE_CLEARLY_BETTER,
        )
    return Wording(
        _("Nog geen duidelijke verandering sinds de start. Herstel gaat vaak met kleine stapjes."),
        "",
        RULE_CLEARLY_BETTER,
    )


def headline(changes: Mapping[str, Change]) -> Wording | None:
    """The sentence above all scores: "clearly less" when the MIC is met on NPRS or QBPDS
    (``RULE_CLEARLY_BETTER``); None when neither has been filled in twice."""
    judged = [changes[code] for code in HEADLINE_INSTRUMENTS if code in changes]
    if not judged:
        return None
    if any(change.mic_met for change in judged):
        return Wording(
            _("Uw klachten zijn duidelijk verminderd sinds de start."), "ok", RULE_CLEARLY_BETTER
        )
    return Wording(
        _("Uw klachten zijn nog niet duidelijk verminderd sinds de start."),
        "",
        RULE_CLEARLY_BETTER,
    )


# --- dates and numbers -------------------------------------------------------------------


def short_date(day: date, language: str) -> str:
    # "2 dec." / "2 Dec" (ruggensteun/formats).
    with translation.override(language):
        return formats.date_format(day, "MONTH_DAY_FORMAT")


def rounded(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def whole(value: float) -> int:
    """Half up, as people round (Python's round() would make 4.5 into 4)."""
    return int(value + 0.5)


# --- the weeks of the programme ----------------------------------------------------------


@dataclass
class WeekSummary:
    number: int  # 1 for the first week the patient followed, counting every programme
    starts_on: date
    ends_on: date
    is_current: bool
    walking_goal: int | None  # minutes per day
    planned_days: int  # exercise days the plan asks for
    pain: float | None = None  # the mean of the week's scores
    pain_days: int = 0
    walking: float | None = None  # mean minutes on the days with a value
    walking_days: int = 0
    goal_met_days: int = 0
    exercise_days: int = 0
    flare_days: int = 0
    logs: list[DayLog] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.logs)

    def label(self) -> str:
        # The whole word under a chart too: "wk" is no word a patient reads (issue #12).
        return self.name()

    def name(self) -> str:
        return _("week %(number)s") % {"number": self.number}


def _weeks(plans: Sequence[WeeklyPlan], today: date) -> list[WeekSummary]:
    """One summary per week followed so far, oldest first; a week ends where the next one
    starts (after a pause or an early approval weeks can be shorter)."""
    weeks: list[WeekSummary] = []
    for span in split_weeks([plan.starts_on for plan in plans]):
        plan = plans[span.index]
        weeks.append(
            WeekSummary(
                number=span.number,
                starts_on=span.starts_on,
                ends_on=span.ends_on,
                is_current=span.starts_on <= today <= span.ends_on,
                walking_goal=stored_walking_goal(plan.plan),
                planned_days=stored_planned_days(plan.plan),
            )
        )
    return weeks


def _fill(weeks: list[WeekSummary], logs: Iterable[DayLog]) -> None:
    by_day: dict[date, DayLog] = {log.date: log for log in logs}
    for week in weeks:
        day = week.starts_on
        while day <= week.ends_on:
            if day in by_day:
                week.logs.append(by_day[day])
            day += timedelta(days=1)
        pains = [log.pain for log in week.logs if log.pain is not None]
        minutes = [log.walking_minutes for log in week.logs if log.walking_minutes is not None]
        week.pain = rounded(mean(pains)) if pains else None
        week.pain_days = len(pains)
        week.walking = rounded(mean(minutes)) if minutes else None
        week.walking_days = len(minutes)
        # The patient reads every day they exercised ("6 days: your plan was 5"), so the
        # days are not capped at the planned ones here as they are for adherence.
        counted = count_adherence(week.planned_days, week.walking_goal, week.logs)
        week.goal_met_days = counted.goal_met
        week.exercise_days = counted.exercised
        week.flare_days = sum(1 for log in week.logs if log.flare)


# --- questionnaire scores ----------------------------------------------------------------


@dataclass
class ScoreRow:
    day: date
    value: float


@dataclass
class ScoreProgress:
    code: str
    title: str
    short_name: str
    scale: tuple[float, float]
    rows: list[ScoreRow]
    change: Change | None
    wording: Wording
    chart: Chart | None = None

    @property
    def first(self) -> ScoreRow:
        return self.rows[0]

    @property
    def latest(self) -> ScoreRow:
        return self.rows[-1]


def _score(response: QuestionnaireResponse, key: str) -> float | None:
    value = (response.scores or {}).get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _scores(responses: Iterable[QuestionnaireResponse]) -> list[ScoreProgress]:
    by_code: dict[str, list[ScoreRow]] = defaultdict(list)
    for response in responses:
        key = MIC_SCORE_KEY.get(response.instrument)
        value = _score(response, key) if key else None
        if value is None or response.submitted_at is None:
            continue
        by_code[response.instrument].append(
            ScoreRow(timezone.localdate(response.submitted_at), value)
        )
    found = []
    for code in MIC_SCORE_KEY:
        rows = by_code.get(code)
        if not rows:
            continue
        rule = MIC_RULES[code]
        change = change_for(code, rows[0].value, rows[-1].value) if len(rows) > 1 else None
        found.append(
            ScoreProgress(
                code=code,
                title=catalog.patient_title(code),
                short_name=catalog.short_name(code),
                scale=(float(rule.minimum), float(rule.maximum)),
                rows=rows,
                change=change,
                wording=change_wording(change),
            )
        )
    return found


# --- everything together -----------------------------------------------------------------


@dataclass
class Progress:
    weeks: list[WeekSummary]
    scores: list[ScoreProgress]
    headline: Wording | None
    # The intake's pain score (0-10, "average pain over the last 24 hours", triage.md §1
    # field ``nprs``): the first point of the pain chart.
    intake_pain: int | None = None
    pain_line: str = ""
    walking_line: str = ""
    sessions_line: str = ""
    pain_chart: Chart | None = None
    walking_chart: Chart | None = None
    sessions_chart: Chart | None = None

    @property
    def weeks_with_data(self) -> list[WeekSummary]:
        return [week for week in self.weeks if week.has_data]

    @property
    def has_programme(self) -> bool:
        return bool(self.weeks)


def _when(week: WeekSummary) -> str:
    return _("deze week") if week.is_current else _("week %(number)s") % {"number": week.number}


def intake_pain(patient: Patient) -> int | None:
    """The pain score the patient gave at the intake (0-10), or None (one query)."""
    answers = Intake.objects.filter(patient=patient).values_list("answers", flat=True).first()
    value = (answers or {}).get("nprs")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        return None
    return value


def pain_line(weeks: Sequence[WeekSummary], intake: int | None = None) -> str:
    scored = [week for week in weeks if week.pain is not None]
    if intake is not None:
        return _pain_since_intake(intake, whole(scored[-1].pain or 0) if scored else None)
    if not scored:
        return ""
    first, last = whole(scored[0].pain or 0), whole(scored[-1].pain or 0)
    if len(scored) == 1:
        return _(
            "Uw pijn was gemiddeld %(pain)s. Na nog een week ziet u hier hoe uw pijn verandert."
        ) % {"pain": first}
    if last < first:
        return _("Uw pijn is gedaald van %(first)s naar %(last)s sinds de start.") % {
            "first": first,
            "last": last,
        }
    if last > first:
        return _(
            "Uw pijn is gestegen van %(first)s naar %(last)s sinds de start. "
            "Bespreek dit gerust met uw fysiotherapeut."
        ) % {"first": first, "last": last}
    return _("Uw pijn is ongeveer gelijk gebleven: %(pain)s.") % {"pain": last}


def _pain_since_intake(intake: int, last: int | None) -> str:
    """The same comparison as the chart draws: from the intake to the latest week."""
    values = {"first": intake, "last": last, "pain": intake}
    if last is None:
        return (
            _(
                "Bij de intake was uw pijn %(pain)s. "
                "Na uw eerste check-in ziet u hier hoe uw pijn verandert."
            )
            % values
        )
    if last < intake:
        return _("Uw pijn is gedaald van %(first)s bij de intake naar %(last)s.") % values
    if last > intake:
        return (
            _(
                "Uw pijn is gestegen van %(first)s bij de intake naar %(last)s. "
                "Bespreek dit gerust met uw fysiotherapeut."
            )
            % values
        )
    return _("Uw pijn is ongeveer gelijk aan die bij de intake: %(last)s.") % values


def walking_line(weeks: Sequence[WeekSummary], language: str) -> str:
    walked = [week for week in weeks if week.walking is not None]
    if not walked:
        return ""
    week = walked[-1]
    minutes = whole(week.walking or 0)
    values = {"when": _when(week), "minutes": minutes, "goal": week.walking_goal}
    if week.is_current:
        sentence = _("Deze week wandelt u tot nu toe gemiddeld %(minutes)s minuten per dag.")
    else:
        sentence = _("In %(when)s wandelde u gemiddeld %(minutes)s minuten per dag.")
    sentence = sentence % values
    if not week.walking_goal:
        return sentence
    if week.is_current:
        goal = _("Uw doel is %(goal)s minuten.") % values
    else:
        goal = _("Uw doel was %(goal)s minuten.") % values
    if minutes >= week.walking_goal:
        return " ".join([sentence, goal, _("Dat is gelukt!")])
    return " ".join([sentence, goal, _("Elke wandeling telt, ook een korte.")])


def sessions_line(weeks: Sequence[WeekSummary]) -> str:
    done = [week for week in weeks if week.has_data and week.planned_days]
    if not done:
        return ""
    week = done[-1]
    values = {"done": week.exercise_days, "planned": week.planned_days, "when": _when(week)}
    if week.exercise_days >= week.planned_days:
        done = (
            _("Deze week deed u uw oefeningen al op %(done)s dagen.")
            if week.is_current
            else _("In %(when)s deed u uw oefeningen op %(done)s dagen.")
        )
        return " ".join(
            [done % values, _("Uw plan was %(planned)s dagen: dat is gelukt!") % values]
        )
    if week.is_current:
        return (
            _("Deze week deed u uw oefeningen tot nu toe op %(done)s van de %(planned)s dagen.")
            % values
        )
    return _("In %(when)s deed u uw oefeningen op %(done)s van de %(planned)s dagen.") % values


def _charts(progress: Progress, language: str, prefix: str) -> None:
    weeks = progress.weeks
    if not weeks:
        return
    points = [Point(w.starts_on, w.label(), w.pain) for w in weeks]
    if progress.intake_pain is not None:
        # The intake stands one week before week 1, whatever its date: it is the starting
        # point, and its label says so (weeks or months between would squeeze the weeks).
        start = weeks[0].starts_on - timedelta(days=DAYS_PER_WEEK)
        points.insert(0, Point(start, pgettext("chart label", "intake"), progress.intake_pain))
    if any(point.value is not None for point in points):
        progress.pain_chart = pain_chart(
            points,
            title=_("Uw pijn per week"),
            value_label=_("gemiddelde pijn (0 is geen pijn, 10 is de ergste pijn)"),
            chart_id=f"{prefix}pain",
            language=language,
            label_first=progress.intake_pain is not None,
        )
    if any(w.walking is not None for w in weeks):
        progress.walking_chart = walking_chart(
            [Point(w.starts_on, w.label(), w.walking) for w in weeks],
            [w.walking_goal for w in weeks],
            title=_("Wandelen: minuten per dag"),
            value_label=_("gewandeld"),
            goal_label=_("doel"),
            chart_id=f"{prefix}walking",
            language=language,
        )
    if any(w.has_data for w in weeks):
        progress.sessions_chart = sessions_chart(
            [Point(w.starts_on, w.label(), w.exercise_days if w.has_data else None) for w in weeks],
            [w.planned_days or None for w in weeks],
            title=_("Oefenen: dagen per week"),
            value_label=_("dagen geoefend"),
            planned_label=_("gepland"),
            chart_id=f"{prefix}sessions",
            language=language,
        )
    for score in progress.scores:
        rule = MIC_RULES[score.code]
        baseline = score.first.value
        band = (score.scale[0], baseline - float(rule.absolute))
        score.chart = score_chart(
            [Point(row.day, short_date(row.day, language), row.value) for row in score.rows],
            title=f"{score.title} ({score.short_name})",
            value_label=_("score"),
            scale=score.scale,
            band=band if len(score.rows) > 1 else None,
            band_label=_("duidelijk beter dan bij de start"),
            chart_id=f"{prefix}score-{score.code}",
            language=language,
        )


def patient_progress(
    patient: Patient,
    language: str,
    *,
    today: date | None = None,
    charts: bool = True,
    chart_prefix: str = "",
) -> Progress:
    """Everything the progress page shows, in four queries."""
    today = today or timezone.localdate()
    plans = list(
        WeeklyPlan.objects.filter(programme__patient=patient, starts_on__lte=today)
        .exclude(status=WeeklyPlan.Status.PROPOSED)
        .order_by("starts_on", "programme_id", "week")
    )
    weeks = _weeks(plans, today)
    if weeks:
        _fill(
            weeks,
            DayLog.objects.filter(patient=patient, date__gte=weeks[0].starts_on, date__lte=today),
        )
    responses = (
        QuestionnaireResponse.objects.for_patient(patient)
        .submitted()
        .filter(instrument__in=list(MIC_SCORE_KEY))
        .chronological()
    )
    scores = _scores(responses)
    at_intake = intake_pain(patient) if weeks else None
    progress = Progress(
        weeks=weeks,
        scores=scores,
        headline=headline({score.code: score.change for score in scores if score.change}),
        intake_pain=at_intake,
        pain_line=pain_line(weeks, at_intake),
        walking_line=walking_line(weeks, language),
        sessions_line=sessions_line(weeks),
    )
    if charts:
        _charts(progress, language, chart_prefix)
    return progress
