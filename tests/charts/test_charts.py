"""The shared charts: valid, named, deterministic SVG with a text alternative."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from ruggensteun.charts import Point, pain_chart, score_chart, sessions_chart, walking_chart

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
    """The texts drawn in the chart (fonts are not turned into paths: svg.fonttype none)."""
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
