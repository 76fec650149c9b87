"""Bar charts for the practice figures, drawn with the shared chart look
(``ruggensteun.charts.drawing``): inline SVG with a title and a text alternative, no
JavaScript. The table beside each chart carries the same numbers."""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from ruggensteun.charts.drawing import BRAND, GRID, SMALL_SIZE, Chart, new_axes, number, render

# The site's brand and warning ink (ruggensteun.css), both at least 4.5:1 on white.
COLOURS = (BRAND, "#6b4400")


@dataclass(frozen=True)
class Bars:
    label: str
    values: Sequence[float | None]


def _label(value: float | None, percent: bool, language: str) -> str:
    if value is None:
        return ""
    return f"{number(value, language)}%" if percent else number(value, language)


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Bars],
    *,
    chart_id: str,
    title: str,
    text: str,
    percent: bool = False,
    horizontal: bool = False,
    language: str = "nl",
) -> Chart:
    """One group of bars per category, one bar per series in each group; a missing value
    draws no bar. ``horizontal`` puts long category names on the left, readable."""
    figure, axes = new_axes()
    if horizontal:
        figure.set_figheight(1.2 + 0.45 * len(categories) * max(len(series), 1))
    width = 0.8 / max(len(series), 1)
    positions = list(range(len(categories)))
    for index, (colour, bars) in enumerate(zip(COLOURS, series, strict=False)):
        offset = (index - (len(series) - 1) / 2) * width
        places = [p + offset for p in positions]
        heights = [0.0 if value is None else value for value in bars.values]
        draw = axes.barh if horizontal else axes.bar
        drawn = draw(places, heights, width * 0.9, color=colour, label=bars.label)
        labels = [_label(value, percent, language) for value in bars.values]
        axes.bar_label(drawn, labels=labels, fontsize=SMALL_SIZE, padding=3)
    top = 100.0 if percent else max((v or 0 for b in series for v in b.values), default=0)
    limit = max(top * 1.18, 1)
    if horizontal:
        # Long names on two lines leave room for the bars.
        names = [textwrap.fill(name, 16) for name in categories]
        axes.set_yticks(positions, names)
        axes.invert_yaxis()  # the first category on top, as in the table
        axes.set_xlim(0, limit)
        axes.grid(axis="y", visible=False)
        axes.grid(axis="x", color=GRID, linewidth=1)
        if percent:
            axes.set_xticks([0, 50, 100], ["0%", "50%", "100%"])
    else:
        # A long name ("Beperkingen (QBPDS)") on two lines rather than past the edge.
        axes.set_xticks(positions, [textwrap.fill(name, 14) for name in categories])
        axes.set_ylim(0, limit)
        if percent:
            axes.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    if len(series) > 1:
        # Above the bars, never over them.
        axes.legend(
            fontsize=SMALL_SIZE,
            frameon=False,
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncol=1 if horizontal else len(series),  # the plot is narrow beside long names
            borderaxespad=0.2,
        )
    return render(figure, chart_id=chart_id, title=title, text=text)
