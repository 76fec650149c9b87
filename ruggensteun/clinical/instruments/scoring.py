"""Exact scoring of the validated instruments in shared/clinical/instruments.md.

Every scorer takes the raw item responses in published item order (item 1 first) as
whole numbers, validates each one against its allowed range and returns the unrounded
score. Anything out of range, of the wrong type, or missing where the instrument does not
allow it raises ScoringError naming the instrument and the item. Rounding happens only in
``round_for_display``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Literal

__all__ = [
    "EQ5D5L_VALUE_SETS",
    "TSK11_ITEMS_IN_TSK17",
    "Eq5d5lScore",
    "FabqScore",
    "GpeScore",
    "OdiScore",
    "Ompsq10Score",
    "PskScore",
    "RmdqScore",
    "ScoringError",
    "StartBackScore",
    "Tsk11Score",
    "Tsk17Score",
    "eq5d5l_index",
    "round_for_display",
    "score_eq5d5l",
    "score_fabq",
    "score_gpe",
    "score_nprs",
    "score_odi",
    "score_ompsq10",
    "score_psk",
    "score_qbpds",
    "score_rmdq",
    "score_startback",
    "score_tsk11",
    "score_tsk17",
    "tsk11_from_tsk17",
]


class ScoringError(ValueError):
    """The responses cannot be scored; the message names the instrument, item and problem."""


# --- validation helpers -------------------------------------------------------------------


def _response(instrument: str, item: int | str, value: object, low: int, high: int) -> int:
    """``value`` checked against ``low``-``high``; ``item`` is an item number or a label."""
    where = f"{instrument} item {item}" if isinstance(item, int) else f"{instrument} {item}"
    # bool is an int subclass; a True/False where a scale value belongs is a caller bug.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoringError(f"{where}: expected a whole number {low}-{high}, got {value!r}")
    if not low <= value <= high:
        raise ScoringError(f"{where}: {value} is outside {low}-{high}")
    return value


def _items(instrument: str, items: Sequence[object], count: int) -> Sequence[object]:
    if isinstance(items, str | bytes) or not isinstance(items, Sequence):
        raise ScoringError(f"{instrument}: expected a sequence of {count} item responses")
    if len(items) != count:
        raise ScoringError(f"{instrument}: expected {count} item responses, got {len(items)}")
    return items


def _complete(
    instrument: str, items: Sequence[object], count: int, low: int, high: int
) -> list[int]:
    """All ``count`` items present and within ``low``-``high``."""
    _items(instrument, items, count)
    missing = [str(number) for number, value in enumerate(items, start=1) if value is None]
    if missing:
        raise ScoringError(
            f"{instrument}: item(s) {', '.join(missing)} missing; "
            f"all {count} items are required for a score"
        )
    return [
        _response(instrument, number, value, low, high)
        for number, value in enumerate(items, start=1)
    ]


def round_for_display(value: int | float | Fraction | Decimal, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, for display only.

    Stored scores stay unrounded; a template formats the Decimal in the reader's locale
    (decimal comma in Dutch).
    """
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(value)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- STarT Back Screening Tool ------------------------------------------------------------


@dataclass(frozen=True)
class StartBackScore:
    total: int
    psychosocial: int
    risk: Literal["low", "medium", "high"]


def score_startback(items: Sequence[int]) -> StartBackScore:
    """STarT Back 9-item tool: items 1-8 agree = 1 / disagree = 0, item 9 coded 0-4.

    All 9 items are required (no published missing-item rule; AWELL rejects incomplete input).
    """
    _items("STarT Back", items, 9)
    missing = [str(n) for n, value in enumerate(items, start=1) if value is None]
    if missing:
        raise ScoringError(
            f"STarT Back: item(s) {', '.join(missing)} missing; all 9 items are required"
        )
    binary = [_response("STarT Back", n, items[n - 1], 0, 1) for n in range(1, 9)]
    bothersomeness = _response("STarT Back", 9, items[8], 0, 4)
    # Keele "Using & scoring": item 9 counts only for "Very much" (3) or "Extremely" (4).
    item9 = 1 if bothersomeness >= 3 else 0
    total = sum(binary) + item9
    # Keele: the psychosocial (distress) subscale is items 5-9.
    psychosocial = sum(binary[4:]) + item9
    risk: Literal["low", "medium", "high"]
    # Keele / AWELL classifyRisk: total <= 3 low; psychosocial >= 4 high; otherwise medium.
    if total <= 3:
        risk = "low"
    elif psychosocial >= 4:
        risk = "high"
    else:
        risk = "medium"
    return StartBackScore(total=total, psychosocial=psychosocial, risk=risk)


