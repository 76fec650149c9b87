"""The four progress charts a patient reads: pain over the weeks, walking minutes against
the goal, exercise days per week, and a questionnaire score with its band of clear
improvement. See the package docstring for how to call them."""

import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from ruggensteun.charts.drawing import (
    BRAND,
    BRAND_SOFT,
    GOAL,
    GOAL_SOFT,
    INK,
    MUTED,
    SMALL_SIZE,
    Chart,
    Point,
    new_axes,
    number,
    render,
    set_x_axis,
    x_positions,
)

DAYS_PER_WEEK = 7
BAR_WIDTH_DAYS = 4.6
LINE_WIDTH = 3


def _values(points: Sequence[Point]) -> list[float]:
    return [math.nan if point.value is None else float(point.value) for point in points]


def _listing(points: Sequence[Point], language: str, extra: Sequence[str] = ()) -> str:
    """Each point with a value, in words; a point without one is left out."""
    parts = []
    for index, point in enumerate(points):
        if point.value is None:
            continue
        more = extra[index] if index < len(extra) and extra[index] else ""
        parts.append(f"{point.label}: {number(point.value, language)}{more}")
    return "; ".join(parts)


def _check(points: Sequence[Point], *others: Sequence[object]) -> None:
    if not points:
        raise ValueError("a chart needs at least one point")
    for other in others:
        if len(other) != len(points):
            raise ValueError("every series needs one value per point")


def _line(axes: Axes, points: Sequence[Point], language: str, *, label_first: bool = False) -> None:
    """A thick line with open markers; the newest value is a filled dot, written above it.
    With ``label_first`` the first value is written above its marker too (where one began)."""
    x, y = x_positions(points), _values(points)
    axes.plot(x, y, color=BRAND, linewidth=LINE_WIDTH, solid_joinstyle="round", zorder=3)
    axes.plot(
        x,
        y,
        linestyle="none",
        marker="o",
        markersize=8,
        markerfacecolor="white",
        markeredgecolor=BRAND,
        markeredgewidth=2.5,
        zorder=4,
    )
    known = [(px, py) for px, py in zip(x, y, strict=True) if not math.isnan(py)]
    if label_first and len(known) > 1:
        first_x, first_y = known[0]
        axes.annotate(
            number(first_y, language),
            (first_x, first_y),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=SMALL_SIZE + 1,
            color=INK,
            zorder=6,
        )
    if known:
        last_x, last_y = known[-1]
        axes.plot([last_x], [last_y], marker="o", markersize=11, color=BRAND, zorder=5)
        axes.annotate(
            number(last_y, language),
            (last_x, last_y),
            xytext=(0, 11),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=SMALL_SIZE + 2,
            fontweight="bold",
            color=BRAND,
            zorder=6,
        )


def _legend(axes: Axes, order: Sequence[str]) -> None:
    handles, labels = axes.get_legend_handles_labels()
    by_label = dict(zip(labels, handles, strict=True))
    axes.legend(
        [by_label[label] for label in order if label in by_label],
        [label for label in order if label in by_label],
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=2,
        frameon=False,
        fontsize=SMALL_SIZE,
        handlelength=1.6,
        borderaxespad=0.2,
        labelcolor=INK,
    )


def pain_chart(
    points: Sequence[Point],
    *,
    title: str,
    value_label: str,
    chart_id: str,
    language: str = "nl",
    label_first: bool = False,
) -> Chart:
    """Pain (0-10) over the weeks as one line; lower is better. ``label_first`` writes the
    first value too (the pain at the intake, where the patient started)."""
    _check(points)
    figure, axes = new_axes()
    _line(axes, points, language, label_first=label_first)
    axes.set_ylim(-0.4, 11.2)
    axes.set_yticks([0, 2, 4, 6, 8, 10])
    set_x_axis(axes, points, padding=4)
    text = f"{title}. {value_label}: {_listing(points, language)}."
    return render(figure, chart_id=chart_id, title=title, text=text)


def _goal_steps(axes: Axes, x: Sequence[float], goals: Sequence[float | None], label: str) -> None:
    """The goal as a dashed line over each week's bar: it may change from week to week."""
    half = DAYS_PER_WEEK / 2
    labelled = False
    for px, goal in zip(x, goals, strict=True):
        if goal is None:
            continue
        axes.plot(
            [px - half, px + half],
            [goal, goal],
            color=GOAL,
            linewidth=2.5,
            linestyle=(0, (4, 2)),
            solid_capstyle="butt",
            label=None if labelled else label,
            zorder=4,
        )
        labelled = True


def _bar_values(axes: Axes, bars: object, points: Sequence[Point], language: str) -> None:
    if len(points) > 8:
        return  # too crowded on a phone: the table beside the chart has the numbers
    labels = ["" if p.value is None else number(p.value, language) for p in points]
    axes.bar_label(bars, labels=labels, padding=3, fontsize=SMALL_SIZE, color=INK)  # type: ignore[arg-type]


