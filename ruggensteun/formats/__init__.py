"""Our date formats per language (settings.FORMAT_MODULE_PATH), on top of Django's own.

Templates name a format rather than spell one out, so each language gets its own way of
writing a date: ``{{ day|date:"SHORT_DATE_FORMAT" }}`` is "2 dec. 2026" in Dutch and
"2 Dec 2026" in English; ``MONTH_DAY_FORMAT`` is the same without the year. Numbers need
nothing here: Django's Dutch formats already write "6,0" (``floatformat`` follows them).
"""
