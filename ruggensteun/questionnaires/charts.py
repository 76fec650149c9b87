"""Small line charts of scores over time, drawn on the server as inline SVG (no JavaScript).

Each chart is a picture for sighted readers; the table beside it carries the same numbers
for everyone else, and the SVG is labelled by a short text summary.
"""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib
from django.utils import formats
from django.utils.html import escape

matplotlib.use("svg")

from matplotlib.figure import Figure

from ruggensteun.charts.drawing import presentation_attributes

COLOURS = ("#0d5c63", "#a4161a", "#6b4400")
_XML_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.S)
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)
_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


def line_chart(
    dates: Sequence[date],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    y_range: tuple[float, float] | None = None,
) -> str:
    """An SVG line chart (markup to put in the page) of ``series`` over ``dates``."""
    start = dates[0]
    x = [(day - start).days for day in dates]
    figure = Figure(figsize=(5.2, 2.3), dpi=72)
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
    axes.set_xticklabels(
        [formats.date_format(day, "MONTH_DAY_FORMAT") for day in dates], fontsize=9
    )
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
    axes.grid(axis="y", color="#d5dedc", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if len(series) > 1:
        axes.legend(fontsize=8, frameon=False, loc="best")
    figure.tight_layout(pad=0.4)
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": chart_id}):
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _inline(out.getvalue(), chart_id, title)


def _inline(svg: str, chart_id: str, title: str) -> str:
    """Make matplotlib's SVG document fit inside an HTML page: no XML prologue, no
    page-wide style sheet, scalable, and named for assistive technology."""
    svg = _XML_PROLOGUE.sub("", svg, count=1)
    svg = _STYLE.sub("", svg)
    svg = _METADATA.sub("", svg)
    svg = presentation_attributes(svg)  # no inline styles (Content-Security-Policy)
    # Several charts share a page: give every id (and every reference to it) the chart's
    # own prefix so none repeats.
    svg = svg.replace(' id="', f' id="{chart_id}-')
    svg = svg.replace("url(#", f"url(#{chart_id}-").replace('href="#', f'href="#{chart_id}-')
    svg = _SIZE.sub(
        rf'<svg\1 class="chart" role="img" aria-labelledby="{chart_id}-title" focusable="false"',
        svg,
        count=1,
    )
    return svg.replace(">", f'><title id="{chart_id}-title">{escape(title)}</title>', 1)