def walking_chart(
    points: Sequence[Point],
    goals: Sequence[float | None],
    *,
    title: str,
    value_label: str,
    goal_label: str,
    chart_id: str,
    language: str = "nl",
) -> Chart:
    """Walking minutes per day (a bar per week) against the week's goal (a dashed line)."""
    _check(points, goals)
    figure, axes = new_axes()
    x = x_positions(points)
    heights = [0.0 if p.value is None else float(p.value) for p in points]
    bars = axes.bar(x, heights, BAR_WIDTH_DAYS, color=BRAND, label=value_label, zorder=3)
    _bar_values(axes, bars, points, language)
    _goal_steps(axes, x, goals, goal_label)
    top = max([*heights, *(g for g in goals if g is not None), 1.0])
    axes.set_ylim(0, top * 1.28)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10], integer=True))
    set_x_axis(axes, points, padding=DAYS_PER_WEEK / 2 + 0.5)
    _legend(axes, [value_label, goal_label])
    goal_text = [
        "" if goal is None else f" ({goal_label} {number(goal, language)})" for goal in goals
    ]
    text = f"{title}. {value_label}: {_listing(points, language, goal_text)}."
    return render(figure, chart_id=chart_id, title=title, text=text)


def sessions_chart(
    points: Sequence[Point],
    planned: Sequence[int | None],
    *,
    title: str,
    value_label: str,
    planned_label: str,
    chart_id: str,
    language: str = "nl",
) -> Chart:
    """Days with exercises done per week (solid bars) in front of the days planned (light
    bars), on a scale of 0-7 days."""
    _check(points, planned)
    figure, axes = new_axes()
    x = x_positions(points)
    axes.bar(
        x,
        [0 if p is None else p for p in planned],
        BAR_WIDTH_DAYS + 1.2,
        color=BRAND_SOFT,
        edgecolor=MUTED,
        linewidth=1.2,
        linestyle=(0, (3, 2)),
        label=planned_label,
        zorder=2,
    )
    done = [0.0 if p.value is None else float(p.value) for p in points]
    bars = axes.bar(x, done, BAR_WIDTH_DAYS - 1.2, color=BRAND, label=value_label, zorder=3)
    _bar_values(axes, bars, points, language)
    axes.set_ylim(0, DAYS_PER_WEEK + 1.4)
    axes.set_yticks(range(0, DAYS_PER_WEEK + 1, 2))
    set_x_axis(axes, points, padding=DAYS_PER_WEEK / 2 + 0.6)
    _legend(axes, [value_label, planned_label])
    planned_text = [
        "" if p is None else f" ({planned_label} {number(p, language)})" for p in planned
    ]
    text = f"{title}. {value_label}: {_listing(points, language, planned_text)}."
    return render(figure, chart_id=chart_id, title=title, text=text)


def score_chart(
    points: Sequence[Point],
    *,
    title: str,
    value_label: str,
    scale: tuple[float, float],
    band: tuple[float, float] | None,
    band_label: str,
    chart_id: str,
    language: str = "nl",
) -> Chart:
    """A questionnaire score over time on its whole ``scale``; ``band`` (low, high) is
    shaded and named by ``band_label`` (e.g. the scores that count as a clear improvement
    since the start). The caller decides the band: this module knows no clinical rule."""
    _check(points)
    low, high = scale
    figure, axes = new_axes()
    if band is not None:
        band = (max(band[0], low), min(band[1], high))
        if band[0] >= band[1]:
            band = None  # nothing of the scale is in it
    if band is not None:
        band_low, band_high = band
        axes.axhspan(band_low, band_high, color=GOAL_SOFT, zorder=1, linewidth=0)
        axes.axhline(band_high, color=GOAL, linewidth=1.5, linestyle=(0, (4, 2)), zorder=2)
        axes.text(
            0.01,
            band_low + (high - low) * 0.02,
            band_label,
            transform=axes.get_yaxis_transform(),
            ha="left",
            va="bottom",
            fontsize=SMALL_SIZE,
            color=GOAL,
            zorder=2,
            bbox={"boxstyle": "square,pad=0.25", "facecolor": GOAL_SOFT, "linewidth": 0},
        )
    _line(axes, points, language)
    pad = (high - low) * 0.06
    axes.set_ylim(low - pad, high + pad * 2.2)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=True))
    padding = max(4.0, (points[-1].when - points[0].when).days * 0.06)
    set_x_axis(axes, points, padding=padding)
    text = f"{title}. {value_label}: {_listing(points, language)}."
    if band is not None:
        text += f" {band_label}."
    return render(figure, chart_id=chart_id, title=title, text=text)
