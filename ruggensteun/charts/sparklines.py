"""Tiny trend lines for the caseload rows: a few hundred bytes of inline SVG each, so a
caseload of 200 patients stays fast.

A sparkline is a picture beside the numbers: the row's figures carry the same
information in text, and the SVG is named by its ``title`` for assistive technology.
"""

from collections.abc import Sequence
from html import escape

from ruggensteun.charts.drawing import Markup

WIDTH, HEIGHT, PAD = 72, 20, 2.5


def sparkline(
    values: Sequence[float | None],
    *,
    title: str,
    low: float,
    high: float,
    higher_is_worse: bool = True,
) -> Markup:
    """A small line of ``values`` (oldest first) on the scale ``low``-``high``; the last
    point is a dot, red when it is worse than the first and green when better.

    Empty markup for fewer than two values: no line to draw.
    """
    points = [(index, value) for index, value in enumerate(values) if value is not None]
    if len(points) < 2:
        return Markup("")
    last_index = len(values) - 1
    span = (high - low) or 1.0

    def xy(index: int, value: float) -> tuple[float, float]:
        x = PAD + (WIDTH - 2 * PAD) * (index / last_index if last_index else 0)
        clamped = min(max(value, low), high)
        y = PAD + (HEIGHT - 2 * PAD) * (1 - (clamped - low) / span)
        return round(x, 1), round(y, 1)

    coords = [xy(index, value) for index, value in points]
    first, last = points[0][1], points[-1][1]
    better = last < first if higher_is_worse else last > first
    worse = last > first if higher_is_worse else last < first
    tone = "better" if better else "worse" if worse else "same"
    line = " ".join(f"{x},{y}" for x, y in coords)
    x, y = coords[-1]
    # Markup: only numbers are interpolated, and the title is escaped.
    return Markup(
        f'<svg class="sparkline {tone}" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" focusable="false"><title>{escape(str(title))}</title>'
        f'<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="1.5" '
        f'stroke-linejoin="round" stroke-linecap="round"/>'
        f'<circle class="end" cx="{x}" cy="{y}" r="2.2"/></svg>'
    )
