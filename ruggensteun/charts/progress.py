"""The four progress charts a patient reads: pain over the weeks, walking minutes against
the goal, exercise days per week, and a questionnaire score with its band of clear
improvement. See the package docstring for how to call them."""

from collections.abc import Sequence

from ruggensteun.charts.drawing import (
    ASCENT,
    BRAND,
    BRAND_SOFT,
    DESCENT,
    EDGE,
    GOAL,
    GOAL_SOFT,
    MUTED,
    SMALL_SIZE,
    WHITE,
    Canvas,
    Chart,
    Frame,
    Point,
    nice_ticks,
    number,
    text_width,
    time_plot,
    wrap,
    x_positions,
)

DAYS_PER_WEEK = 7
BAR_WIDTH_DAYS = 4.6
LINE_WIDTH = 3
LAST_SIZE = SMALL_SIZE + 2  # the newest value, written above its dot
FIRST_SIZE = SMALL_SIZE + 1


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


def _plot(
    canvas: Canvas,
    points: Sequence[Point],
    *,
    y_range: tuple[float, float],
    ticks: Sequence[float],
    language: str,
    padding: float,
    legend_entries: Sequence[tuple[str, str]] = (),
    end_labels: tuple[str, str] = ("", ""),
) -> tuple[Frame, list[float]]:
    """The axes over the points' days (``time_plot``), with room for ``end_labels``
    written above the first and the last point. The plot area and the points' places."""
    x = x_positions(points)
    frame = time_plot(
        canvas,
        x,
        [point.label for point in points],
        y_range=y_range,
        ticks=ticks,
        tick_labels=[number(tick, language) for tick in ticks],
        padding=padding,
        legend_entries=legend_entries,
        end_widths=(_bold_width(end_labels[0]), _bold_width(end_labels[1])),
    )
    return frame, x


def _bold_width(words: str) -> float:
    return text_width(words, LAST_SIZE, bold=True)


def _known(points: Sequence[Point]) -> list[tuple[int, float]]:
    return [(index, float(p.value)) for index, p in enumerate(points) if p.value is not None]


def _above(canvas: Canvas, y: float, gap: float, size: float) -> float:
    """The baseline of a label of ``size`` whose box ends ``gap`` pixels above ``y``, kept
    inside the picture."""
    return max(y - gap - DESCENT * size, EDGE + ASCENT * size)


def _line(
    canvas: Canvas,
    frame: Frame,
    x: Sequence[float],
    points: Sequence[Point],
    language: str,
    *,
    label_first: bool = False,
) -> None:
    """A thick line with open markers, broken where a value is missing; the newest value
    is a filled dot, written above it. With ``label_first`` the first value is written
    above its marker too (where one began)."""
    places = [
        None if p.value is None else (frame.x(px), frame.y(float(p.value)))
        for px, p in zip(x, points, strict=True)
    ]
    canvas.broken_line(places, BRAND, LINE_WIDTH)
    for place in places:
        if place is not None:
            canvas.circle(*place, 4, WHITE, stroke=BRAND, stroke_width="2.5")
    known = _known(points)
    if label_first and len(known) > 1:
        index, value = known[0]
        px, py = places[index] or (0, 0)
        baseline = _above(canvas, py, 9, FIRST_SIZE)
        canvas.text(px, baseline, number(value, language), size=FIRST_SIZE)
    if known:
        index, value = known[-1]
        px, py = places[index] or (0, 0)
        canvas.circle(px, py, 5.5, BRAND)
        baseline = _above(canvas, py, 10, LAST_SIZE)
        words = number(value, language)
        canvas.text(px, baseline, words, size=LAST_SIZE, bold=True, fill=BRAND)


def _end_labels(points: Sequence[Point], language: str, *, first: bool) -> tuple[str, str]:
    known = _known(points)
    if not known:
        return "", ""
    start = number(known[0][1], language) if first and known[0][0] == 0 else ""
    end = number(known[-1][1], language) if known[-1][0] == len(points) - 1 else ""
    return start, end


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
    canvas = Canvas(chart_id)
    frame, x = _plot(
        canvas,
        points,
        y_range=(-0.4, 11.4),
        ticks=[0, 2, 4, 6, 8, 10],
        language=language,
        padding=4,
        end_labels=_end_labels(points, language, first=label_first),
    )
    _line(canvas, frame, x, points, language, label_first=label_first)
    text = f"{title}. {value_label}: {_listing(points, language)}."
    return canvas.chart(title, text)


def _bars(
    canvas: Canvas,
    frame: Frame,
    x: Sequence[float],
    values: Sequence[float | None],
    width_days: float,
    fill: str,
    **more: str,
) -> None:
    width = width_days * frame.x_scale()
    base = frame.y(0)
    for px, value in zip(x, values, strict=True):
        if value is None or value <= 0:
            continue
        top = frame.y(value)
        canvas.rect(frame.x(px) - width / 2, top, width, base - top, fill, **more)


