"""Small line charts of scores over time, drawn on the server as inline SVG (no JavaScript)
by the shared chart pipeline (``ruggensteun.charts.lines``); this module writes the dates
in the reader's language.

Each chart is a picture for sighted readers; the table beside it carries the same numbers
for everyone else, and the SVG is labelled by a short text summary.
"""

from collections.abc import Sequence
from datetime import date

from django.utils import formats, translation

from ruggensteun.charts import lines
from ruggensteun.charts.lines import Series

__all__ = ["Series", "line_chart"]


def line_chart(
    dates: Sequence[date],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    y_range: tuple[float, float] | None = None,
) -> str:
    """An SVG line chart (markup to put in the page) of ``series`` over ``dates``, in the
    language in force (its dates and decimal commas)."""
    labels = [formats.date_format(day, "MONTH_DAY_FORMAT") for day in dates]
    language = "nl" if (translation.get_language() or "nl").startswith("nl") else "en"
    return lines.line_chart(
        dates, labels, series, chart_id=chart_id, title=title, y_range=y_range, language=language
    )
