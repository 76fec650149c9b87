"""The instrument definitions in ``data/`` as typed objects, and scoring by item linkId.

Each ``data/<code>.json`` is validated against ``data/schema.json`` when first loaded
(through ``ruggensteun.clinical.datafiles``) and then checked for the things a schema
cannot express: linkIds numbered 1..N, every item with a response set, and the score keys
that ``score_answers`` returns.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from ruggensteun.clinical.datafiles import DataFileError, load_validated, text
from ruggensteun.clinical.instruments import scoring
from ruggensteun.clinical.instruments.scoring import ScoringError

__all__ = [
    "INSTRUMENT_CODES",
    "SCORE_KEYS",
    "Activity",
    "Instrument",
    "Item",
    "ResponseOption",
    "ResponseScale",
    "ScoreDefinition",
    "ScoreValue",
    "UnknownInstrumentError",
    "all_instruments",
    "get_instrument",
    "score_answers",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_PATH = DATA_DIR / "schema.json"

INSTRUMENT_CODES = (
    "nprs",
    "startback",
    "qbpds",
    "rmdq",
    "odi",
    "psk",
    "gpe",
    "fabq",
    "tsk17",
    "tsk11",
    "ompsq10",
    "eq5d5l",
)

# The keys of the dict that score_answers returns for each instrument.
SCORE_KEYS: dict[str, tuple[str, ...]] = {
    "nprs": ("score",),
    "startback": ("total", "psychosocial", "risk"),
    "qbpds": ("total",),
    "rmdq": ("total",),
    "odi": ("percent",),
    "psk": ("sum", "mean"),
    "gpe": ("value", "improved"),
    "fabq": ("pa", "w"),
    "tsk17": ("total", "high"),
    "tsk11": ("total",),
    "ompsq10": ("total", "at_risk"),
    "eq5d5l": ("index_nl", "index_be"),
}

ScoreValue = int | float | bool | str | None
Text = dict[str, str]


class UnknownInstrumentError(KeyError):
    """No instrument with this code exists."""

    def __str__(self) -> str:
        return f"unknown instrument {self.args[0]!r}"


@dataclass(frozen=True)
class ResponseOption:
    value: int
    label: Text


@dataclass(frozen=True)
class ResponseScale:
    minimum: int
    maximum: int
    anchors: tuple[ResponseOption, ...]


@dataclass(frozen=True)
class Item:
    link_id: str
    text: Text
    text_verified: bool
    required: bool
    scored: bool
    options: tuple[ResponseOption, ...] | None
    scale: ResponseScale | None
    instruction: Text | None
    dimension: str | None

    @property
    def values(self) -> tuple[int, ...]:
        """Every response value this item accepts, in order."""
        if self.options is not None:
            return tuple(option.value for option in self.options)
        assert self.scale is not None
        return tuple(range(self.scale.minimum, self.scale.maximum + 1))

    def label(self, value: int, language: str) -> str | None:
        """The label of ``value`` in ``language``, if the value has one."""
        candidates = self.options if self.options is not None else self.scale_anchors
        for option in candidates:
            if option.value == value:
                return text(option.label, language)
        return None

    @property
    def scale_anchors(self) -> tuple[ResponseOption, ...]:
        return self.scale.anchors if self.scale is not None else ()


@dataclass(frozen=True)
class ScoreDefinition:
    key: str
    name: Text


@dataclass(frozen=True)
class Activity:
    code: str
    text: Text


@dataclass(frozen=True)
class Instrument:
    code: str
    name: Text
    version: str
    recall_period: Text
    instructions: Text | None
    source: str
    licence: str
    copyright: str | None
    licence_restricted: bool
    text_verified: bool
    text_source: str
    scale_direction: Literal["higher_is_worse", "higher_is_better", "change"]
    response_format: Literal["tick", "yes_no"] | None
    scores: tuple[ScoreDefinition, ...]
    items: tuple[Item, ...]
    min_answers: int
    max_answers: int
    activity_list: tuple[Activity, ...]
    free_text_allowed: bool

    def item(self, link_id: str) -> Item:
        for item in self.items:
            if item.link_id == link_id:
                return item
        raise KeyError(f"{self.code}: no item with linkId {link_id!r}")

    def available_to_patients(self, licence_confirmed: bool) -> bool:
        """Licence-restricted instruments (ODI, EQ-5D-5L) stay hidden from patients until
        the practice confirms it holds the licence; scoring is never blocked."""
        return not self.licence_restricted or licence_confirmed


def _option(raw: Mapping[str, Any]) -> ResponseOption:
    return ResponseOption(value=raw["value"], label=dict(raw["label"]))


def _scale(raw: Mapping[str, Any]) -> ResponseScale:
    return ResponseScale(
        minimum=raw["min"],
        maximum=raw["max"],
        anchors=tuple(_option(anchor) for anchor in raw["anchors"]),
    )


def _build(path: Path, raw: Mapping[str, Any]) -> Instrument:
    shared_options = raw.get("response_options")
    shared_scale = raw.get("response_scale")
    items = []
    for position, raw_item in enumerate(raw["items"], start=1):
        where = f"{path}: item {raw_item['link_id']}"
        if raw_item["link_id"] != str(position):
            raise DataFileError(f"{where}: linkIds must be the item numbers 1..N in order")
        options = raw_item.get("options", None if "scale" in raw_item else shared_options)
        scale = raw_item.get("scale", None if "options" in raw_item else shared_scale)
        if (options is None) == (scale is None):
            raise DataFileError(f"{where}: needs exactly one of options or scale")
        if scale is not None and scale["min"] >= scale["max"]:
            raise DataFileError(f"{where}: scale min must be below max")
        items.append(
            Item(
                link_id=raw_item["link_id"],
                text=dict(raw_item["text"]),
                text_verified=raw_item["text_verified"],
                required=raw_item["required"],
                scored=raw_item.get("scored", True),
                options=None if options is None else tuple(_option(o) for o in options),
                scale=None if scale is None else _scale(scale),
                instruction=dict(raw_item["instruction"]) if "instruction" in raw_item else None,
                dimension=raw_item.get("dimension"),
            )
        )
    if raw["text_verified"] and not all(item.text_verified for item in items):
        raise DataFileError(f"{path}: text_verified is true but some items are not verified")
    scores = tuple(ScoreDefinition(key=s["key"], name=dict(s["name"])) for s in raw["scores"])
    if tuple(score.key for score in scores) != SCORE_KEYS[raw["code"]]:
        raise DataFileError(f"{path}: scores must be {', '.join(SCORE_KEYS[raw['code']])}")
    return Instrument(
        code=raw["code"],
        name=dict(raw["name"]),
        version=raw["version"],
        recall_period=dict(raw["recall_period"]),
        instructions=dict(raw["instructions"]) if "instructions" in raw else None,
        source=raw["source"],
        licence=raw["licence"],
        copyright=raw.get("copyright"),
        licence_restricted=raw["licence_restricted"],
        text_verified=raw["text_verified"],
        text_source=raw["text_source"],
        scale_direction=raw["scale_direction"],
        response_format=raw.get("response_format"),
        scores=scores,
        items=tuple(items),
        min_answers=raw.get("min_answers", len(items)),
        max_answers=raw.get("max_answers", len(items)),
        activity_list=tuple(
            Activity(code=a["code"], text=dict(a["text"])) for a in raw.get("activity_list", ())
        ),
        free_text_allowed=raw.get("free_text_allowed", False),
    )


@cache
def get_instrument(code: str) -> Instrument:
    """The instrument ``code`` (e.g. "startback"); raises UnknownInstrumentError."""
    if code not in INSTRUMENT_CODES:
        raise UnknownInstrumentError(code)
    path = DATA_DIR / f"{code}.json"
    raw = load_validated(path, SCHEMA_PATH)
    if raw["code"] != code:
        raise DataFileError(f"{path}: code {raw['code']!r} does not match the file name")
    return _build(path, raw)


def all_instruments() -> tuple[Instrument, ...]:
    """Every instrument, in INSTRUMENT_CODES order."""
    return tuple(get_instrument(code) for code in INSTRUMENT_CODES)


# --- scoring by linkId --------------------------------------------------------------------


def _ordered(code: str, answers: Mapping[str, int | None] | Sequence[int | None]) -> list[Any]:
    """The responses in item order, None where unanswered; unknown linkIds are refused."""
    count = len(get_instrument(code).items)
    if isinstance(answers, Mapping):
        known = {str(n) for n in range(1, count + 1)}
        unknown = sorted(set(answers) - known, key=str)
        if unknown:
            raise ScoringError(
                f"{code}: unknown item linkId(s) {', '.join(map(repr, unknown))}; "
                f"expected '1' to '{count}'"
            )
        return [answers.get(str(n)) for n in range(1, count + 1)]
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise ScoringError(f"{code}: answers must be a mapping of linkId to value")
    return list(answers)


def score_answers(
    code: str, answers: Mapping[str, int | None] | Sequence[int | None]
) -> dict[str, ScoreValue]:
    """Score ``answers`` (linkId -> published response value, or a list in item order).

    Returns the score keys in SCORE_KEYS[code] with unrounded values (ODI percent and
    EQ-5D-5L indices as float, the PSK mean as float). RMDQ answers are read in the tick
    format: a missing item is "not ticked". Raises ScoringError when the answers cannot be
    scored and UnknownInstrumentError for an unknown code.
    """
    values = _ordered(code, answers)
    if code == "nprs":
        return {"score": scoring.score_nprs(_single(code, values))}
    if code == "startback":
        startback = scoring.score_startback(values)
        return {
            "total": startback.total,
            "psychosocial": startback.psychosocial,
            "risk": startback.risk,
        }
    if code == "qbpds":
        return {"total": scoring.score_qbpds(values)}
    if code == "rmdq":
        rmdq = scoring.score_rmdq(values, response_format="tick")
        # The tick format never prorates, so the total is a whole count.
        assert isinstance(rmdq.total, int)
        return {"total": rmdq.total}
    if code == "odi":
        return {"percent": float(scoring.score_odi(values).percent)}
    if code == "psk":
        # The activities a patient chose fill slots 1..5; empty slots are skipped, so an
        # out-of-range value is reported here by its own linkId.
        for link_id, value in enumerate(values, start=1):
            if value is not None and (isinstance(value, bool) or value not in range(11)):
                raise ScoringError(f"PSK item {link_id}: {value!r} is outside 0-10")
        psk = scoring.score_psk([value for value in values if value is not None])
        return {"sum": psk.sum, "mean": float(psk.mean)}
    if code == "gpe":
        gpe = scoring.score_gpe(_single(code, values))
        return {"value": gpe.value, "improved": gpe.improved}
    if code == "fabq":
        fabq = scoring.score_fabq(values)
        return {"pa": fabq.pa, "w": fabq.w}
    if code == "tsk17":
        tsk17 = scoring.score_tsk17(values)
        return {"total": tsk17.total, "high": tsk17.high}
    if code == "tsk11":
        return {"total": scoring.score_tsk11(values).total}
    if code == "ompsq10":
        ompsq = scoring.score_ompsq10(values)
        return {"total": ompsq.total, "at_risk": ompsq.at_risk}
    if code == "eq5d5l":
        eq5d = scoring.score_eq5d5l(values)
        return {"index_nl": float(eq5d.index_nl), "index_be": float(eq5d.index_be)}
    raise UnknownInstrumentError(code)


def _single(code: str, values: list[Any]) -> Any:
    if len(values) != 1:
        raise ScoringError(f"{code}: expected exactly one answer, got {len(values)}")
    if values[0] is None:
        raise ScoringError(f"{code}: item 1 is missing")
    return values[0]
