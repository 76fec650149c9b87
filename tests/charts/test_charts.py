"""The shared charts: valid, named, deterministic SVG with a text alternative."""

import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from ruggensteun.charts import Point, pain_chart, score_chart, sessions_chart, walking_chart
from ruggensteun.charts.lines import Series, line_chart
from tests.charts.measure import text_extents, view_box

SVG = "{http://www.w3.org/2000/svg}"
START = date(2026, 3, 2)


def weeks(*values):
    return [
        Point(START + timedelta(weeks=index), f"week {index + 1}", value)
        for index, value in enumerate(values)
    ]


def draw_each():
    return {
        "pain": pain_chart(
            weeks(7, 6, None, 4), title="Uw pijn", value_label="pijn", chart_id="pain"
        ),
        "walking": walking_chart(
            weeks(8, 12.5, 15),
            [10, 15, None],
            title="Wandelen",
            value_label="minuten per dag",
            goal_label="doel",
            chart_id="walking",
        ),
        "sessions": sessions_chart(
            weeks(3, 5),
            [5, 5],
            title="Oefenen",
            value_label="dagen geoefend",
            planned_label="gepland",
            chart_id="sessions",
        ),
        "score": score_chart(
            [Point(START, "2 mrt", 60), Point(START + timedelta(weeks=6), "13 apr", 35)],
            title="Dagelijkse activiteiten",
            value_label="score",
            scale=(0, 100),
            band=(0, 40),
            band_label="duidelijk beter",
            chart_id="score",
        ),
    }


@pytest.mark.parametrize("name", ["pain", "walking", "sessions", "score"])
def test_every_chart_is_valid_svg_named_by_its_title_and_text(name):
    chart = draw_each()[name]
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == chart.title
    assert desc is not None and desc.text == chart.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert "<script" not in chart.svg
    assert "http://" not in chart.svg.replace("http://www.w3.org", "")


def test_the_same_data_draws_the_same_bytes():
    assert draw_each()["pain"].svg == draw_each()["pain"].svg


def test_every_id_carries_the_chart_id_so_charts_can_share_a_page():
    chart = draw_each()["walking"]
    ids = [element.get("id") for element in ET.fromstring(chart.svg).iter() if element.get("id")]
    assert ids and all(value.startswith("walking-") for value in ids)


def test_the_text_alternative_names_every_value_with_a_decimal_comma_in_dutch():
    chart = draw_each()["walking"]
    assert "week 2: 12,5 (doel 15)" in chart.text
    assert "week 3: 15" in chart.text
    assert (
        "12.5"
        in walking_chart(
            weeks(12.5),
            [None],
            title="Walking",
            value_label="min",
            goal_label="goal",
            chart_id="w",
            language="en",
        ).text
    )


def test_a_week_without_a_value_is_left_out_of_the_words():
    text = draw_each()["pain"].text
    assert "week 2: 6" in text and "week 3" not in text and "week 4: 4" in text


def test_a_band_outside_the_scale_is_left_out():
    chart = score_chart(
        weeks(3, 2),
        title="Pijn",
        value_label="pijn",
        scale=(0, 10),
        band=(-5, -1),
        band_label="duidelijk beter",
        chart_id="nprs",
    )
    assert "duidelijk beter" not in chart.svg


def test_a_chart_id_that_could_break_the_page_is_refused():
    with pytest.raises(ValueError):
        pain_chart(weeks(3), title="x", value_label="x", chart_id='a" onload="x')


def test_series_of_different_lengths_are_refused():
    with pytest.raises(ValueError):
        walking_chart(weeks(3, 4), [10], title="x", value_label="x", goal_label="x", chart_id="w")


def test_in_a_template_the_chart_writes_its_svg():
    from django.template import Context, Template

    chart = draw_each()["pain"]
    assert Template("{{ chart }}").render(Context({"chart": chart})) == chart.svg


def test_many_weeks_keep_the_labels_apart():
    chart = pain_chart(weeks(*range(10, -2, -1)), title="x", value_label="x", chart_id="many")
    written = [t for t in ("week 1<", "week 2<", "week 3<", "week 12<") if t in chart.svg]
    assert "week 1<" in written and "week 12<" in written and "week 2<" not in written