# --- NPRS ---------------------------------------------------------------------------------


def score_nprs(value: int) -> int:
    """NPRS 0-10 (0 = no pain); KNGF 2021 asks for average pain over the last 24 hours."""
    return _response("NPRS", 1, value, 0, 10)


# --- QBPDS --------------------------------------------------------------------------------


def score_qbpds(items: Sequence[int]) -> int:
    """Quebec Back Pain Disability Scale: 20 items 0-5, total 0-100, higher = more disability."""
    # Kopec 1995 form: "do not skip any activities"; no imputation rule published, so the
    # app requires all 20 (spec 2.3).
    return sum(_complete("QBPDS", items, 20, 0, 5))


# --- RMDQ ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RmdqScore:
    total: int | Fraction
    """Number of ticks; an exact Fraction only when prorated."""
    answered: int
    prorated: bool
    """True only for a prorated yes/no form: a non-standard score (spec 2.4)."""


def score_rmdq(
    items: Sequence[int | bool | None],
    *,
    response_format: Literal["tick", "yes_no"] = "tick",
    prorate: bool = False,
) -> RmdqScore:
    """Roland-Morris Disability Questionnaire (24 items): 1/True = ticked or "yes".

    Tick format (the recommended one): a blank is "not ticked" and scores 0.
    Yes/no format: a blank item gives no score, unless the practice has enabled prorating,
    in which case the result is ``yes / answered * 24`` and flagged ``prorated``.
    """
    _items("RMDQ", items, 24)
    answers: list[int | None] = []
    for number, value in enumerate(items, start=1):
        if value is None:
            answers.append(None)
        elif isinstance(value, bool):
            answers.append(int(value))
        else:
            answers.append(_response("RMDQ", number, value, 0, 1))
    if response_format == "tick":
        # Roland & Morris 1983: the score is the number of statements ticked; a blank is
        # "does not apply to me today".
        ticked = sum(value for value in answers if value is not None)
        return RmdqScore(total=ticked, answered=24, prorated=False)
    if response_format != "yes_no":
        raise ScoringError(f"RMDQ: unknown response format {response_format!r}")
    answered = [value for value in answers if value is not None]
    blanks = [str(n) for n, value in enumerate(answers, start=1) if value is None]
    if not blanks:
        return RmdqScore(total=sum(answered), answered=24, prorated=False)
    # Kent & Lauridsen: there is no standard method for missing RMDQ items; the app
    # refuses by default and only prorates when a practice explicitly chose to (spec 2.4).
    if not prorate:
        raise ScoringError(
            f"RMDQ (yes/no form): item(s) {', '.join(blanks)} unanswered; no standard score "
            "(prorating is not enabled)"
        )
    if not answered:
        raise ScoringError("RMDQ (yes/no form): no item answered; cannot prorate")
    prorated_total = Fraction(sum(answered) * 24, len(answered))
    return RmdqScore(total=prorated_total, answered=len(answered), prorated=True)


# --- ODI 2.1a -----------------------------------------------------------------------------

OdiBand = Literal["minimal", "moderate", "severe", "crippled", "bed-bound"]


@dataclass(frozen=True)
class OdiScore:
    percent: Fraction
    """Exact index 0-100; use float() or round_for_display() for output."""
    answered: int
    band: OdiBand


