"""The one chart pipeline: every chart of the site is written here by hand as SVG, fit to
put inside an HTML page or a PDF. No plotting library: a chart is a few dozen shapes and
labels, so writing them out takes well under a millisecond.

- ``Canvas``: the picture being drawn (shapes and labels in the site's colours) and its
  markup, named for assistive technology (``role="img"``, ``<title>``, ``<desc>``);
- ``Frame``: the plot area and how values map onto it;
- ``text_width``: the width of a label in DejaVu Sans (``fontwidths``), so labels are laid
  out without a font library and never stick out of the picture;
- ``nice_ticks``, ``x_labels``, ``legend``: the axes and the legend every chart shares.

The SVG has a ``viewBox`` and ``width="100%"``: it scales to its container in a browser and
in WeasyPrint. Text stays text in the reader's sans-serif font; the layout assumes DejaVu
Sans, the widest of the fonts named, and keeps ``EDGE`` pixels free at the picture's edge.
The same data always gives the same bytes.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from ruggensteun.charts import fontwidths

# Colours from the site's palette (ruggensteun.css). Ink and the line colours are at least
# 4.5:1 on white (text) and 3:1 on the soft fills (lines); the soft fills carry no meaning
# on their own: a band has its dashed edge and its name, a planned bar its dashed outline.
INK = "#1d2a2e"
MUTED = "#4a5a5f"
BRAND = "#0d5c63"
GOAL = "#1b5e33"
GOAL_SOFT = "#e6f3e9"
BRAND_SOFT = "#e3f1f0"
GRID = "#d5dedc"
WHITE = "#ffffff"

FONT_FAMILY = "'DejaVu Sans', 'Noto Sans', Arial, sans-serif"
WIDTH, HEIGHT = 340, 200
LABEL_SIZE = 13
SMALL_SIZE = 11.5
MAX_LABELS = 5.5  # tick labels that fit under a chart on a phone
EDGE = 6.0  # pixels kept free at the picture's edge: a browser's font may be a little wider
# DejaVu Sans: ascent and descent as parts of the font size, to place text by its box.
ASCENT, DESCENT = 0.76, 0.24
# A character the table does not know: as wide as the widest common letters.
UNKNOWN_WIDTH = 900

_CHART_ID = re.compile(r"\A[a-z][a-z0-9-]*\Z")


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


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` in DejaVu Sans at ``size`` pixels (without kerning, which only
    narrows it)."""
    table = fontwidths.BOLD if bold else fontwidths.REGULAR
    return sum(table.get(char, UNKNOWN_WIDTH) for char in text) * size / 1000


def wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` in lines of at most ``width`` pixels, broken between words (a word longer
    than the width stands alone on its line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _n(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    shown = f"{value:.2f}"
    if shown[-1] == "0":  # the hottest line of a chart: no rstrip, no regular expression
        shown = shown[:-3] if shown[-2] == "0" else shown[:-1]
    return "0" if shown == "-0" else shown


@dataclass
class Canvas:
    """A picture of ``width`` x ``height`` pixels (the viewBox), drawn shape by shape in
    order: what is drawn later lies on top."""

    chart_id: str
    width: float = WIDTH
    height: float = HEIGHT
    shapes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not _CHART_ID.match(self.chart_id):
            raise ValueError(
                f"chart_id must be lower-case letters, digits and dashes: {self.chart_id!r}"
            )

    def rect(self, x: float, y: float, width: float, height: float, fill: str, **more: str) -> None:
        self.shapes.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" '
            f'fill="{fill}"{_attributes(more)}/>'
        )

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        stroke: str,
        width: float = 1,
        dash: str = "",
    ) -> None:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        self.shapes.append(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" '
            f'stroke-width="{_n(width)}"{dashed}/>'
        )

    def polyline(self, points: Sequence[tuple[float, float]], stroke: str, width: float) -> None:
        coordinates = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self.shapes.append(
            f'<polyline points="{coordinates}" fill="none" stroke="{stroke}" '
            f'stroke-width="{_n(width)}" stroke-linejoin="round" stroke-linecap="round"/>'
        )

    def broken_line(
        self, places: Sequence[tuple[float, float] | None], stroke: str, width: float
    ) -> None:
        """A line through ``places``, broken where one is None (a value missing): a gap,
        never a guess between the values around it."""
        run: list[tuple[float, float]] = []
        for place in [*places, None]:
            if place is not None:
                run.append(place)
                continue
            if len(run) > 1:
                self.polyline(run, stroke, width)
            run = []

    def circle(self, x: float, y: float, radius: float, fill: str, **more: str) -> None:
        self.shapes.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" fill="{fill}"{_attributes(more)}/>'
        )

    def text(
        self,
        x: float,
        baseline: float,
        words: str,
        *,
        size: float = LABEL_SIZE,
        anchor: str = "middle",
        fill: str = INK,
        bold: bool = False,
    ) -> None:
        """``words`` on ``baseline``, starting, centred on or ending at ``x`` (``anchor``
        start, middle or end); the caller has made room for them (``text_width``)."""
        more = ' text-anchor="' + anchor + '"' if anchor != "start" else ""
        more += f' font-size="{_n(size)}"' if size != LABEL_SIZE else ""
        more += ' font-weight="bold"' if bold else ""
        more += f' fill="{fill}"' if fill != INK else ""
        self.shapes.append(f'<text x="{_n(x)}" y="{_n(baseline)}"{more}>{escape(words)}</text>')

    def markup(self, title: str, text: str | None = None) -> str:
        """The picture as inline SVG named by ``title`` (and described by ``text``)."""
        prefix = self.chart_id
        described = f' aria-describedby="{prefix}-desc"' if text is not None else ""
        named = f'<title id="{prefix}-title">{escape(str(title))}</title>'
        if text is not None:
            named += f'<desc id="{prefix}-desc">{escape(str(text))}</desc>'
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'aria-labelledby="{prefix}-title"{described} focusable="false" '
            f'viewBox="0 0 {_n(self.width)} {_n(self.height)}" width="100%" '
            f'font-family="{FONT_FAMILY}" font-size="{LABEL_SIZE}" fill="{INK}">'
            f"{named}{''.join(self.shapes)}</svg>"
        )

    def chart(self, title: str, text: str) -> Chart:
        """The picture as a ``Chart``, named by ``title`` and described by ``text``."""
        return Chart(svg=self.markup(title, text), title=title, text=text)


def _attributes(more: dict[str, str]) -> str:
    return "".join(f' {name.replace("_", "-")}="{value}"' for name, value in more.items())


@dataclass
class Frame:
    """The plot area (``left``-``right``, ``top``-``bottom`` in pixels) showing the values
    ``x_low``-``x_high`` across and ``y_low``-``y_high`` up."""

    left: float
    right: float
    top: float
    bottom: float
    x_low: float
    x_high: float
    y_low: float
    y_high: float

    def x(self, value: float) -> float:
        span = (self.x_high - self.x_low) or 1.0
        return self.left + (self.right - self.left) * (value - self.x_low) / span

    def y(self, value: float) -> float:
        span = (self.y_high - self.y_low) or 1.0
        return self.bottom - (self.bottom - self.top) * (value - self.y_low) / span

    def x_scale(self) -> float:
        """Pixels per unit across."""
        return (self.right - self.left) / ((self.x_high - self.x_low) or 1.0)

    def fit_across(
        self, width: float, first: float, last: float, half_first: float, half_last: float
    ) -> None:
        """Move the plot's sides inwards until a label ``half_first`` pixels wide each side
        of ``first``, and one ``half_last`` of ``last``, lie inside a picture ``width``
        wide (the sides move the points, so look again)."""
        for _attempt in range(4):
            overflow_left = EDGE - (self.x(first) - half_first)
            overflow_right = self.x(last) + half_last - (width - EDGE)
            if overflow_left <= 0.01 and overflow_right <= 0.01:
                return
            self.left += max(0.0, overflow_left)
            self.right -= max(0.0, overflow_right)


def nice_ticks(low: float, high: float, *, most: int = 6, integer: bool = True) -> list[float]:
    """Round values from ``low`` to ``high``, at most ``most`` of them, a step of 1, 2, 2.5
    or 5 times a power of ten apart (2.5 only where it is not a whole number's step)."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / max(most - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    steps = (1, 2, 2.5, 5, 10)
    step = next(power * s for s in steps if power * s >= raw and not (integer and power * s % 1))
    if integer:
        step = max(step, 1.0)
    first = math.ceil(low / step - 1e-9) * step
    count = math.floor((high - first) / step + 1e-9)
    return [round(first + index * step, 10) for index in range(count + 1)]


def y_axis(canvas: Canvas, frame: Frame, ticks: Sequence[float], labels: Sequence[str]) -> None:
    """Light horizontal lines at ``ticks`` with their labels on the left, and the base line."""
    for tick, label in zip(ticks, labels, strict=True):
        y = frame.y(tick)
        canvas.line(frame.left, y, frame.right, y, GRID)
        canvas.text(frame.left - 6, y + 0.35 * LABEL_SIZE, label, anchor="end")
    canvas.line(frame.left, frame.bottom, frame.right, frame.bottom, MUTED)


def y_label_room(labels: Sequence[str]) -> float:
    """The left margin for the widest of ``labels`` beside the plot."""
    return EDGE + max((text_width(label, LABEL_SIZE) for label in labels), default=0) + 6


def x_positions(points: Sequence[Point]) -> list[float]:
    """Days since the first point: measurements weeks apart stand weeks apart."""
    start = points[0].when
    return [float((point.when - start).days) for point in points]


def x_labels(
    canvas: Canvas, frame: Frame, x: Sequence[float], labels: Sequence[str], baseline: float
) -> None:
    """Labels under the points, but never two too close together on a phone: the first and
    the last are always written, the ones between only where there is room around them
    (and at most about ``MAX_LABELS``)."""
    places = [frame.x(value) for value in x]
    widths = [text_width(label, LABEL_SIZE) for label in labels]
    last = len(places) - 1
    even = (places[-1] - places[0]) / MAX_LABELS

    def apart(one: int, other: int) -> bool:
        gap = abs(places[other] - places[one])
        return gap >= max(even, (widths[one] + widths[other]) / 2 + 8)

    shown = [0]
    for index in range(1, last):
        if apart(shown[-1], index) and apart(index, last):
            shown.append(index)
    if last and apart(shown[-1], last):
        shown.append(last)
    elif last:
        shown[-1] = last  # two points close together: the newest is the one to name
    for index in shown:
        canvas.text(places[index], baseline, labels[index])


def legend(canvas: Canvas, entries: Sequence[tuple[str, str]], *, top: float) -> float:
    """The legend above the plot, ``entries`` of (swatch kind, name) side by side, on as
    many rows as the width needs; the height it takes. Kinds: ``bar``, ``planned`` (a light
    bar with a dashed edge), ``goal`` (a dashed line), ``line`` (a line with a dot) and any
    colour as ``bar:#colour`` or ``line:#colour``."""
    x, row = EDGE, 0
    row_height = SMALL_SIZE + 6
    for kind, name in entries:
        width = 22 + text_width(name, SMALL_SIZE) + 14
        if x > EDGE and x + width - 14 > canvas.width - EDGE:
            x, row = EDGE, row + 1
        middle = top + row * row_height + row_height / 2
        shape, _colon, colour = kind.partition(":")
        _swatch(canvas, shape, colour, x, middle)
        canvas.text(x + 22, middle + 0.35 * SMALL_SIZE, name, size=SMALL_SIZE, anchor="start")
        x += width
    return (row + 1) * row_height


def _swatch(canvas: Canvas, shape: str, colour: str, x: float, middle: float) -> None:
    if shape == "bar":
        canvas.rect(x, middle - 5, 16, 10, colour or BRAND)
    elif shape == "planned":
        canvas.rect(
            x + 0.6, middle - 4.4, 14.8, 8.8, BRAND_SOFT, stroke=MUTED, stroke_dasharray="3 2"
        )
    elif shape == "goal":
        canvas.line(x, middle, x + 16, middle, GOAL, 2.5, dash="5 2.5")
    else:
        canvas.line(x, middle, x + 16, middle, colour or BRAND, 2)
        canvas.circle(x + 8, middle, 3, colour or BRAND)


def time_plot(
    canvas: Canvas,
    x: Sequence[float],
    labels: Sequence[str],
    *,
    y_range: tuple[float, float],
    ticks: Sequence[float],
    tick_labels: Sequence[str],
    padding: float,
    legend_entries: Sequence[tuple[str, str]] = (),
    end_widths: tuple[float, float] = (0, 0),
) -> Frame:
    """The axes of a chart over time (``x`` in days, each written as its ``labels`` entry):
    the legend above, the values' labels on the left, the days' labels below; ``padding``
    days beside the first and the last day, and room for a label ``end_widths`` wide
    above each of them. The plot area."""
    top = EDGE + 2
    if legend_entries:
        top += legend(canvas, legend_entries, top=EDGE) + 6
    baseline = canvas.height - EDGE - DESCENT * LABEL_SIZE
    frame = Frame(
        left=y_label_room(tick_labels),
        right=canvas.width - EDGE - 2,
        top=top,
        bottom=baseline - ASCENT * LABEL_SIZE - 9,
        x_low=x[0] - padding,
        x_high=x[-1] + padding,
        y_low=y_range[0],
        y_high=y_range[1],
    )
    first_half = max(text_width(labels[0], LABEL_SIZE), end_widths[0]) / 2
    last_half = max(text_width(labels[-1], LABEL_SIZE), end_widths[1]) / 2
    frame.fit_across(canvas.width, x[0], x[-1], first_half, last_half)
    y_axis(canvas, frame, ticks, tick_labels)
    x_labels(canvas, frame, x, labels, baseline)
    return frame
