"""Score lines over time: one coloured line per score of a questionnaire (a total and its
subscales), for the therapist's and the patient's result pages.

Drawn in the calm look of the progress charts (``drawing``), a little lower, with the
legend above the plot when there is more than one line. The caller writes the date under
each point (``labels``), in the reader's language.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ruggensteun.charts.drawing import BRAND, Canvas, nice_ticks, number, time_plot

# The site's brand, alarm and warning inks (ruggensteun.css), at least 4.5:1 on white.
COLOURS = (BRAND, "#a4161a", "#6b4400")
HEIGHT = 176


@dataclass(frozen=True)
class Series:
    """One line: its name in the legend and a value per date (None: not measured)."""

    label: str
    values: Sequence[float | None]


def _ticks(values: Sequence[float], y_range: tuple[float, float] | None) -> list[float]:
    """The whole scale when it is known, else from zero (or below) to past the highest."""
    if y_range is not None:
        return nice_ticks(*y_range, most=6)
    low, high = min(0.0, *values), max(1.0, *values)
    ticks = nice_ticks(low, high, most=5)
    if ticks[-1] < high:
        step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
        ticks.append(ticks[-1] + step)
    return ticks


def line_chart(
    dates: Sequence[date],
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    y_range: tuple[float, float] | None = None,
    language: str = "nl",
) -> str:
    """Inline SVG markup of ``series`` over ``dates`` (each written as its ``labels``
    entry), named by ``title`` and described by every value; ``y_range`` is the whole
    scale when the caller knows it. A missing value breaks the line."""
    if not dates:
        raise ValueError("a chart needs at least one date")
    if any(len(line.values) != len(dates) for line in series):
        raise ValueError("every series needs one value per date")
    canvas = Canvas(chart_id, height=HEIGHT)
    drawn = list(zip(COLOURS, series, strict=False))
    values = [float(v) for _colour, line in drawn for v in line.values if v is not None]
    ticks = _ticks(values, y_range)
    low, high = y_range if y_range is not None else (ticks[0], ticks[-1])
    pad = (high - low) * 0.05
    start = dates[0]
    x = [float((day - start).days) for day in dates]
    frame = time_plot(
        canvas,
        x,
        labels,
        y_range=(low - pad, high + pad),
        ticks=ticks,
        tick_labels=[number(tick, language) for tick in ticks],
        padding=7 if len(x) == 1 else max(2, (x[-1] - x[0]) * 0.05),
        legend_entries=[(f"line:{colour}", line.label) for colour, line in drawn]
        if len(series) > 1
        else (),
    )
    for colour, line in drawn:
        places = [
            None if value is None else (frame.x(px), frame.y(float(value)))
            for px, value in zip(x, line.values, strict=True)
        ]
        canvas.broken_line(places, colour, 2)
        for place in places:
            if place is not None:
                canvas.circle(*place, 3.5, colour)
    words = "; ".join(
        f"{line.label}: "
        + ", ".join(
            f"{label} {number(value, language)}"
            for label, value in zip(labels, line.values, strict=True)
            if value is not None
        )
        for _colour, line in drawn
    )
    return canvas.markup(title, f"{words}.")
