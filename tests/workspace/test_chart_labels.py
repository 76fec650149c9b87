"""The practice charts keep every label inside the picture: a browser shows the SVG at its
viewBox, so a long pathway name or "100%" past the edge is cut off on a phone and a laptop."""

import pytest

from ruggensteun.workspace.charts import Bars, bar_chart
from tests.charts.measure import text_extents, view_box

LONG_NAMES = ["advies", "oefentherapie", "psychologisch geïnformeerd", "nog niet ingedeeld"]


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
    width, height = view_box(chart.svg)
    extents = list(text_extents(chart.svg))
    assert any(words == "100%" for words, *_edges in extents)
    for words, left, right, top, bottom in extents:
        assert left >= 0 and right <= width, f"{words!r} runs from {left:.0f} to {right:.0f}"
        assert top >= 0 and bottom <= height, f"{words!r} runs from {top:.0f} to {bottom:.0f}"


def test_the_check_sees_a_label_past_the_edge():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><text font-size="13px" '
        'text-anchor="end" x="20" y="9">psychologisch</text></svg>'
    )
    [(_words, left, _right, top, _bottom)] = text_extents(svg)
    assert left < 0 and top < 0
