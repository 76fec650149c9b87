"""The one chart pipeline: every chart of the site is drawn here, with matplotlib, and
comes out as SVG fit to put inside an HTML page or a PDF.

- ``new_figure`` / ``new_axes``: the figure (fixed DPI) and the calm look (``STYLE``, the
  site's colours);
- ``render``: fixed margins, labels kept inside the picture, then ``svg_markup``;
- ``svg_markup``: matplotlib's SVG document made inline (no prologue, no style sheet, no
  inline styles, ids prefixed per chart) and named for assistive technology.

matplotlib draws with the Agg-free SVG backend (no display, no fonts fetched from
anywhere: text stays text, in the reader's own sans-serif font) and with a fixed hash salt
and no date, so the same data always gives the same bytes. Nothing is cached: a chart is
drawn for the request (or the PDF) that shows it.
"""

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

import matplotlib

matplotlib.use("svg")

from matplotlib.axes import Axes
from matplotlib.figure import Figure

# Colours from the site's palette (ruggensteun.css), each at least 4.5:1 on white.
INK = "#1d2a2e"
MUTED = "#4a5a5f"
BRAND = "#0d5c63"
GOAL = "#1b5e33"
GOAL_SOFT = "#e6f3e9"
BRAND_SOFT = "#e3f1f0"
GRID = "#d5dedc"

WIDTH_INCHES = 4.6
HEIGHT_INCHES = 2.7
DPI = 72
LABEL_SIZE = 13
MAX_LABELS = 5.5  # tick labels that fit under a chart on a phone
# Margins, as fractions of the figure: room for "100" on the left, for the labels below
# and for a legend above.
LEFT, RIGHT, BOTTOM, TOP, TOP_WITH_LEGEND = 0.11, 0.97, 0.14, 0.95, 0.86
SMALL_SIZE = 11.5

STYLE = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Noto Sans", "Arial"],
    "font.size": LABEL_SIZE,
    "text.color": INK,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "xtick.labelsize": LABEL_SIZE,
    "ytick.labelsize": LABEL_SIZE,
}

_XML_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.S)
_STYLE_SHEET = re.compile(r"<style[^>]*>.*?</style>", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)
_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')
_CHART_ID = re.compile(r"\A[a-z][a-z0-9-]*\Z")
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')


@dataclass(frozen=True)
class Point:
    """One place on the time axis: a week (its first day) or a day of measurement.

    ``label`` is written under the axis as it is ("3 mrt", "week 2"); ``value`` None
    leaves a gap (nothing filled in).
    """

    when: date
    label: str
    value: float | None


class Markup(str):
    """Text that is already markup: template engines (Django's, Jinja's) write it as it is."""

    def __html__(self) -> str:
        return self


@dataclass(frozen=True)
class Chart:
    """A drawn chart: ``svg`` to put in a page or a PDF, ``title`` (also the SVG's
    ``<title>``) and ``text``, the text alternative that says the same in words (also the
    SVG's ``<desc>``). In a Django template ``{{ chart }}`` writes the SVG."""

    svg: str
    title: str
    text: str

    def __html__(self) -> str:
        return Markup(self.svg)

    def __str__(self) -> str:
        return Markup(self.svg)


def number(value: float, language: str) -> str:
    """At most one decimal; a decimal comma in Dutch."""
    rounded = round(value, 1)
    shown = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"
    return shown.replace(".", ",") if language == "nl" else shown


def new_figure(width: float = WIDTH_INCHES, height: float = HEIGHT_INCHES) -> Figure:
    """An empty figure of ``width`` x ``height`` inches, drawn at the charts' one DPI."""
    return Figure(figsize=(width, height), dpi=DPI)


def new_axes() -> tuple[Figure, Axes]:
    """A figure with one plot in the calm look: light horizontal grid, no frame, no ticks."""
    figure = new_figure()
    with matplotlib.rc_context(STYLE):
        axes = figure.add_subplot()
    axes.grid(axis="y", color=GRID, linewidth=1)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0, pad=6)
    axes.tick_params(axis="x", length=0, pad=8)
    return figure, axes


def x_positions(points: Sequence[Point]) -> list[float]:
    """Days since the first point: measurements weeks apart stand weeks apart."""
    start = points[0].when
    return [float((point.when - start).days) for point in points]