def drawn_texts(chart):
    """The texts drawn in the chart, in the order drawn."""
    tree = ET.fromstring(str(chart))
    return ["".join(node.itertext()).strip() for node in tree.iter(f"{SVG}text")]


def test_the_pain_chart_can_write_where_the_patient_started():
    points = [Point(START - timedelta(weeks=1), "intake", 8), *weeks(7, 6, 4)]
    plain = pain_chart(points, title="Uw pijn", value_label="pijn", chart_id="pain")
    labelled = pain_chart(
        points, title="Uw pijn", value_label="pijn", chart_id="pain", label_first=True
    )
    assert "intake: 8; week 1: 7" in str(plain)
    assert "intake" in drawn_texts(plain)
    # The axis writes 8 once; the first value adds one more, only when asked.
    assert drawn_texts(plain).count("8") == 1
    assert drawn_texts(labelled).count("8") == 2


# --- where things are drawn: the shapes stand where the values say ---------------------------

BRAND, GOAL, GOAL_SOFT, GRID = "#0d5c63", "#1b5e33", "#e6f3e9", "#d5dedc"


def tree(chart):
    return ET.fromstring(str(chart))


def shapes(chart, kind, **attributes):
    return [
        node
        for node in tree(chart).iter(f"{SVG}{kind}")
        if all(node.get(name.replace("_", "-")) == value for name, value in attributes.items())
    ]


def y_labels(chart):
    """The labels of the value axis, from the bottom up."""
    labels = [node for node in tree(chart).iter(f"{SVG}text") if node.get("text-anchor") == "end"]
    return ["".join(node.itertext()) for node in labels]


def y_of(chart):
    """The value-to-pixel map the chart's own grid shows: each light line at its label."""
    ticks = sorted(
        (float(node.get("y")), float("".join(node.itertext()).rstrip("%").replace(",", ".")))
        for node in tree(chart).iter(f"{SVG}text")
        if node.get("text-anchor") == "end"
    )
    lines = sorted(float(node.get("y1")) for node in shapes(chart, "line", stroke=GRID))
    (low_y, low), (high_y, high) = (lines[-1], ticks[-1][1]), (lines[0], ticks[0][1])
    return lambda value: low_y + (value - low) * (high_y - low_y) / (high - low)


def test_the_svg_scales_to_its_container():
    root = tree(draw_each()["pain"])
    assert root.get("width") == "100%" and root.get("height") is None
    assert root.get("viewBox").startswith("0 0 ")


@pytest.mark.parametrize("name", ["pain", "walking", "sessions", "score"])
def test_every_label_lies_inside_the_picture(name):
    chart = draw_each()[name]
    width, height = view_box(chart.svg)
    for words, left, right, top, bottom in text_extents(chart.svg):
        assert left >= 0 and right <= width, f"{words!r}: {left:.1f}-{right:.1f} of {width}"
        assert top >= 0 and bottom <= height, f"{words!r}: {top:.1f}-{bottom:.1f} of {height}"


def test_long_labels_at_both_ends_and_a_top_score_stay_inside():
    points = [
        Point(START, "maandag 2 maart", 100),
        *weeks(50, 60)[1:],
        Point(START + timedelta(weeks=3), "donderdag 26 maart", 100),
    ]
    chart = score_chart(
        points,
        title="x",
        value_label="x",
        scale=(0, 100),
        band=(0, 80),
        band_label="duidelijk beter dan bij de start, in punten gemeten op deze vragenlijst",
        chart_id="long",
    )
    width, height = view_box(chart.svg)
    drawn = list(text_extents(chart.svg))
    assert any(words == "donderdag 26 maart" for words, *_edges in drawn)
    for words, left, right, top, bottom in drawn:
        assert left >= 0 and right <= width and top >= 0 and bottom <= height, words


