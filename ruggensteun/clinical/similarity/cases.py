"""A case: one closed care episode, pseudonymous — its baseline, its outcomes and what
happened in between. Plain data; the Django app stores and builds them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ruggensteun.clinical.similarity.features import Value

# GPE 7-point: 1 completely recovered, 2 much improved (instruments.md §2.7; the
# dichotomy "improved = 1 or 2" is the common convention in Dutch LBP trials [UNVERIFIED]).
GPE_IMPROVED_AT_MOST = 2


def gpe_improved(value: int | None) -> bool | None:
    """ "Much improved" or better on the 7-point GPE; None when not measured."""
    return None if value is None else value <= GPE_IMPROVED_AT_MOST


@dataclass(frozen=True)
class Outcome:
    """Changes are improvements: baseline minus follow-up, positive is better."""

    gpe_discharge: int | None = None
    gpe_12_weeks: int | None = None
    nprs_change: float | None = None  # at discharge
    qbpds_change: float | None = None  # at discharge
    nprs_change_12_weeks: float | None = None

    @property
    def did_well(self) -> bool | None:
        """GPE "much improved" or better at discharge (else at 12 weeks); None unknown."""
        at_discharge = gpe_improved(self.gpe_discharge)
        return at_discharge if at_discharge is not None else gpe_improved(self.gpe_12_weeks)


@dataclass(frozen=True)
class Process:
    adherence: float | None = None  # share of planned exercise days done, 0-1
    walking_goal_reached: bool | None = None
    pathway: str | None = None
    sessions: int | None = None


@dataclass(frozen=True)
class Case:
    case_id: str
    features: Mapping[str, Value]
    outcome: Outcome = field(default_factory=Outcome)
    process: Process = field(default_factory=Process)