def _bar_values(
    canvas: Canvas, frame: Frame, x: Sequence[float], points: Sequence[Point], language: str
) -> None:
    if len(points) > 8:
        return  # too crowded on a phone: the table beside the chart has the numbers
    for px, point in zip(x, points, strict=True):
        if point.value is not None:
            baseline = _above(canvas, frame.y(float(point.value)), 3, SMALL_SIZE)
            canvas.text(frame.x(px), baseline, number(point.value, language), size=SMALL_SIZE)


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
    canvas = Canvas(chart_id)
    heights = [0.0 if p.value is None else float(p.value) for p in points]
    high = max([*heights, *(g for g in goals if g is not None), 1.0]) * 1.28
    entries = [("bar", value_label)]
    if any(goal is not None for goal in goals):
        entries.append(("goal", goal_label))
    frame, x = _plot(
        canvas,
        points,
        y_range=(0, high),
        ticks=nice_ticks(0, high, most=5),
        language=language,
        padding=DAYS_PER_WEEK / 2 + 0.5,
        legend_entries=entries,
    )
    _bars(canvas, frame, x, [p.value for p in points], BAR_WIDTH_DAYS, BRAND)
    _bar_values(canvas, frame, x, points, language)
    # The goal as a dashed line over each week's bar: it may change from week to week.
    half = DAYS_PER_WEEK / 2
    for px, goal in zip(x, goals, strict=True):
        if goal is not None:
            y = frame.y(goal)
            canvas.line(frame.x(px - half), y, frame.x(px + half), y, GOAL, 2.5, dash="8 4")
    goal_text = [
        "" if goal is None else f" ({goal_label} {number(goal, language)})" for goal in goals
    ]
    text = f"{title}. {value_label}: {_listing(points, language, goal_text)}."
    return canvas.chart(title, text)


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
    bars with a dashed edge), on a scale of 0-7 days."""
    _check(points, planned)
    canvas = Canvas(chart_id)
    frame, x = _plot(
        canvas,
        points,
        y_range=(0, DAYS_PER_WEEK + 1.4),
        ticks=[0, 2, 4, 6],
        language=language,
        padding=DAYS_PER_WEEK / 2 + 0.6,
        legend_entries=[("bar", value_label), ("planned", planned_label)],
    )
    _bars(
        canvas,
        frame,
        x,
        [None if p is None else float(p) for p in planned],
        BAR_WIDTH_DAYS + 1.2,
        BRAND_SOFT,
        stroke=MUTED,
        stroke_width="1.2",
        stroke_dasharray="3.6 2.4",
    )
    _bars(canvas, frame, x, [p.value for p in points], BAR_WIDTH_DAYS - 1.2, BRAND)
    _bar_values(canvas, frame, x, points, language)
    planned_text = [
        "" if p is None else f" ({planned_label} {number(p, language)})" for p in planned
    ]
    text = f"{title}. {value_label}: {_listing(points, language, planned_text)}."
    return canvas.chart(title, text)


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
    if band is not None:
        band = (max(band[0], low), min(band[1], high))
        if band[0] >= band[1]:
            band = None  # nothing of the scale is in it
    canvas = Canvas(chart_id)
    pad = (high - low) * 0.06
    frame, x = _plot(
        canvas,
        points,
        y_range=(low - pad, high + pad * 2.2),
        ticks=nice_ticks(low, high, most=6),
        language=language,
        padding=max(4.0, (points[-1].when - points[0].when).days * 0.06),
        end_labels=_end_labels(points, language, first=False),
    )
    if band is not None:
        _band(canvas, frame, band, band_label, high - low)
    _line(canvas, frame, x, points, language)
    text = f"{title}. {value_label}: {_listing(points, language)}."
    if band is not None:
        text += f" {band_label}."
    return canvas.chart(title, text)


def _band(canvas: Canvas, frame: Frame, band: tuple[float, float], label: str, span: float) -> None:
    """The band shaded behind the grid, its upper edge dashed, its name written
    inside at the bottom left (on two lines or more when the plot is narrow)."""
    top, bottom = frame.y(band[1]), frame.y(band[0])
    canvas.rect(frame.left, top, frame.right - frame.left, bottom - top, GOAL_SOFT)
    canvas.shapes.insert(0, canvas.shapes.pop())  # behind the grid lines
    canvas.line(frame.left, top, frame.right, top, GOAL, 1.5, dash="6 3")
    if not label:
        return
    lines = wrap(label, SMALL_SIZE, frame.right - frame.left - 12)
    line_height = SMALL_SIZE * 1.2
    last_baseline = frame.y(band[0] + span * 0.02) - DESCENT * SMALL_SIZE - 3
    first_baseline = last_baseline - line_height * (len(lines) - 1)
    box_top = first_baseline - ASCENT * SMALL_SIZE - 3
    width = max(text_width(line, SMALL_SIZE) for line in lines) + 6
    box_bottom = last_baseline + DESCENT * SMALL_SIZE + 3
    canvas.rect(frame.left + 1, box_top, width, box_bottom - box_top, GOAL_SOFT)
    for number_, line in enumerate(lines):
        baseline = first_baseline + line_height * number_
        canvas.text(frame.left + 4, baseline, line, size=SMALL_SIZE, anchor="start", fill=GOAL)