def test_the_pain_points_stand_at_their_values_on_the_scale_of_0_to_10():
    chart = pain_chart(weeks(7, 5.5, 2), title="x", value_label="x", chart_id="p")
    y = y_of(chart)
    assert y_labels(chart) == ["0", "2", "4", "6", "8", "10"]
    open_dots = shapes(chart, "circle", fill="#ffffff")
    assert [round(float(dot.get("cy")), 1) for dot in open_dots] == [
        round(y(value), 1) for value in (7, 5.5, 2)
    ]
    xs = [float(dot.get("cx")) for dot in open_dots]
    assert xs[0] < xs[1] < xs[2] and abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.1


def test_a_missing_week_breaks_the_line_and_draws_no_dot():
    chart = pain_chart(weeks(7, 6, None, 4, 3), title="x", value_label="x", chart_id="p")
    lines = shapes(chart, "polyline", stroke=BRAND)
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert len(shapes(chart, "circle", fill="#ffffff")) == 4


def test_the_walking_bars_reach_their_minutes_and_the_goal_line_its_goal():
    chart = walking_chart(
        weeks(8, 12.5, None, 30),
        [10, 15, 15, None],
        title="x",
        value_label="gewandeld",
        goal_label="doel",
        chart_id="w",
    )
    y = y_of(chart)
    bars = [bar for bar in shapes(chart, "rect", fill=BRAND) if float(bar.get("width")) > 16]
    assert len(bars) == 3  # the week without a value has no bar
    for bar, minutes in zip(bars, (8, 12.5, 30), strict=True):
        top, bottom = float(bar.get("y")), float(bar.get("y")) + float(bar.get("height"))
        assert abs(top - y(minutes)) < 0.02 and abs(bottom - y(0)) < 0.02
    goals = [line for line in shapes(chart, "line", stroke=GOAL) if line.get("stroke-dasharray")]
    goals = [line for line in goals if float(line.get("x2")) - float(line.get("x1")) > 16]
    assert [round(float(line.get("y1")), 1) for line in goals] == [
        round(y(goal), 1) for goal in (10, 15, 15)
    ]
    assert all(line.get("y1") == line.get("y2") for line in goals)
    # Each goal spans its own week's bar.
    for line, bar in zip(goals[:2], bars[:2], strict=True):
        middle = float(bar.get("x")) + float(bar.get("width")) / 2
        assert float(line.get("x1")) < middle < float(line.get("x2"))
    assert {"8", "12,5", "30", "gewandeld", "doel"} <= set(drawn_texts(chart))


def test_the_axis_of_minutes_has_a_few_round_ticks_above_the_highest_bar():
    chart = walking_chart(weeks(21, 21.6, 21.9), [15, 20, 20], **WALKING_WORDS)
    assert y_labels(chart) == ["0", "10", "20"]


WALKING_WORDS = {"title": "x", "value_label": "min", "goal_label": "doel", "chart_id": "w"}


def test_the_exercise_days_stand_in_front_of_the_days_planned():
    chart = sessions_chart(
        weeks(3, None, 7),
        [5, 5, None],
        title="x",
        value_label="dagen geoefend",
        planned_label="gepland",
        chart_id="s",
    )
    y = y_of(chart)
    planned = [bar for bar in shapes(chart, "rect", stroke="#4a5a5f") if bar.get("height") != "8.8"]
    done = [bar for bar in shapes(chart, "rect", fill=BRAND) if float(bar.get("width")) > 16]
    assert [round(float(bar.get("y")), 1) for bar in planned] == [round(y(5), 1)] * 2
    assert [round(float(bar.get("y")), 1) for bar in done] == [round(y(3), 1), round(y(7), 1)]
    assert all(bar.get("stroke-dasharray") for bar in planned)


def test_the_score_band_is_shaded_up_to_its_top_with_a_dashed_edge_and_its_name():
    chart = draw_each()["score"]
    y = y_of(chart)
    band = max(shapes(chart, "rect", fill=GOAL_SOFT), key=lambda rect: float(rect.get("width")))
    assert abs(float(band.get("y")) - y(40)) < 0.02
    assert abs(float(band.get("y")) + float(band.get("height")) - y(0)) < 0.02
    [edge] = [line for line in shapes(chart, "line", stroke=GOAL)]
    assert edge.get("stroke-dasharray") and abs(float(edge.get("y1")) - y(40)) < 0.02
    assert "duidelijk beter" in drawn_texts(chart)
    # The whole scale of the questionnaire, in round steps.
    assert y_labels(chart) == ["0", "20", "40", "60", "80", "100"]


