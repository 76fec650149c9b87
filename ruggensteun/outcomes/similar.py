"""The section "Patiënten zoals [naam]": the k most similar closed episodes of the
practice (or of the pooled case base), how they did, what differed between those who did
well and those who did not, and why they are similar. A fixed number of queries."""

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.utils.translation import gettext as _

from ruggensteun.charts import Chart, Point, score_chart
from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.similarity import (
    MIN_NEIGHBOURS,
    Case,
    Neighbour,
    Summary,
    default_features,
    nearest,
    summarise,
    why_similar,
)
from ruggensteun.clinical.similarity.cases import Outcome, Process
from ruggensteun.clinical.similarity.summary import Difference, Spread, quartiles
from ruggensteun.outcomes.casebase import build
from ruggensteun.outcomes.models import EpisodeCase, OutcomeSharing, patient_key
from ruggensteun.patients.models import Patient
from ruggensteun.workspace.dashboard import pathway_label


@dataclass(frozen=True)
class WhyRow:
    label: str
    weight_percent: int
    matched: int
    known: int


NO_OUTCOME, NO_PROCESS = Outcome(), Process()


def load_cases(patient: Patient, sharing: OutcomeSharing) -> list[Case]:
    """One query: the baselines of the case base without the patient's own case (their
    outcomes are read for the neighbours only, ``with_outcomes``)."""
    rows = (
        EpisodeCase.objects.base_for(patient.practice, pooled=sharing.pooled)
        .exclude(patient_key=patient_key(patient.pk))
        .values_list("case_id", "features")
    )
    return [Case(case_id, features, NO_OUTCOME, NO_PROCESS) for case_id, features in rows]


def with_outcomes(neighbours: list[Neighbour]) -> list[Neighbour]:
    """One query: the neighbours with their outcomes and process facts."""
    rows = EpisodeCase.objects.filter(case_id__in=[n.case.case_id for n in neighbours])
    found = {
        case_id: (Outcome(**outcome), Process(**process))
        for case_id, outcome, process in rows.values_list("case_id", "outcome", "process")
    }
    result = []
    for n in neighbours:
        outcome, process = found[n.case.case_id]
        result.append(replace(n, case=replace(n.case, outcome=outcome, process=process)))
    return result


def _number(value: float | str | None, language: str) -> str:
    if value is None:
        return "-"
    rounded = round(float(value), 1)
    shown = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"
    return shown.replace(".", ",") if language == "nl" else shown


def _spread_sentence(label: str, spread: Spread, language: str) -> str:
    if spread.median is None:
        return _("%(measure)s: te weinig metingen (%(n)s) om iets te zeggen.") % {
            "measure": label,
            "n": spread.n,
        }
    return _(
        "%(measure)s: verbeterde met %(median)s punten (mediaan; de middelste helft "
        "%(q1)s tot %(q3)s punten), gemeten bij %(n)s patiënten."
    ) % {
        "measure": label,
        "median": _number(spread.median, language),
        "q1": _number(spread.q1, language),
        "q3": _number(spread.q3, language),
        "n": spread.n,
    }


def _difference_sentence(difference: Difference, language: str) -> str:
    names = {
        "adherence": _("Therapietrouw"),
        "walking_goal": _("Wandeldoel"),
        "pathway": _("Zorgpad"),
        "sessions": _("Aantal sessies"),
    }
    well, other = difference.did_well, difference.did_not
    if not difference.enough:
        return _(
            "%(fact)s: te weinig patiënten om te vergelijken (%(well)s die veel beter waren, "
            "%(other)s anderen; per groep zijn er minstens 10 nodig)."
        ) % {"fact": names[difference.fact], "well": well.n, "other": other.n}
    values = {"n_well": well.n, "n_other": other.n}
    if difference.fact == "adherence":
        return _(
            "Wie zich veel beter voelde, deed %(well)s%% van de geplande oefendagen (mediaan, "
            "%(n_well)s patiënten); de anderen %(other)s%% (%(n_other)s patiënten)."
        ) % {
            **values,
            "well": _number(well.value, language),
            "other": _number(other.value, language),
        }
    if difference.fact == "walking_goal":
        return _(
            "Van de %(n_well)s die zich veel beter voelden, haalden %(well)s hun wandeldoel; "
            "van de %(n_other)s anderen %(other)s."
        ) % {**values, "well": well.count, "other": other.count}
    if difference.fact == "pathway":
        return _(
            "Meest gevolgde zorgpad bij wie zich veel beter voelde: %(well)s (%(c_well)s van "
            "%(n_well)s); bij de anderen: %(other)s (%(c_other)s van %(n_other)s)."
        ) % {
            **values,
            "well": pathway_label(str(well.value)),
            "c_well": well.count,
            "other": pathway_label(str(other.value)),
            "c_other": other.count,
        }
    return _(
        "Aantal sessies (mediaan): %(well)s bij wie zich veel beter voelde (%(n_well)s "
        "patiënten), %(other)s bij de anderen (%(n_other)s patiënten)."
    ) % {**values, "well": _number(well.value, language), "other": _number(other.value, language)}


