"""Score lines over time: one coloured line per score of a questionnaire (a total and its
subscales), for the therapist's and the patient's result pages.

Drawn in matplotlib's own plain look (small labels, a legend where it fits) rather than the
calm ``STYLE`` of the progress charts, and laid out tightly around its labels. The caller
writes the date under each point (``labels``), in the reader's language.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ruggensteun.charts.drawing import BRAND, GRID, new_figure, svg_markup

# The site's brand, alarm and warning inks (ruggensteun.css), at least 4.5:1 on white.
COLOURS = (BRAND, "#a4161a", "#6b4400")
WIDTH_INCHES, HEIGHT_INCHES = 5.2, 2.3


@dataclass(frozen=True)
class Series:
    """One line: its name in the legend and a value per date (None: not measured)."""

    label: str
    values: Sequence[float | None]


def line_chart(
    dates: Sequence[date],
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    y_range: tuple[float, float] | None = None,
) -> str:
    """Inline SVG markup of ``series`` over ``dates`` (each written as its ``labels``
    entry), named by ``title``; ``y_range`` is the whole scale when the caller knows it."""
    start = dates[0]
    x = [(day - start).days for day in dates]
    figure = new_figure(WIDTH_INCHES, HEIGHT_INCHES)
    axes = figure.add_subplot()
    for colour, line in zip(COLOURS, series, strict=False):
        points = [(px, v) for px, v in zip(x, line.values, strict=True) if v is not None]
        if not points:
            continue
        axes.plot(
            [px for px, _v in points],
            [v for _px, v in points],
            marker="o",
            linewidth=2,
            color=colour,
            label=line.label,
            solid_joinstyle="round",
        )
    axes.set_xticks(x)
    axes.set_xticklabels(labels, fontsize=9)
    if len(x) == 1:
        axes.set_xlim(x[0] - 7, x[0] + 7)
    else:
        margin = max(2, (x[-1] - x[0]) * 0.05)
        axes.set_xlim(x[0] - margin, x[-1] + margin)
    if y_range is not None:
        low, high = y_range
        pad = (high - low) * 0.05
        axes.set_ylim(low - pad, high + pad)
    elif axes.get_ylim()[0] > 0:
        axes.set_ylim(bottom=0)
    axes.tick_params(axis="y", labelsize=9)
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if len(series) > 1:
        axes.legend(fontsize=8, frameon=False, loc="best")
    figure.tight_layout(pad=0.4)
    return svg_markup(figure, chart_id, title)
