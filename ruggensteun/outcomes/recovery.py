"""The practice's recovery curve, by STarT Back group, beside the course the guideline
describes, and how complete the outcome questionnaires are at discharge.

"Recovered" by week w: a GPE of "much improved" or better (GPE 1-2, instruments.md §2.7),
or an NPRS improvement reaching the MIC of 2 points (Ostelo 2008; instruments.md §3),
measured at most w weeks after the intake. The share in week w counts the closed episodes
recovered by then out of those followed that long (recovered by w, or with an outcome
measurement in week w or later): an episode whose measurements stop earlier is not counted
as "not recovered". A share is shown only for at least 10 episodes.

The guideline's course (KNGF 2021 low back pain guideline, A.2.3, as programme.md §1
quotes it): about 1 in 4 fully recovered after a month, half after three months.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from ruggensteun.accounts.models import Practice
from ruggensteun.charts import Chart, Point, score_chart
from ruggensteun.clinical.similarity import MIN_NEIGHBOURS
from ruggensteun.outcomes.models import EpisodeCase

WEEKS = (2, 4, 6, 8, 10, 13)
# KNGF 2021 A.2.3 [P] (programme.md §1): about a quarter recovered after one month (week
# 4), half after three months (week 13).
GUIDELINE = {4: 25, 13: 50}
GUIDELINE_SOURCE = "KNGF-richtlijn Lage rugpijn 2021, A.2.3"
GROUPS = ("low", "medium", "high")


@dataclass
class Cell:
    recovered: int = 0
    followed: int = 0

    @property
    def percent(self) -> int | None:
        if self.followed < MIN_NEIGHBOURS:
            return None
        return round(100 * self.recovered / self.followed)


@dataclass
class Row:
    group: str
    label: str
    episodes: int = 0
    cells: dict[int, Cell] = field(default_factory=lambda: {w: Cell() for w in WEEKS})

    @property
    def in_order(self) -> list[Cell]:
        return [self.cells[w] for w in WEEKS]


@dataclass
class RecoveryFigures:
    cases: int
    rows: list[Row]
    complete: int
    charts: list[Chart]
    weeks: tuple[int, ...] = WEEKS
    guideline: dict[int, int] = field(default_factory=lambda: dict(GUIDELINE))
    guideline_source: str = GUIDELINE_SOURCE

    @property
    def complete_percent(self) -> int | None:
        return round(100 * self.complete / self.cases) if self.cases >= MIN_NEIGHBOURS else None

    @property
    def guideline_row(self) -> list[int | None]:
        return [GUIDELINE.get(w) for w in WEEKS]


def group_labels() -> dict[str, str]:
    return {
        "low": _("STarT Back laag"),
        "medium": _("STarT Back middel"),
        "high": _("STarT Back hoog"),
        "": _("STarT Back onbekend"),
    }


def recovery_figures(practice: Practice, language: str = "nl") -> RecoveryFigures:
    """One query, whatever the number of episodes."""
    labels = group_labels()
    rows: dict[str, Row] = {g: Row(g, labels[g]) for g in (*GROUPS, "")}
    total = complete = 0
    values = EpisodeCase.objects.filter(practice=practice).values_list(
        "startback", "recovered_week", "followed_weeks", "questionnaires_complete"
    )
    for startback, recovered, followed, is_complete in values:
        total += 1
        complete += bool(is_complete)
        row = rows[startback if startback in rows else ""]
        row.episodes += 1
        for week in WEEKS:
            done = recovered is not None and recovered <= week
            if done or (followed is not None and followed >= week):
                row.cells[week].followed += 1
                row.cells[week].recovered += done
    shown = [row for row in rows.values() if row.episodes]
    return RecoveryFigures(total, shown, complete, _charts(shown, language))


def _charts(rows: list[Row], language: str) -> list[Chart]:
    """One small chart per STarT Back group: the share recovered by week, with the
    guideline's course (a quarter to half) as the shaded band."""
    origin = date(2026, 1, 5)  # any Monday: the axis is weeks since the intake
    charts = []
    for row in rows:
        if not any(cell.percent is not None for cell in row.in_order):
            continue
        points = [
            Point(origin + timedelta(weeks=w), _("wk %(week)s") % {"week": w}, cell.percent)
            for w, cell in zip(WEEKS, row.in_order, strict=True)
        ]
        charts.append(
            score_chart(
                points,
                title=_("Hersteld per week: %(group)s") % {"group": row.label},
                value_label=_("percentage hersteld"),
                scale=(0, 100),
                band=(25, 50),
                band_label=_("richtlijn: een kwart na 1 maand, de helft na 3 maanden"),
                chart_id=f"chart-recovery-{row.group or 'unknown'}",
                language=language,
            )
        )
    return charts