def _why(neighbours: list[Neighbour], language: str) -> list[WhyRow]:
    features = default_features()
    return [
        WhyRow(
            label=text(dict(features.feature(row.feature).label), language),
            weight_percent=round(100 * row.weight),
            matched=row.matched,
            known=row.known,
        )
        for row in why_similar(neighbours, features)
    ]


def _chart(
    patient: Patient, built: Any, neighbours: list[Neighbour], language: str
) -> Chart | None:
    """This patient's own pain over time, on top of the middle half of the pain at
    discharge of the similar patients."""
    measurements = built.episode.of("nprs")
    if not measurements:
        return None
    finals = [
        float(n.case.features["nprs"]) - n.case.outcome.nprs_change
        for n in neighbours
        if n.case.features.get("nprs") is not None and n.case.outcome.nprs_change is not None
    ]
    band = None
    if len(finals) >= MIN_NEIGHBOURS:
        q1, _mid, q3 = quartiles(finals)
        band = (q1 - 0.25, q3 + 0.25) if q1 == q3 else (q1, q3)
    start = built.episode.start
    points = []
    for m in measurements[-12:]:
        weeks = (m.day - start).days // 7
        label = _("wk %(week)s") % {"week": weeks}
        value = m.score("score")
        points.append(Point(start + timedelta(days=(m.day - start).days), label, value))
    return score_chart(
        points,
        title=_("Pijn van %(name)s") % {"name": patient.name},
        value_label=_("pijn (0-10)"),
        scale=(0, 10),
        band=band,
        band_label=_("middelste helft van patiënten zoals %(name)s bij het afsluiten")
        % {"name": patient.name},
        chart_id="chart-similar",
        language=language,
    )


def similar_patients(patient: Patient, language: str) -> dict[str, Any]:
    sharing = OutcomeSharing.of(patient.practice)
    cases = load_cases(patient, sharing)
    built = build(Patient.objects.filter(pk=patient.pk).select_related("practice"))[0]
    # With no clinical baseline yet (age alone, or nothing) there is nothing to compare [D].
    known = any(v is not None for name, v in built.features.items() if name != "age_band")
    neighbours = nearest(built.features, cases, sharing.neighbours) if cases and known else []
    neighbours = with_outcomes(neighbours)
    summary: Summary = summarise(neighbours)
    context: dict[str, Any] = {
        "k": sharing.neighbours,
        "pooled": sharing.pooled,
        "available": len(cases),
        "no_baseline": not known,
        "summary": summary,
        "enough": summary.enough and len(neighbours) >= sharing.neighbours,
    }
    if not context["enough"]:
        return context
    context.update(
        outcome_sentences=[
            _spread_sentence(_("Pijn (NPRS, 0-10)"), summary.nprs_change, language),
            _spread_sentence(_("Beperkingen (QBPDS, 0-100)"), summary.qbpds_change, language),
        ],
        difference_sentences=[_difference_sentence(d, language) for d in summary.differences],
        why=_why(neighbours, language),
        similarity_low=round(100 * neighbours[-1].similarity),
        similarity_high=round(100 * neighbours[0].similarity),
        chart=_chart(patient, built, neighbours, language),
    )
    return context