def _odi_band(percent: Fraction) -> OdiBand:
    # Fairbank 1980 bands (as quoted by AWELL README and idcafe): 0-20 minimal, 21-40
    # moderate, 41-60 severe, 61-80 crippled, 81-100 bed-bound. With 9 or 10 sections no
    # index falls strictly between 20 and 21 (likewise 40/41, 60/61, 80/81), so comparing
    # the unrounded index with the upper bounds is unambiguous.
    if percent <= 20:
        return "minimal"
    if percent <= 40:
        return "moderate"
    if percent <= 60:
        return "severe"
    if percent <= 80:
        return "crippled"
    return "bed-bound"


def score_odi(sections: Sequence[int | None]) -> OdiScore:
    """Oswestry Disability Index 2.1a: 10 sections 0-5, at most one missing.

    Index = sum / (5 x sections answered) x 100 (Fairbank & Pynsent 2000: 16/45 = 35.5%).
    """
    _items("ODI", sections, 10)
    missing = [str(n) for n, value in enumerate(sections, start=1) if value is None]
    # Spec 2.5 / AWELL: at most one missing section (the case Fairbank & Pynsent illustrate);
    # QHS would accept more. Revisit if the Mapi ODI 2.1a manual states otherwise.
    if len(missing) > 1:
        raise ScoringError(
            f"ODI: sections {', '.join(missing)} missing; at most one section may be missing"
        )
    scores = [
        _response("ODI", n, value, 0, 5)
        for n, value in enumerate(sections, start=1)
        if value is not None
    ]
    percent = Fraction(sum(scores) * 100, 5 * len(scores))
    return OdiScore(percent=percent, answered=len(scores), band=_odi_band(percent))


# --- PSK ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PskScore:
    activities: tuple[int, ...]
    sum: int
    mean: Fraction
    """Exact mean per activity; use float() or round_for_display() for output."""


def score_psk(scores: Sequence[int]) -> PskScore:
    """Patiënt Specifieke Klachten: 3-5 chosen activities, each 0-10, higher = more difficulty.

    The per-activity scores are the primary result; sum and mean are reported because the
    number of activities varies (spec 2.6).
    """
    if isinstance(scores, str | bytes) or not isinstance(scores, Sequence):
        raise ScoringError("PSK: expected a sequence of 3 to 5 activity scores")
    # meetinstrumentenzorg.nl: the patient chooses the 3 to 5 most important activities.
    if not 3 <= len(scores) <= 5:
        raise ScoringError(f"PSK: expected 3 to 5 activity scores, got {len(scores)}")
    # Beurskens: 11-point scale since 2008, 0 = no difficulty, 10 = impossible.
    values = tuple(
        _response("PSK", f"activity {n}", value, 0, 10) for n, value in enumerate(scores, start=1)
    )
    return PskScore(activities=values, sum=sum(values), mean=Fraction(sum(values), len(values)))


# --- GPE ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GpeScore:
    value: int
    improved: bool


def score_gpe(value: int) -> GpeScore:
    """Global Perceived Effect, 7-point (1 = completely recovered ... 7 = worse than ever)."""
    checked = _response("GPE", 1, value, 1, 7)
    # Common convention in Dutch LBP trials (spec 2.7, unverified as a Dutch standard):
    # "completely recovered" or "much improved" counts as improved.
    return GpeScore(value=checked, improved=checked <= 2)


# --- FABQ ---------------------------------------------------------------------------------

# Waddell 1993: physical activity subscale items 2-5; work subscale items 6, 7, 9-12, 15.
FABQ_PA_ITEMS = (2, 3, 4, 5)
FABQ_W_ITEMS = (6, 7, 9, 10, 11, 12, 15)


@dataclass(frozen=True)
class FabqScore:
    pa: int | None
    w: int | None


def score_fabq(items: Sequence[int | None]) -> FabqScore:
    """FABQ: 16 items 0-6. A subscale with any of its own items missing is None.

    Items 1, 8, 13, 14 and 16 are not scored and may be missing; if present they must
    still be 0-6.
    """
    _items("FABQ", items, 16)
    values: dict[int, int | None] = {
        n: None if value is None else _response("FABQ", n, value, 0, 6)
        for n, value in enumerate(items, start=1)
    }

    def subscale(numbers: tuple[int, ...]) -> int | None:
        # No published missing-item rule: a subscale needs all its items (spec 2.8).
        present = [values[n] for n in numbers]
        if any(value is None for value in present):
            return None
        return sum(value for value in present if value is not None)

    return FabqScore(pa=subscale(FABQ_PA_ITEMS), w=subscale(FABQ_W_ITEMS))


