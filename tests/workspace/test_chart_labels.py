"""The practice charts keep every label inside the picture: a browser shows the SVG at its
viewBox, so a long pathway name or "100%" past the edge is cut off on a phone and a laptop."""

import re

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from ruggensteun.workspace.charts import Bars, bar_chart

LONG_NAMES = ["advies", "oefentherapie", "psychologisch geïnformeerd", "nog niet ingedeeld"]
TEXT = re.compile(r"<text([^>]*)>([^<]*)</text>")
FONT = FontProperties(family="DejaVu Sans")


def attribute(attributes, name):
    found = re.search(rf'\b{name}="([^"]*)"', attributes)
    return found.group(1) if found else None


def text_extents(svg):
    """Each label's left and right edge, measured in the chart's own font."""
    measure = TextToPath()
    for attributes, words in TEXT.findall(svg):
        if not words.strip():
            continue
        size = float(attribute(attributes, "font-size").removesuffix("px"))
        if attribute(attributes, "x") is not None:
            x = float(attribute(attributes, "x"))
        else:
            x = float(re.search(r"translate\(([-\d.]+)", attributes).group(1))
        width = measure.get_text_width_height_descent(words, FONT.copy(), ismath=False)[0]
        width *= size / FONT.get_size_in_points()
        anchor = attribute(attributes, "text-anchor") or "start"
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        yield words, left, left + width


def view_width(svg):
    return float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))


@pytest.mark.parametrize("horizontal", [True, False])
def test_no_label_sticks_out_of_the_chart(horizontal):
    chart = bar_chart(
        [*LONG_NAMES, "Beperkingen (QBPDS)"],
        [Bars("MIC in punten", [100, 75, 50, 25, 0]), Bars("30%-regel", [63, 50, 0, 100, 12])],
        chart_id="chart-test",
        title="Test",
        text="Test",
        percent=True,
        horizontal=horizontal,
    )
    width = view_width(chart.svg)
    extents = list(text_extents(chart.svg))
    assert any(words == "100%" for words, _left, _right in extents)
    for words, left, right in extents:
        assert left >= 0 and right <= width, f"{words!r} runs from {left:.0f} to {right:.0f}"


def test_the_check_sees_a_label_past_the_edge():
    svg = (
        '<svg viewBox="0 0 100 50"><text font-size="13px" text-anchor="end" x="20" y="9">'
        "psychologisch</text></svg>"
    )
    [(_words, left, _right)] = text_extents(svg)
    assert left < 0