def set_x_axis(axes: Axes, points: Sequence[Point], *, padding: float) -> None:
    """Tick labels under the points, but never two too close together on a phone: the
    first and the last are always written, the ones between only with room around them."""
    x = x_positions(points)
    last = len(points) - 1
    room = (x[-1] - x[0]) / MAX_LABELS
    shown = [0]
    for index in range(1, last):
        if x[index] - x[shown[-1]] >= room and x[last] - x[index] >= room:
            shown.append(index)
    if last:
        shown.append(last)
    axes.set_xticks([x[index] for index in shown], [points[index].label for index in shown])
    axes.set_xlim(x[0] - padding, x[-1] + padding)


def render(figure: Figure, *, chart_id: str, title: str, text: str) -> Chart:
    """The figure as an SVG fit to put in a page, named for assistive technology."""
    # Fixed margins rather than tight_layout: as calm and twice as fast, and every chart
    # of a page lines up with the others.
    top = TOP_WITH_LEGEND if figure.axes[0].get_legend() else TOP
    figure.subplots_adjust(left=LEFT, right=RIGHT, bottom=BOTTOM, top=top)
    with matplotlib.rc_context(STYLE):
        _fit_labels(figure)
    return Chart(svg=svg_markup(figure, chart_id, title, text, style=STYLE), title=title, text=text)


def svg_markup(
    figure: Figure,
    chart_id: str,
    title: str,
    text: str | None = None,
    *,
    style: Mapping[str, Any] | None = None,
) -> str:
    """``figure`` as inline SVG markup with ``title`` (and ``text`` as its description,
    when given). ``style`` is the look matplotlib draws with: ticks are made while
    saving, so they take the rc settings in force then."""
    if not _CHART_ID.match(chart_id):
        raise ValueError(f"chart_id must be lower-case letters, digits and dashes: {chart_id!r}")
    out = io.StringIO()
    settings = {**(style or {}), "svg.fonttype": "none", "svg.hashsalt": chart_id}
    with matplotlib.rc_context(settings):
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _inline(out.getvalue(), chart_id, title, text)


def _fit_labels(figure: Figure) -> None:
    """Widen a margin where a label would stick out of the picture ("Psychologisch
    geïnformeerd" beside a bar, "100%" on the left, the last name under the axis): the SVG
    is shown whole on a phone, so what sticks out is cut off. Charts whose labels fit keep
    the fixed margins and line up with the others."""
    width, height = figure.bbox.width, figure.bbox.height
    edge = 6.0  # pixels kept free at the picture's edge: a browser's font may be wider
    for _attempt in range(3):  # the plot shrinks, so bar labels move: look again
        box = figure.axes[0].get_tightbbox()
        if box is None:
            return
        left = max(0.0, edge - box.x0) / width
        right = max(0.0, box.x1 - (width - edge)) / width
        bottom = max(0.0, edge - box.y0) / height
        top = max(0.0, box.y1 - (height - edge)) / height
        if not (left or right or bottom or top):
            return
        params = figure.subplotpars
        figure.subplots_adjust(
            left=params.left + left,
            right=params.right - right,
            bottom=params.bottom + bottom,
            top=params.top - top,
        )


def presentation_attributes(svg: str) -> str:
    """matplotlib's ``style="fill: #fff; stroke: #000"`` as SVG presentation attributes
    (``fill="#fff" stroke="#000"``): the same drawing, and the page's Content-Security-Policy
    (no inline styles) lets it through."""

    def attributes(match: re.Match[str]) -> str:
        # The value was inside a double-quoted attribute already, so it is escaped as it is.
        pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
        return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)

    return _STYLE_ATTRIBUTE.sub(attributes, svg)


def _inline(svg: str, chart_id: str, title: str, text: str | None) -> str:
    svg = _XML_PROLOGUE.sub("", svg, count=1)
    svg = _STYLE_SHEET.sub("", svg)
    svg = _METADATA.sub("", svg)
    svg = presentation_attributes(svg)
    # Several charts share a page: every id (and every reference to one) gets the chart's
    # own prefix so none repeats.
    svg = svg.replace(' id="', f' id="{chart_id}-')
    svg = svg.replace("url(#", f"url(#{chart_id}-").replace('href="#', f'href="#{chart_id}-')
    described = f' aria-describedby="{chart_id}-desc"' if text is not None else ""
    svg = _SIZE.sub(
        rf'<svg\1 class="chart" role="img" aria-labelledby="{chart_id}-title"{described} '
        rf'focusable="false"',
        svg,
        count=1,
    )
    named = f'<title id="{chart_id}-title">{escape(str(title))}</title>'
    if text is not None:
        named += f'<desc id="{chart_id}-desc">{escape(str(text))}</desc>'
    return svg.replace(">", f">{named}", 1).strip()
