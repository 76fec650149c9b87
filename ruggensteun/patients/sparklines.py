"""The caseload's sparklines are drawn by the shared chart pipeline
(``ruggensteun.charts.sparklines``); this name stays importable for the caseload until it
imports from there."""

from ruggensteun.charts.sparklines import sparkline

__all__ = ["sparkline"]
