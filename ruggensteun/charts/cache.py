"""Charts drawn once per content: a chart is a pure function of its data and words (the
same data gives the same bytes, ``drawing``), so a drawn chart is kept in Django's cache
under a hash of the function and everything passed to it. New data (a check-in, a day
logged, a questionnaire) gives another key, so nothing is ever stale and nothing has to
be invalidated; old entries age out of the cache.

    from ruggensteun.charts import pain_chart
    from ruggensteun.charts.cache import drawn

    chart = drawn(pain_chart, points, title=..., value_label=..., chart_id="pain")

The cache is Django's ``default`` cache: without a ``CACHES`` setting that is each
process's own memory, so every worker draws a chart once; a shared cache (database,
Redis) shares the drawings between workers.
"""

import dataclasses
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils.functional import Promise

from ruggensteun.charts.drawing import Chart

# Change when the drawing changes, so charts drawn by an older version are not shown.
VERSION = 1
# A week: a chart not shown for a week is drawn again.
TIMEOUT = 7 * 24 * 3600

ChartT = TypeVar("ChartT", bound=Chart)


def _canonical(value: Any) -> Any:
    """``value`` with lazy translations made text: their repr names an address, which a
    later object may reuse with other words."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, list | tuple):
        return tuple(_canonical(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _canonical(item)) for key, item in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, *(_canonical(getattr(value, f.name)) for f in fields))
    return value


def chart_key(function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """The cache key of ``function(*args, **kwargs)``: a hash of their full repr (the
    charts take plain values: numbers, text, dates and frozen dataclasses of them)."""
    content = repr(
        (VERSION, function.__module__, function.__qualname__, _canonical(args), _canonical(kwargs))
    )
    return "chart:" + hashlib.sha256(content.encode()).hexdigest()


def drawn(function: Callable[..., ChartT], *args: Any, **kwargs: Any) -> ChartT:
    """``function(*args, **kwargs)``, from the cache when the same chart was drawn before."""
    key = chart_key(function, args, kwargs)
    found = cache.get(key)
    if found is None:
        found = function(*args, **kwargs)
        cache.set(key, found, TIMEOUT)
    return found
