"""The baseline features of a case and how alike two values of each are (local similarity).

Three kinds, each giving a number from 0 (nothing alike) to 1 (the same):

- numeric: ``1 - |a - b| / (high - low)`` over the feature's whole range;
- ordered categories: by rank distance, ``1 - |rank(a) - rank(b)| / (number of ranks - 1)``;
- symbolic: looked up in a table (symmetric; the same value is 1, a pair not in it 0).

The features, their tables and their default (expert) weights are data, each with its
rationale and source: ``data/features.json``, checked against ``features.schema.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from ruggensteun.clinical.datafiles import load_validated

DATA = Path(__file__).parent / "data"
Kind = Literal["numeric", "ordered", "symbolic"]
Value = str | int | float | None


@dataclass(frozen=True)
class Feature:
    name: str
    kind: Kind
    weight: float
    rationale: str
    source: str
    label: Mapping[str, str]
    low: float = 0.0
    high: float = 1.0
    values: tuple[str, ...] = ()
    table: Mapping[tuple[str, str], float] | None = None

    def local(self, a: Value, b: Value) -> float | None:
        """How alike ``a`` and ``b`` are (0-1); None when either is missing or unknown."""
        if a is None or b is None:
            return None
        if self.kind == "numeric":
            if isinstance(a, str) or isinstance(b, str):
                raise TypeError(f"{self.name}: numeric feature given text")
            span = self.high - self.low
            return max(0.0, 1.0 - abs(float(a) - float(b)) / span)
        if not isinstance(a, str) or not isinstance(b, str):
            raise TypeError(f"{self.name}: categorical feature given a number")
        if a not in self.values or b not in self.values:
            return None  # an unknown category counts as missing, never as a guess
        if self.kind == "ordered":
            distance = abs(self.values.index(a) - self.values.index(b))
            return 1.0 - distance / (len(self.values) - 1)
        if a == b:
            return 1.0
        assert self.table is not None
        return self.table.get((a, b), self.table.get((b, a), 0.0))


@dataclass(frozen=True)
class FeatureSet:
    version: int
    features: tuple[Feature, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(feature.name for feature in self.features)

    @property
    def weights(self) -> dict[str, float]:
        return {feature.name: feature.weight for feature in self.features}

    def feature(self, name: str) -> Feature:
        for feature in self.features:
            if feature.name == name:
                return feature
        raise KeyError(name)


def _feature(raw: Mapping[str, object]) -> Feature:
    kind = raw["kind"]
    assert kind in ("numeric", "ordered", "symbolic")
    values = tuple(str(v) for v in raw.get("values", []))  # type: ignore[attr-defined]
    table: dict[tuple[str, str], float] | None = None
    if kind == "symbolic":
        table = {}
        rows = raw["table"]
        assert isinstance(rows, dict)
        for a, row in rows.items():
            for b, value in row.items():
                if a not in values or b not in values:
                    raise ValueError(f"{raw['name']}: table names an unknown value {a}/{b}")
                table[(a, b)] = float(value)
    low, high = 0.0, 1.0
    if kind == "numeric":
        bounds = raw["range"]
        assert isinstance(bounds, list)
        low, high = float(bounds[0]), float(bounds[1])
        if high <= low:
            raise ValueError(f"{raw['name']}: empty range")
    label = raw.get("label") or {"nl": str(raw["name"]), "en": str(raw["name"])}
    assert isinstance(label, dict)
    weight = raw["weight"]
    assert isinstance(weight, int | float)
    return Feature(
        name=str(raw["name"]),
        kind=kind,
        weight=float(weight),
        rationale=str(raw["rationale"]),
        source=str(raw["source"]),
        label={str(k): str(v) for k, v in label.items()},
        low=low,
        high=high,
        values=values,
        table=table,
    )


@cache
def default_features() -> FeatureSet:
    """The features with the expert default weights (data/features.json)."""
    data = load_validated(DATA / "features.json", DATA / "features.schema.json")
    features = tuple(_feature(raw) for raw in data["features"])
    if len({f.name for f in features}) != len(features):
        raise ValueError("features.json: a feature is named twice")
    return FeatureSet(version=int(data["version"]), features=features)
