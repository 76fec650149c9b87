"""The caseload's sparklines, drawn by the chart pipeline."""

from django.template import engines

from ruggensteun.charts.sparklines import sparkline


def test_fewer_than_two_values_draw_nothing():
    assert sparkline([None, 4, None], title="Pijn", low=0, high=10) == ""


def test_pain_going_down_is_better_and_the_title_is_escaped():
    svg = sparkline([8, None, 3], title="Pijn <8 & 3>", low=0, high=10)
    assert 'class="sparkline better"' in svg
    assert "<title>Pijn &lt;8 &amp; 3&gt;</title>" in svg
    assert 'points="2.5,5.5 69.5,13.0"' in svg  # the gap keeps its place on the x axis


def test_a_score_going_down_is_worse_when_higher_is_better():
    svg = sparkline([80, 60], title="Trouw", low=0, high=100, higher_is_worse=False)
    assert 'class="sparkline worse"' in svg


def test_a_template_writes_the_svg_as_it_is():
    svg = sparkline([2, 2], title="x", low=0, high=10)
    assert 'class="sparkline same"' in svg
    assert engines["django"].from_string("{{ s }}").render({"s": svg}) == svg
