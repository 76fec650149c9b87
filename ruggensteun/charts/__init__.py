"""Charts written on the server as plain SVG by hand (no plotting library), shared by the
pages and the PDF reports: the site's one chart pipeline. A chart takes well under a
millisecond, so it is drawn in the request that shows it and never cached. It imports
no app of the site (only the clinical core may be imported here), so every app may draw
with it.

Plain data in, SVG text out: no models, no database, no request, no clinical rule. The
caller passes every word (Dutch or English) and decides what a goal or a band is.

- ``drawing``: the pipeline itself (canvas, plot area, axes, legend, colours, label
  widths from ``fontwidths``, made by scripts/chart_font_widths.py);
- ``progress``: the patient's progress charts below;
- ``lines``: a questionnaire's scores over time, ``line_chart(dates, labels, series, *,
  chart_id, title, y_range, language)``: markup of one line per ``Series(label, values)``
  (None a gap), described by every value;
- ``sparklines``: the caseload's tiny trend lines.

    from ruggensteun.charts import Point, pain_chart

    chart = pain_chart(
        [Point(date(2026, 3, 2), "week 1", 7), Point(date(2026, 3, 9), "week 2", 5.5)],
        title="Uw pijn per week",
        value_label="gemiddelde pijn (0-10)",
        chart_id="pain",
    )
    chart.svg    # '<svg class="chart" role="img" ...><title>…</title><desc>…</desc>…</svg>'
    chart.title  # the short title (the SVG's <title>)
    chart.text   # the text alternative: every value in words (the SVG's <desc>)

- ``Point(when, label, value)``: one place on the time axis, a week (its first day) or a
  day of measurement; ``label`` is written under it as given; ``value`` None is a gap.
- ``pain_chart(points, *, title, value_label, chart_id, language="nl")``: pain 0-10, a line.
- ``walking_chart(points, goals, *, title, value_label, goal_label, chart_id, language)``:
  minutes per day as a bar per week, each week's goal as a dashed line (``goals`` one per
  point, None for none).
- ``sessions_chart(points, planned, *, title, value_label, planned_label, chart_id,
  language)``: days exercised per week in front of the days planned, 0-7.
- ``score_chart(points, *, title, value_label, scale, band, band_label, chart_id,
  language)``: a questionnaire score over time on its whole ``scale`` (low, high), with
  ``band`` (low, high) shaded and named, e.g. "clearly better than at the start".

Every function returns a ``Chart`` (``svg``, ``title``, ``text``); in a template
``{{ chart }}`` writes the SVG. ``chart_id`` (lower-case letters, digits, dashes) prefixes
every id in the SVG, so several charts can share a page; give each a different one.
``language`` only chooses the decimal comma ("nl") or point. The output is deterministic
(the same data gives the same bytes), uses no JavaScript and loads nothing: text stays
text in a sans-serif font, which browsers and WeasyPrint draw with the fonts they have
(labels are placed for DejaVu Sans, the widest of those named, so none is cut off). The
SVG has a viewBox and width 100%: it scales to its container.
Put the numbers beside the chart too (a table or a list): the chart is for seeing, the
table for reading.
"""

from ruggensteun.charts.drawing import Chart, Point
from ruggensteun.charts.progress import pain_chart, score_chart, sessions_chart, walking_chart

__all__ = [
    "Chart",
    "Point",
    "pain_chart",
    "score_chart",
    "sessions_chart",
    "walking_chart",
]