# --- TSK ----------------------------------------------------------------------------------

# Vlaeyen 1995 / AWELL tampa.ts: items 4, 8, 12, 16 are worded against kinesiophobia.
TSK17_REVERSED_ITEMS = (4, 8, 12, 16)
# Woby 2005 dropped items 4, 8, 9, 12, 14 and 16; TSK-11 item k is TSK-17 item
# TSK11_ITEMS_IN_TSK17[k - 1].
TSK11_ITEMS_IN_TSK17 = (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)


@dataclass(frozen=True)
class Tsk17Score:
    total: int
    high: bool


def score_tsk17(items: Sequence[int]) -> Tsk17Score:
    """Tampa Scale for Kinesiophobia, 17 items 1-4 (raw), total 17-68."""
    # No published missing-item rule: all 17 required (spec 2.9).
    raw = _complete("TSK-17", items, 17, 1, 4)
    total = sum(
        5 - value if number in TSK17_REVERSED_ITEMS else value
        for number, value in enumerate(raw, start=1)
    )
    # Vlaeyen 1995 (as cited): > 37 is high kinesiophobia; AWELL's >= 37 is not followed.
    return Tsk17Score(total=total, high=total > 37)


@dataclass(frozen=True)
class Tsk11Score:
    total: int


def score_tsk11(items: Sequence[int]) -> Tsk11Score:
    """TSK-11 (Woby 2005): 11 items 1-4 in TSK-11 order, no reversed items, total 11-44.

    No cut-off for high fear is verified for TSK-11, so none is given.
    """
    return Tsk11Score(total=sum(_complete("TSK-11", items, 11, 1, 4)))


def tsk11_from_tsk17(items: Sequence[int]) -> Tsk11Score:
    """TSK-11 derived from a complete 17-item TSK response vector (raw values)."""
    raw = _complete("TSK-17", items, 17, 1, 4)
    return Tsk11Score(total=sum(raw[number - 1] for number in TSK11_ITEMS_IN_TSK17))


# --- ÖMPSQ short form ---------------------------------------------------------------------

# Linton 2011 / AWELL ompq_10.ts: the three "ability" items are scored 10 - x.
OMPSQ10_REVERSED_ITEMS = (6, 9, 10)


@dataclass(frozen=True)
class Ompsq10Score:
    total: int
    at_risk: bool


def score_ompsq10(items: Sequence[int]) -> Ompsq10Score:
    """Örebro short form: item 1 duration code 1-10, items 2-10 raw 0-10; total 1-100."""
    _items("ÖMPSQ-SF", items, 10)
    # AWELL sums whatever is present, which lowers the score silently; the app requires
    # all 10 (spec 2.10).
    missing = [str(n) for n, value in enumerate(items, start=1) if value is None]
    if missing:
        raise ScoringError(
            f"ÖMPSQ-SF: item(s) {', '.join(missing)} missing; all 10 items are required"
        )
    duration = _response("ÖMPSQ-SF", 1, items[0], 1, 10)
    rest = [_response("ÖMPSQ-SF", n, items[n - 1], 0, 10) for n in range(2, 11)]
    total = duration + sum(
        10 - value if number in OMPSQ10_REVERSED_ITEMS else value
        for number, value in enumerate(rest, start=2)
    )
    # Linton 2011: a cut-off of 50 identified 85% / 83% of those who developed disability.
    return Ompsq10Score(total=total, at_risk=total >= 50)


# --- EQ-5D-5L -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _ValueSet:
    constant: Decimal
    # Decrements per dimension (MO, SC, UA, PD, AD) for levels 2-5; level 1 has none.
    decrements: tuple[tuple[Decimal, Decimal, Decimal, Decimal], ...]