def test_one_point_and_only_gaps_still_draw_a_chart():
    one = pain_chart(weeks(6), title="x", value_label="pijn", chart_id="one")
    assert "week 1" in drawn_texts(one) and "6" in drawn_texts(one)
    assert not shapes(one, "polyline")
    empty = pain_chart(weeks(None, None), title="x", value_label="pijn", chart_id="none")
    assert not shapes(empty, "circle") and empty.text == "x. pijn: ."
    with pytest.raises(ValueError):
        pain_chart([], title="x", value_label="x", chart_id="empty")


def test_the_drawn_numbers_have_a_decimal_comma_in_dutch_and_a_point_in_english():
    dutch = pain_chart(weeks(7, 5.5), title="x", value_label="x", chart_id="p")
    english = pain_chart(weeks(7, 5.5), title="x", value_label="x", chart_id="p", language="en")
    assert "5,5" in drawn_texts(dutch) and "5.5" in drawn_texts(english)


def test_a_chart_is_drawn_in_well_under_two_milliseconds():
    # 26 weeks, the longest history a page shows; the limit leaves room for a busy machine.
    points = [Point(START + timedelta(weeks=i), f"week {i + 1}", i % 10) for i in range(26)]
    runs = 20
    started = time.perf_counter()
    for _ in range(runs):
        walking_chart(points, [20] * 26, **WALKING_WORDS)
    assert (time.perf_counter() - started) / runs < 0.010


# --- the score lines (lines.line_chart) -------------------------------------------------------


def test_score_lines_are_named_described_and_broken_where_not_measured():
    svg = line_chart(
        [START, START + timedelta(weeks=6), START + timedelta(weeks=12)],
        ["2 mrt", "13 apr", "25 mei"],
        [Series("Totaal", [60, None, 42.5]), Series("Lichamelijk", [20, 18, 15])],
        chart_id="odi",
        title="ODI in de tijd",
        y_range=(0, 100),
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-describedby") == "odi-desc"
    assert root.find(f"{SVG}desc").text == (
        "Totaal: 2 mrt 60, 25 mei 42,5; Lichamelijk: 2 mrt 20, 13 apr 18, 25 mei 15."
    )
    lines = [node.get("stroke") for node in root.iter(f"{SVG}polyline")]
    assert lines == ["#a4161a"]  # Totaal has no two values in a row; Lichamelijk has
    texts = ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]
    assert {"Totaal", "Lichamelijk", "0", "100", "2 mrt", "25 mei"} <= set(texts)
    width, height = view_box(svg)
    for words, left, right, top, bottom in text_extents(svg):
        assert left >= 0 and right <= width and top >= 0 and bottom <= height, words


def contrast(one, other):
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", ["pain", "walking", "sessions", "score"])
def test_text_and_lines_stand_out_from_white_and_the_soft_fills(name):
    root = tree(draw_each()[name])
    backgrounds = ["#ffffff", GOAL_SOFT, "#e3f1f0"]
    ink = root.get("fill")
    for node in root.iter(f"{SVG}text"):
        assert all(contrast(node.get("fill") or ink, b) >= 4.5 for b in backgrounds)
    strokes = {node.get("stroke") for node in root.iter() if node.get("stroke")} - {GRID}
    assert strokes and all(contrast(stroke, "#ffffff") >= 3 for stroke in strokes)


def test_half_a_year_of_weeks_has_at_most_six_labels_under_it():
    points = [Point(START + timedelta(weeks=i), f"week {i + 1}", 5) for i in range(26)]
    chart = pain_chart(points, title="x", value_label="x", chart_id="p")
    under = [node for node in tree(chart).iter(f"{SVG}text") if "week" in "".join(node.itertext())]
    assert 4 <= len(under) <= 6
    assert "".join(under[0].itertext()) == "week 1" and "".join(under[-1].itertext()) == "week 26"
