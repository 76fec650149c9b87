"""Case-based reasoning on closed care episodes: "patients like this one" (issue #17).

Plain Python (no Django), like the rest of the clinical core:

- ``features``: the baseline features, their local similarity (numeric, ordered, symbolic
  table) and the expert default weights, from ``data/features.json`` (each weight with its
  rationale and source);
- ``cases``: a case = baseline features + outcomes + process facts;
- ``retrieval``: global similarity (weighted sum, weights renormalised over the features
  known in both) and ``nearest(query, cases, k)`` with each feature's contribution;
- ``summary``: ``summarise(neighbours)``: shares, medians and the differences between those
  who did well and those who did not, with counts, never about fewer than 10;
- ``fitting``: ``fit_weights(cases)``: leave-one-out re-fitting of the weights, and the MAE
  of the neighbours' prediction against the caseload average.

It is decision support: it describes how similar patients did; it proposes nothing.
"""

from ruggensteun.clinical.similarity.cases import Case, Outcome, Process, gpe_improved
from ruggensteun.clinical.similarity.features import Feature, FeatureSet, default_features
from ruggensteun.clinical.similarity.fitting import Fit, fit_weights
from ruggensteun.clinical.similarity.retrieval import (
    DEFAULT_NEIGHBOURS,
    MIN_NEIGHBOURS,
    Contribution,
    Neighbour,
    nearest,
    similarity,
    why_similar,
)
from ruggensteun.clinical.similarity.summary import Summary, summarise

__all__ = [
    "DEFAULT_NEIGHBOURS",
    "MIN_NEIGHBOURS",
    "Case",
    "Contribution",
    "Feature",
    "FeatureSet",
    "Fit",
    "Neighbour",
    "Outcome",
    "Process",
    "Summary",
    "default_features",
    "fit_weights",
    "gpe_improved",
    "nearest",
    "similarity",
    "summarise",
    "why_similar",
]
