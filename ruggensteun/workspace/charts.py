"""Bar charts for the practice figures, drawn with the shared chart look
(``ruggensteun.charts.drawing``): inline SVG with a title and a text alternative, no
JavaScript. The table beside each chart carries the same numbers."""

from collections.abc import Sequence
from dataclasses import dataclass

from ruggensteun.charts.drawing import (
    ASCENT,
    BRAND,
    DESCENT,
    EDGE,
    GRID,
    LABEL_SIZE,
    MUTED,
    SMALL_SIZE,
    WIDTH,
    Canvas,
    Chart,
    Frame,
    legend,
    nice_ticks,
    number,
    text_width,
    wrap,
    y_axis,
    y_label_room,
)

# The site's brand and warning ink (ruggensteun.css), both at least 4.5:1 on white.
COLOURS = (BRAND, "#6b4400")
LINE_HEIGHT = LABEL_SIZE * 1.2
BAR = 14  # the thickness of a bar lying down
NAMES_WIDTH = 128  # the most a name beside lying bars may take before it wraps
SMALLEST = 9.0  # value labels shrink to fit their bar, down to this size


@dataclass(frozen=True)
class Bars:
    label: str
    values: Sequence[float | None]


def _label(value: float | None, percent: bool, language: str) -> str:
    if value is None:
        return ""
    return f"{number(value, language)}%" if percent else number(value, language)


def _scale(series: Sequence[Bars], percent: bool, *, horizontal: bool) -> tuple[float, list[float]]:
    """The longest bar's end and the ticks along the bars."""
    if percent:
        return 118.0, [0, 50, 100] if horizontal else [0, 25, 50, 75, 100]
    top = max((v or 0 for b in series for v in b.values), default=0)
    limit = max(top * 1.18, 1)
    return limit, nice_ticks(0, limit, most=5)


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
    draws no bar. ``horizontal`` puts long category names on the left, readable; standing
    bars lie down too when a name's longest word would not fit under its group."""
    series = list(series[: len(COLOURS)])
    canvas = Canvas(chart_id)
    top = EDGE + 2
    if len(series) > 1:
        # Above the bars, never over them.
        colours = zip(COLOURS, series, strict=False)
        entries = [(f"bar:{colour}", bars.label) for colour, bars in colours]
        top += legend(canvas, entries, top=EDGE) + 6
    limit, ticks = _scale(series, percent, horizontal=False)
    tick_labels = [_label(tick, percent, language) for tick in ticks]
    left = y_label_room(tick_labels)
    group = (WIDTH - EDGE - left) / max(len(categories), 1)
    names = [wrap(name, LABEL_SIZE, group - 6) for name in categories]
    too_wide = any(text_width(line, LABEL_SIZE) > group - 2 for n in names for line in n)
    if horizontal or too_wide or max((len(n) for n in names), default=1) > 3:
        limit, ticks = _scale(series, percent, horizontal=True)
        tick_labels = [_label(tick, percent, language) for tick in ticks]
        _lying(canvas, categories, series, limit, ticks, tick_labels, top, percent, language)
    else:
        frame = Frame(left, WIDTH - EDGE, top, 0, -0.5, len(categories) - 0.5, 0, limit)
        lines = max(len(n) for n in names)
        frame.bottom = canvas.height - EDGE - lines * LINE_HEIGHT - 6
        _standing(canvas, frame, names, series, ticks, tick_labels, percent, language)
    return canvas.chart(title, text)


def _value_size(series: Sequence[Bars], room: float, percent: bool, language: str) -> float:
    """The size at which every value label fits in ``room`` pixels."""
    widest = max(
        (text_width(_label(v, percent, language), SMALL_SIZE) for b in series for v in b.values),
        default=0,
    )
    return SMALL_SIZE if widest <= room else max(SMALLEST, SMALL_SIZE * room / widest)


def _standing(
    canvas: Canvas,
    frame: Frame,
    names: Sequence[Sequence[str]],
    series: Sequence[Bars],
    ticks: Sequence[float],
    tick_labels: Sequence[str],
    percent: bool,
    language: str,
) -> None:
    y_axis(canvas, frame, ticks, tick_labels)
    slot = 0.8 / len(series)
    width = slot * frame.x_scale()
    size = _value_size(series, width + 2, percent, language)
    for index, (colour, bars) in enumerate(zip(COLOURS, series, strict=False)):
        offset = (index - (len(series) - 1) / 2) * slot
        for place, value in enumerate(bars.values):
            if value is None:
                continue
            x, y = frame.x(place + offset), frame.y(value)
            if value > 0:
                canvas.rect(x - width * 0.45, y, width * 0.9, frame.bottom - y, colour)
            words = _label(value, percent, language)
            canvas.text(x, y - 3 - DESCENT * size, words, size=size)
    for place, lines in enumerate(names):
        for row, line in enumerate(lines):
            baseline = frame.bottom + 6 + ASCENT * LABEL_SIZE + row * LINE_HEIGHT
            canvas.text(frame.x(place), baseline, line)


def _lying(
    canvas: Canvas,
    categories: Sequence[str],
    series: Sequence[Bars],
    limit: float,
    ticks: Sequence[float],
    tick_labels: Sequence[str],
    top: float,
    percent: bool,
    language: str,
) -> None:
    """Bars lying down, the first category on top as in the table, each name on the left
    (on more lines when it is long) and the scale below."""
    names = [wrap(name, LABEL_SIZE, NAMES_WIDTH) for name in categories]
    left = EDGE + max(text_width(line, LABEL_SIZE) for n in names for line in n) + 8
    right = canvas.width - EDGE - text_width(tick_labels[-1], LABEL_SIZE) / 2
    size = _value_size(series, BAR * 4, percent, language)
    # The longest bar ends where its label still fits beside it.
    needed = [
        value * (right - left) / (canvas.width - EDGE - 3 - text_width(words, size) - left)
        for bars in series
        for value in bars.values
        if value is not None
        for words in [_label(value, percent, language)]
    ]
    frame = Frame(left, right, top, 0, 0, max([limit, *needed]), 0, 1)
    heights = [max(len(series) * BAR + 12, len(n) * LINE_HEIGHT + 6) for n in names]
    frame.bottom = top + sum(heights)
    canvas.height = frame.bottom + 8 + LABEL_SIZE + EDGE
    for tick, label in zip(ticks, tick_labels, strict=True):
        x = frame.x(tick)
        canvas.line(x, frame.top, x, frame.bottom, GRID)
        canvas.text(x, frame.bottom + 6 + ASCENT * LABEL_SIZE, label)
    canvas.line(frame.left, frame.bottom, frame.right, frame.bottom, MUTED)
    middle = top
    for place, (lines, height) in enumerate(zip(names, heights, strict=True)):
        middle += height / 2
        first = middle - (len(lines) - 1) * LINE_HEIGHT / 2 + 0.35 * LABEL_SIZE
        for row, line in enumerate(lines):
            canvas.text(frame.left - 8, first + row * LINE_HEIGHT, line, anchor="end")
        for index, (colour, bars) in enumerate(zip(COLOURS, series, strict=False)):
            value = bars.values[place]
            if value is None:
                continue
            y = middle + (index - len(series) / 2) * BAR
            end = frame.x(value)
            if value > 0:
                canvas.rect(frame.left, y + 1, end - frame.left, BAR - 2, colour)
            words = _label(value, percent, language)
            canvas.text(end + 3, y + BAR / 2 + 0.35 * size, words, size=size, anchor="start")
        middle += height / 2
