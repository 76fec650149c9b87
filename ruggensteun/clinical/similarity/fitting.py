"""Re-fitting the weights on a practice's own closed episodes.

Leave-one-out: every case with a known target (by default the NPRS change at 12 weeks) is
predicted as the mean target of its ``k`` most similar other cases; the error is the mean
absolute error (MAE) over all of them. A coordinate search moves one weight at a time over
a grid and takes the weight with the lowest error (a feature whose weight 0 costs at most
1% more error is dropped: it does not help), round after round until nothing changes. The
answer names both errors: the neighbours' and the caseload average's (the mean of all
other cases), so a practice sees whether "patients like this one" predict better than
knowing nothing about the patient.

The local similarities are computed once per pair (numpy matrices); each trial of weights
is then a weighted sum, so a few hundred cases fit in a second or two.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ruggensteun.clinical.similarity.cases import Case
from ruggensteun.clinical.similarity.features import FeatureSet, default_features
from ruggensteun.clinical.similarity.retrieval import DEFAULT_NEIGHBOURS, check_k

GRID = (0.0, 0.5, 1.0, 2.0, 3.0)
# A feature is dropped (weight 0) when that costs at most 1% more error [D].
TOLERANCE = 0.01
Matrix = npt.NDArray[np.float64]


def nprs_change_12_weeks(case: Case) -> float | None:
    return case.outcome.nprs_change_12_weeks


@dataclass(frozen=True)
class Fit:
    weights: dict[str, float]
    start_weights: dict[str, float]
    cases: int
    k: int
    mae_start: float  # leave-one-out MAE of the neighbours with the starting weights
    mae_neighbours: float  # ... with the fitted weights
    mae_average: float  # predicting every case by the mean of all the others

    @property
    def ranking(self) -> list[tuple[str, float]]:
        return sorted(self.weights.items(), key=lambda item: (-item[1], item[0]))


def local_matrices(cases: Sequence[Case], features: FeatureSet) -> tuple[Matrix, Matrix]:
    """(F, n, n) local similarities and a (F, n, n) 0/1 mask of the pairs known in both."""
    n, count = len(cases), len(features.features)
    local = np.zeros((count, n, n))
    known = np.zeros((count, n, n))
    for f, feature in enumerate(features.features):
        values = [case.features.get(feature.name) for case in cases]
        distinct = sorted({v for v in values if v is not None}, key=repr)
        if not distinct:
            continue
        index = np.array([distinct.index(v) if v is not None else -1 for v in values])
        table = np.zeros((len(distinct), len(distinct)))
        table_known = np.zeros_like(table)
        for i, a in enumerate(distinct):
            for j, b in enumerate(distinct):
                value = feature.local(a, b)
                if value is not None:
                    table[i, j], table_known[i, j] = value, 1.0
        present = index >= 0
        safe = np.where(present, index, 0)
        local[f] = table[np.ix_(safe, safe)]
        known[f] = table_known[np.ix_(safe, safe)] * np.outer(present, present)
    return local, known


def loo_mae(
    local: Matrix, known: Matrix, targets: npt.NDArray[np.float64], weights: Sequence[float], k: int
) -> float:
    w = np.asarray(weights, dtype=float)[:, None, None]
    numerator = (w * local * known).sum(axis=0)
    denominator = (w * known).sum(axis=0)
    similarity = np.divide(
        numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0
    )
    np.fill_diagonal(similarity, -np.inf)  # leave the case itself out
    k = min(k, len(targets) - 1)
    nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    predictions = targets[nearest].mean(axis=1)
    return float(np.abs(predictions - targets).mean())


def fit_weights(
    cases: Sequence[Case],
    *,
    k: int = DEFAULT_NEIGHBOURS,
    features: FeatureSet | None = None,
    start: Mapping[str, float] | None = None,
    grid: Sequence[float] = GRID,
    rounds: int = 4,
    target: Callable[[Case], float | None] = nprs_change_12_weeks,
) -> Fit:
    """Fit the weights by leave-one-out prediction error (see the module). Needs more than
    ``k`` cases with a known target; raises ValueError with fewer."""
    check_k(k)
    features = features or default_features()
    used = [case for case in cases if target(case) is not None]
    if len(used) <= k:
        raise ValueError(
            f"too little data: {len(used)} cases with a known outcome, need more than {k}"
        )
    names = features.names
    start_weights = dict(start if start is not None else features.weights)
    weights = [float(start_weights.get(name, 0.0)) for name in names]
    targets = np.array([target(case) for case in used], dtype=float)
    local, known = local_matrices(used, features)
    best = mae_start = loo_mae(local, known, targets, weights, k)
    for _round in range(rounds):
        changed = False
        for f in range(len(names)):
            errors: dict[float, float] = {weights[f]: best}
            for value in grid:
                trial = [*weights[:f], value, *weights[f + 1 :]]
                if value not in errors and any(trial):
                    errors[value] = loo_mae(local, known, targets, trial, k)
            lowest = min(errors.values())
            # Parsimony: a feature whose weight 0 costs at most TOLERANCE more error is
            # dropped (it does not help the prediction); else the lowest error wins, the
            # current weight on a tie.
            if 0.0 in errors and errors[0.0] <= lowest * (1 + TOLERANCE):
                chosen = 0.0
            else:
                chosen = min(errors, key=lambda v: (errors[v], v != weights[f], v))
            if chosen != weights[f]:
                weights = [*weights[:f], chosen, *weights[f + 1 :]]
                best, changed = errors[chosen], True
        if not changed:
            break
    n = len(targets)
    average = (targets.sum() - targets) / (n - 1)
    return Fit(
        weights=dict(zip(names, weights, strict=True)),
        start_weights={name: float(start_weights.get(name, 0.0)) for name in names},
        cases=n,
        k=k,
        mae_start=mae_start,
        mae_neighbours=best,
        mae_average=float(np.abs(average - targets).mean()),
    )
