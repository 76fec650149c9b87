"""Charts kept by their content (ruggensteun.charts.cache): the same data and words give
the chart drawn before, anything different draws anew."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext_lazy

from ruggensteun.charts import Point, pain_chart
from ruggensteun.charts.cache import chart_key, drawn

START = date(2026, 3, 2)


def weeks(*values):
    return [
        Point(START + timedelta(weeks=index), f"week {index + 1}", value)
        for index, value in enumerate(values)
    ]


class Counted:
    """pain_chart, counting how often it really draws."""

    def __init__(self):
        self.calls = 0
        self.__module__, self.__qualname__ = "tests.charts", "counted_pain_chart"

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return pain_chart(*args, **kwargs)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_same_data_is_drawn_once_and_gives_the_same_chart():
    counted = Counted()
    first = drawn(counted, weeks(7, 6, 4), title="Uw pijn", value_label="pijn", chart_id="p")
    again = drawn(counted, weeks(7, 6, 4), title="Uw pijn", value_label="pijn", chart_id="p")
    assert counted.calls == 1
    assert (
        again
        == first
        == pain_chart(weeks(7, 6, 4), title="Uw pijn", value_label="pijn", chart_id="p")
    )


@pytest.mark.parametrize(
    "changed",
    [
        {"points": weeks(7.5, 6, 5)},  # a new day logged
        {"title": "Uw pijn per week"},
        {"chart_id": "q"},
        {"language": "en"},  # 7.5 with a decimal point
    ],
)
def test_anything_different_draws_anew(changed):
    counted = Counted()
    given = {"title": "Uw pijn", "value_label": "pijn", "chart_id": "p", "language": "nl"}
    points = changed.pop("points", weeks(7.5, 6, 4))
    first = drawn(counted, weeks(7.5, 6, 4), **given)
    second = drawn(counted, points, **{**given, **changed})
    assert counted.calls == 2
    assert second != first


def test_a_lazy_translation_is_keyed_by_its_words_in_the_language_in_force():
    title = gettext_lazy("Uw pijn per week")
    with translation.override("nl"):
        dutch = chart_key(pain_chart, (weeks(7, 6),), {"title": title})
    with translation.override("en"):
        english = chart_key(pain_chart, (weeks(7, 6),), {"title": title})
    assert dutch != english
    with translation.override("nl"):
        assert chart_key(pain_chart, (weeks(7, 6),), {"title": title}) == dutch