def _levels(*values: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    l2, l3, l4, l5 = (Decimal(value) for value in values)
    return (l2, l3, l4, l5)


EQ5D5L_VALUE_SETS: dict[str, _ValueSet] = {
    # Versteegh et al., Value Health 2016;19:343-52 (cTTO, tobit), coefficients as in
    # fragla/eq5d data-raw/VT.csv column "Netherlands"; additive, no N4/N5 or interaction
    # terms; predicted minimum -0.446 (55555) reproduces the published minimum.
    "nl": _ValueSet(
        constant=Decimal("0.047"),
        decrements=(
            _levels("0.035", "0.057", "0.166", "0.203"),
            _levels("0.038", "0.061", "0.168", "0.168"),
            _levels("0.039", "0.087", "0.192", "0.192"),
            _levels("0.066", "0.092", "0.360", "0.415"),
            _levels("0.070", "0.145", "0.356", "0.421"),
        ),
    ),
    # Bouckaert et al., Pharmacoecon Open 2022 (KCE report 342), coefficients as in
    # fragla/eq5d VT.csv column "Belgium", checked against AWELL's Belgian lookup tests.
    "be": _ValueSet(
        constant=Decimal("0.0376805"),
        decrements=(
            _levels("0.031544398", "0.058561311", "0.178674496", "0.2267916"),
            _levels("0.023013325", "0.042723608", "0.1303526", "0.1654566"),
            _levels("0.025140523", "0.046672692", "0.142401521", "0.1807503"),
            _levels("0.067077669", "0.124527854", "0.379942857", "0.4822616"),
            _levels("0.061019419", "0.113280877", "0.345627574", "0.4387052"),
        ),
    ),
}

EQ5D5L_DIMENSIONS = ("MO", "SC", "UA", "PD", "AD")


@dataclass(frozen=True)
class Eq5d5lScore:
    state: str
    """Health state as five digits in the order MO, SC, UA, PD, AD, e.g. "21143"."""
    index_nl: Decimal
    index_be: Decimal


def _eq5d5l_levels(levels: Sequence[int]) -> list[int]:
    _items("EQ-5D-5L", levels, 5)
    checked = []
    for number, (dimension, value) in enumerate(zip(EQ5D5L_DIMENSIONS, levels, strict=True), 1):
        if value is None:
            raise ScoringError(
                f"EQ-5D-5L: item {number} ({dimension}) missing; all 5 dimensions are required"
            )
        # Levels are coded 1-5; an export coded 0-4 must be rejected, not shifted (spec 2.11.1).
        checked.append(_response("EQ-5D-5L", f"item {number} ({dimension})", value, 1, 5))
    return checked


def eq5d5l_index(levels: Sequence[int], value_set: Literal["nl", "be"]) -> Decimal:
    """Exact EQ-5D-5L index of the state ``levels`` (MO, SC, UA, PD, AD; each 1-5)."""
    checked = _eq5d5l_levels(levels)
    try:
        table = EQ5D5L_VALUE_SETS[value_set]
    except KeyError:
        raise ScoringError(f"EQ-5D-5L: unknown value set {value_set!r}") from None
    if all(level == 1 for level in checked):
        return Decimal(1)
    # A caller's narrowed decimal context must not round the coefficients; 28 digits keep
    # every sum of these 9-decimal coefficients exact.
    with localcontext() as context:
        context.prec = 28
        # Both value sets: 1 - constant - level decrements, for any state other than 11111.
        return (
            Decimal(1)
            - table.constant
            - sum(
                (
                    dimension[level - 2]
                    for dimension, level in zip(table.decrements, checked, strict=True)
                    if level > 1
                ),
                Decimal(0),
            )
        )


def score_eq5d5l(levels: Sequence[int]) -> Eq5d5lScore:
    """EQ-5D-5L index with the Dutch (Versteegh 2016) and Belgian (Bouckaert 2022) value sets."""
    checked = _eq5d5l_levels(levels)
    return Eq5d5lScore(
        state="".join(str(level) for level in checked),
        index_nl=eq5d5l_index(checked, "nl"),
        index_be=eq5d5l_index(checked, "be"),
    )
