"""Numbers a request sends: ASCII digits only.

``str.isdigit()`` is true for "²" and "٣", and ``int()`` reads "٣" as 3 but fails on "²"
(a 500) and on more than 4300 digits. Every number that comes from a request is parsed
here instead.
"""

# More digits than any id, week or count of ours has; keeps int() far from its limit.
MAX_DIGITS = 18


def parse_int(
    value: str | None, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """The whole number ``value`` spells in the digits 0-9 (no sign, no spaces), within
    ``minimum`` and ``maximum`` when given; else None."""
    if value is None or not 0 < len(value) <= MAX_DIGITS:
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number
