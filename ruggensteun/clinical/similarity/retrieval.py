"""Global similarity and the nearest cases.

Global similarity is the weighted sum of the local similarities of the features known in
both cases, with the weights renormalised over those features: a missing value is not
counted (neither as alike nor as different). Each neighbour carries each feature's share
of its similarity, so the page can say why it is similar.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ruggensteun.clinical.similarity.cases import Case
from ruggensteun.clinical.similarity.features import FeatureSet, Value, default_features

# Never fewer than 10 neighbours, and aggregates only of at least 10 cases: fewer would
# say too much about too few (issue #17) and too little about anything [D].
MIN_NEIGHBOURS = 10
DEFAULT_NEIGHBOURS = 20


@dataclass(frozen=True)
class Contribution:
    feature: str
    weight: float  # the weight after renormalising over the features known in both
    local: float  # the local similarity, 0-1
    contribution: float  # weight x local: the share of the global similarity


@dataclass(frozen=True)
class Neighbour:
    case: Case
    similarity: float
    contributions: tuple[Contribution, ...]


def similarity(
    query: Mapping[str, Value],
    case: Mapping[str, Value],
    *,
    features: FeatureSet | None = None,
    weights: Mapping[str, float] | None = None,
) -> tuple[float, tuple[Contribution, ...]]:
    """The global similarity of two baselines (0-1) and each feature's contribution.
    No feature known in both (or all their weights 0): similarity 0, no contributions."""
    features = features or default_features()
    weights = weights if weights is not None else features.weights
    locals_: list[tuple[str, float, float]] = []
    for feature in features.features:
        weight = weights.get(feature.name, 0.0)
        if weight <= 0:
            continue
        local = feature.local(query.get(feature.name), case.get(feature.name))
        if local is not None:
            locals_.append((feature.name, weight, local))
    total = sum(weight for _name, weight, _local in locals_)
    if total == 0:
        return 0.0, ()
    contributions = tuple(
        Contribution(name, weight / total, local, weight / total * local)
        for name, weight, local in locals_
    )
    return sum(c.contribution for c in contributions), contributions


def check_k(k: int) -> int:
    if k < MIN_NEIGHBOURS:
        raise ValueError(f"k must be at least {MIN_NEIGHBOURS}, got {k}")
    return k


def nearest(
    query: Mapping[str, Value],
    cases: Iterable[Case],
    k: int = DEFAULT_NEIGHBOURS,
    *,
    features: FeatureSet | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[Neighbour]:
    """The ``k`` cases most similar to ``query``, most similar first (ties by case id, so
    the answer never depends on the order of ``cases``). Fewer when there are fewer."""
    check_k(k)
    features = features or default_features()
    weights = weights if weights is not None else features.weights
    # Score every case with plain floats (a category's local similarity to the query's
    # value looked up, not recomputed); build the contributions for the k kept only.
    numeric: list[tuple[str, float, float, float]] = []  # name, weight, query value, range
    lookup: list[tuple[str, float, dict[Value, float | None]]] = []
    for feature in features.features:
        weight = weights.get(feature.name, 0.0)
        mine = query.get(feature.name)
        if weight <= 0 or mine is None:
            continue
        if feature.kind == "numeric":
            if isinstance(mine, str):
                raise TypeError(f"{feature.name}: numeric feature given text")
            numeric.append((feature.name, weight, float(mine), feature.high - feature.low))
        else:
            lookup.append(
                (feature.name, weight, {v: feature.local(mine, v) for v in feature.values})
            )
    scored: list[tuple[float, str, Case]] = []
    for case in cases:
        values = case.features
        total = weighted = 0.0
        for name, weight, mine_value, span in numeric:
            other = values.get(name)
            if other is not None:
                if isinstance(other, str):
                    raise TypeError(f"{name}: numeric feature given text")
                total += weight
                weighted += weight * max(0.0, 1.0 - abs(mine_value - float(other)) / span)
        for name, weight, table in lookup:
            found = table.get(values.get(name))
            if found is not None:
                total += weight
                weighted += weight * found
        scored.append((weighted / total if total else 0.0, case.case_id, case))
    best = heapq.nsmallest(k, scored, key=lambda item: (-item[0], item[1]))
    neighbours = []
    for _value, _id, case in best:
        value, contributions = similarity(query, case.features, features=features, weights=weights)
        neighbours.append(Neighbour(case, value, contributions))
    return neighbours


@dataclass(frozen=True)
class WhySimilar:
    feature: str
    weight: float  # the mean renormalised weight over the neighbours
    matched: int  # neighbours alike on it: local similarity at least 0.9
    known: int  # neighbours where both values are known
    mean_local: float


def why_similar(
    neighbours: Sequence[Neighbour], features: FeatureSet | None = None
) -> list[WhySimilar]:
    """Per feature, over the neighbours: its weight, how many matched, the mean local
    similarity; the features that weigh most first."""
    features = features or default_features()
    rows: list[WhySimilar] = []
    for feature in features.features:
        found = [c for n in neighbours for c in n.contributions if c.feature == feature.name]
        if not found:
            continue
        rows.append(
            WhySimilar(
                feature=feature.name,
                weight=sum(c.weight for c in found) / len(found),
                matched=sum(1 for c in found if c.local >= 0.9),
                known=len(found),
                mean_local=sum(c.local for c in found) / len(found),
            )
        )
    return sorted(rows, key=lambda row: (-row.weight, row.feature))
