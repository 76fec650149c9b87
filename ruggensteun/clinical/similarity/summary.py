"""What the neighbours' outcomes say, as counts: never a figure about fewer than 10.

- the share "much improved" or better (GPE 1-2, instruments.md §2.7) at discharge and at
  12 weeks, each with its count and the number measured;
- the median NPRS and QBPDS change at discharge with the interquartile range;
- what differed between those who did well (GPE "much improved" or better at discharge,
  else at 12 weeks) and those who did not: adherence, walking goal, pathway, sessions —
  each as a fact with the counts behind it, and only where both groups have at least 10
  cases with the fact known (otherwise the fact says so and gives no numbers).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median

from ruggensteun.clinical.similarity.cases import Case, gpe_improved
from ruggensteun.clinical.similarity.retrieval import MIN_NEIGHBOURS, Neighbour

MIN_AGGREGATE = MIN_NEIGHBOURS


@dataclass(frozen=True)
class Share:
    count: int
    of: int

    @property
    def enough(self) -> bool:
        return self.of >= MIN_AGGREGATE

    @property
    def percent(self) -> int | None:
        return round(100 * self.count / self.of) if self.enough else None


@dataclass(frozen=True)
class Spread:
    n: int
    median: float | None
    q1: float | None
    q3: float | None


@dataclass(frozen=True)
class GroupFigure:
    """One group's figure: a median (adherence %, sessions), a count of ``n`` (walking
    goal reached) or the most common value with its count (pathway)."""

    n: int
    value: float | str | None
    count: int | None = None


@dataclass(frozen=True)
class Difference:
    fact: str  # "adherence" | "walking_goal" | "pathway" | "sessions"
    enough: bool
    did_well: GroupFigure
    did_not: GroupFigure


@dataclass(frozen=True)
class Summary:
    neighbours: int
    enough: bool  # at least MIN_NEIGHBOURS neighbours
    gpe_discharge: Share
    gpe_12_weeks: Share
    nprs_change: Spread
    qbpds_change: Spread
    did_well: int
    did_not: int
    differences: tuple[Difference, ...]


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """Median and the quartiles (the medians of the lower and upper halves, Tukey)."""
    ordered = sorted(values)
    half = len(ordered) // 2
    lower = ordered[:half]
    upper = ordered[half + len(ordered) % 2 :]
    return float(median(lower or ordered)), float(median(ordered)), float(median(upper or ordered))


def spread(values: Sequence[float | None]) -> Spread:
    known = [v for v in values if v is not None]
    if len(known) < MIN_AGGREGATE:
        return Spread(len(known), None, None, None)
    q1, mid, q3 = quartiles(known)
    return Spread(len(known), mid, q1, q3)


def share(values: Sequence[int | None]) -> Share:
    flags = [gpe_improved(v) for v in values]
    known = [f for f in flags if f is not None]
    return Share(sum(known), len(known))


def _median_figure(cases: Sequence[Case], read: Callable[[Case], float | None]) -> GroupFigure:
    known = [v for v in (read(c) for c in cases) if v is not None]
    if len(known) < MIN_AGGREGATE:
        return GroupFigure(len(known), None)
    return GroupFigure(len(known), float(median(known)))


def _count_figure(cases: Sequence[Case], read: Callable[[Case], bool | None]) -> GroupFigure:
    known = [v for v in (read(c) for c in cases) if v is not None]
    if len(known) < MIN_AGGREGATE:
        return GroupFigure(len(known), None)
    return GroupFigure(len(known), None, sum(known))


def _mode_figure(cases: Sequence[Case], read: Callable[[Case], str | None]) -> GroupFigure:
    known = [v for v in (read(c) for c in cases) if v]
    if len(known) < MIN_AGGREGATE:
        return GroupFigure(len(known), None)
    value, count = sorted(Counter(known).items(), key=lambda item: (-item[1], item[0]))[0]
    return GroupFigure(len(known), value, count)


def _difference(
    fact: str,
    well: Sequence[Case],
    not_well: Sequence[Case],
    figure: Callable[[Sequence[Case]], GroupFigure],
) -> Difference:
    a, b = figure(well), figure(not_well)
    return Difference(fact, a.n >= MIN_AGGREGATE and b.n >= MIN_AGGREGATE, a, b)


def summarise(neighbours: Sequence[Neighbour]) -> Summary:
    cases = [n.case for n in neighbours]
    enough = len(cases) >= MIN_NEIGHBOURS
    if not enough:
        cases = []  # too little data: no figure at all
    well = [c for c in cases if c.outcome.did_well is True]
    not_well = [c for c in cases if c.outcome.did_well is False]

    def adherence(c: Case) -> float | None:
        return None if c.process.adherence is None else 100 * c.process.adherence

    def sessions(c: Case) -> float | None:
        return None if c.process.sessions is None else float(c.process.sessions)

    differences = (
        _difference("adherence", well, not_well, lambda g: _median_figure(g, adherence)),
        _difference(
            "walking_goal",
            well,
            not_well,
            lambda g: _count_figure(g, lambda c: c.process.walking_goal_reached),
        ),
        _difference(
            "pathway", well, not_well, lambda g: _mode_figure(g, lambda c: c.process.pathway)
        ),
        _difference("sessions", well, not_well, lambda g: _median_figure(g, sessions)),
    )
    return Summary(
        neighbours=len(neighbours),
        enough=enough,
        gpe_discharge=share([c.outcome.gpe_discharge for c in cases]),
        gpe_12_weeks=share([c.outcome.gpe_12_weeks for c in cases]),
        nprs_change=spread([c.outcome.nprs_change for c in cases]),
        qbpds_change=spread([c.outcome.qbpds_change for c in cases]),
        did_well=len(well),
        did_not=len(not_well),
        differences=differences,
    )
