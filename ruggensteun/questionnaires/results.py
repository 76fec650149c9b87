"""A patient's scores as the therapist reads them: per instrument, every administration
with its interpretation and its change since the first one, and a chart.

Every number and judgement comes from the clinical core: the stored ``score_answers``
result, the ODI band from ``score_odi``, change and both MIC flags from ``change_for`` and
``change_psk``. This module only chooses labels and rounds for display.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.instruments.change import (
    MIC_RULES,
    ActivityChange,
    Change,
    change_for,
    change_psk,
)
from ruggensteun.clinical.instruments.registry import INSTRUMENT_CODES, Instrument, get_instrument
from ruggensteun.clinical.instruments.scoring import ScoringError, round_for_display, score_odi
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.charts import Series, line_chart
from ruggensteun.questionnaires.flow import activity_text
from ruggensteun.questionnaires.models import QuestionnaireResponse
from ruggensteun.signoff.status import signed_off_codes

# The score each MIC_RULES entry judges (the instrument's single total).
MIC_SCORE_KEY = {
    "nprs": "score",
    "qbpds": "total",
    "rmdq": "total",
    "odi": "percent",
    "tsk17": "total",
    "tsk11": "total",
}
# Display precision (spec 2.5: ODI one decimal; 2.6: PSK mean as 7.00; 2.11.1: EQ-5D 3).
DISPLAY_PLACES = {
    ("odi", "percent"): 1,
    ("psk", "mean"): 2,
    ("eq5d5l", "index_nl"): 3,
    ("eq5d5l", "index_be"): 3,
}
# Which scores to draw; by default every number.
CHART_KEYS = {"psk": ("mean",), "startback": ("total", "psychosocial")}

Tone = str  # "ok", "warning", "danger" or "" (the badge classes of the style sheet)

RISK_LABELS: dict[str, tuple[Promise, Tone]] = {
    "low": (gettext_lazy("laag risico"), "ok"),
    "medium": (gettext_lazy("gemiddeld risico"), "warning"),
    "high": (gettext_lazy("hoog risico"), "danger"),
}
FLAG_LABELS: dict[tuple[str, str], dict[bool, tuple[Promise, Tone]]] = {
    ("tsk17", "high"): {
        True: (gettext_lazy("hoge bewegingsangst"), "danger"),
        False: (gettext_lazy("geen hoge bewegingsangst"), ""),
    },
    ("ompsq10", "at_risk"): {
        True: (gettext_lazy("verhoogd risico op langdurige klachten"), "danger"),
        False: (gettext_lazy("geen verhoogd risico"), ""),
    },
    ("gpe", "improved"): {
        True: (gettext_lazy("verbeterd"), "ok"),
        False: (gettext_lazy("niet verbeterd"), "warning"),
    },
}
ODI_BANDS: dict[str, tuple[Promise, Tone]] = {
    "minimal": (gettext_lazy("minimale beperking"), "ok"),
    "moderate": (gettext_lazy("matige beperking"), ""),
    "severe": (gettext_lazy("ernstige beperking"), "warning"),
    "crippled": (gettext_lazy("invaliderende beperking"), "danger"),
    "bed-bound": (gettext_lazy("bedgebonden"), "danger"),
}


@dataclass(frozen=True)
class Interpretation:
    label: str
    tone: Tone


@dataclass(frozen=True)
class ChangeView:
    improvement: Decimal
    """Baseline minus follow-up, rounded: positive is better."""
    percent: Decimal | None
    mic_met: bool
    thirty_percent_met: bool | None
    worsened: bool
    source: str

    @property
    def magnitude(self) -> Decimal:
        return abs(self.improvement)


@dataclass(frozen=True)
class ActivityRow:
    activity: str
    score: int | None
    change: ChangeView | None = None


@dataclass
class ResultRow:
    response: QuestionnaireResponse
    day: date
    is_baseline: bool
    values: list[object]
    labelled: list[tuple[str, object]]
    interpretations: list[Interpretation]
    change: ChangeView | None = None
    activities: list[ActivityRow] = field(default_factory=list)
    mean_change: ChangeView | None = None


@dataclass
class InstrumentResults:
    code: str
    name: str
    short_name: str
    columns: list[str]
    rows: list[ResultRow]
    mic: str | None
    direction: str
    chart: SafeString | None = None
    chart_title: str = ""
    provisional: bool = True
    """The practice has not signed off the text its patients read (signoff app)."""

    @property
    def latest(self) -> ResultRow:
        return self.rows[-1]

    @property
    def has_change(self) -> bool:
        return len(self.rows) > 1


def _display(code: str, key: str, value: object) -> object:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, float):
        return round_for_display(value, DISPLAY_PLACES.get((code, key), 1))
    return value


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _score(response: QuestionnaireResponse, key: str) -> int | float | None:
    """A stored numeric score (unrounded), or None."""
    value = (response.scores or {}).get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _numeric_keys(definition: Instrument, samples: Iterable[dict[str, object]]) -> list[str]:
    keys = []
    for score in definition.scores:
        values = [sample.get(score.key) for sample in samples]
        if all(value is None or _number(value) is not None for value in values):
            keys.append(score.key)
    return keys


def _change_view(change: Change | ActivityChange, places: int) -> ChangeView:
    """For display: a PSK ActivityChange has no MIC (spec 2.6), so its flags stay unset."""
    judged = isinstance(change, Change)
    return ChangeView(
        improvement=round_for_display(change.improvement, places),
        percent=None if change.percent is None else round_for_display(change.percent, 1),
        mic_met=change.mic_met if judged else False,
        thirty_percent_met=change.thirty_percent_met if judged else None,
        worsened=change.worsened,
        source=change.source if judged else "",
    )


def _interpretations(response: QuestionnaireResponse, language: str) -> list[Interpretation]:
    code, scores = response.instrument, response.scores or {}
    found: list[Interpretation] = []
    if code == "startback" and scores.get("risk") in RISK_LABELS:
        label, tone = RISK_LABELS[str(scores["risk"])]
        found.append(Interpretation(str(label), tone))
    if code == "odi":
        try:
            band = score_odi(response.ordered_values()).band
        except ScoringError:
            band = None
        if band in ODI_BANDS:
            label, tone = ODI_BANDS[band]
            found.append(Interpretation(str(label), tone))
    for (flag_code, key), labels in FLAG_LABELS.items():
        if flag_code == code and isinstance(scores.get(key), bool):
            label, tone = labels[bool(scores[key])]
            found.append(Interpretation(str(label), tone))
    if code == "gpe" and isinstance(scores.get("value"), int):
        answer = response.definition.items[0].label(int(scores["value"]), language)
        if answer:
            found.insert(0, Interpretation(answer, ""))
    return found


def _psk_scores(response: QuestionnaireResponse) -> list[int]:
    ordered = sorted(response.activities, key=int)
    return [int(response.answers[key]) for key in ordered if response.answers.get(key) is not None]


def _mic_text(code: str) -> str | None:
    rule = MIC_RULES.get(code)
    if rule is None:
        return None
    absolute = round_for_display(rule.absolute, 0)
    if rule.relative is None:
        return _("minimaal belangrijke verbetering: %(absolute)s punten (%(source)s)") % {
            "absolute": absolute,
            "source": rule.source,
        }
    return _(
        "minimaal belangrijke verbetering: %(absolute)s punten, of %(relative)s%% van de "
        "beginwaarde (%(source)s); beide worden getoond"
    ) % {
        "absolute": absolute,
        "relative": round_for_display(rule.relative, 0),
        "source": rule.source,
    }


def _direction(definition: Instrument) -> str:
    if definition.scale_direction == "higher_is_worse":
        return _("Hoger is slechter.")
    if definition.scale_direction == "higher_is_better":
        return _("Hoger is beter.")
    return _("Lager is beter (1 = volledig hersteld).")


def instrument_results(
    code: str,
    responses: Sequence[QuestionnaireResponse],
    language: str,
    *,
    chart: bool = True,
    provisional: bool = True,
) -> InstrumentResults:
    """The results of one instrument; ``responses`` submitted, oldest first.

    ``provisional``: the practice has not signed off the instrument's text
    (``signoff.status.signed_off_codes``)."""
    definition = get_instrument(code)
    scores = [response.scores or {} for response in responses]
    keys = _numeric_keys(definition, scores)
    names = {score.key: text(score.name, language) for score in definition.scores}
    baseline = responses[0]
    rows: list[ResultRow] = []
    for index, response in enumerate(responses):
        assert response.submitted_at is not None
        values = [_display(code, key, (response.scores or {}).get(key)) for key in keys]
        row = ResultRow(
            response=response,
            day=timezone.localdate(response.submitted_at),
            is_baseline=index == 0,
            values=values,
            labelled=[(names[key], value) for key, value in zip(keys, values, strict=True)],
            interpretations=_interpretations(response, language),
        )
        if index > 0 and code in MIC_SCORE_KEY:
            key = MIC_SCORE_KEY[code]
            before, after = _score(baseline, key), _score(response, key)
            if before is not None and after is not None:
                places = DISPLAY_PLACES.get((code, key), 0)
                row.change = _change_view(change_for(code, before, after), places)
        if definition.activity_list:
            _add_activities(row, response, baseline, index > 0, definition, language)
        rows.append(row)
    results = InstrumentResults(
        code=code,
        name=text(definition.name, language),
        short_name=catalog.short_name(code),
        columns=[names[key] for key in keys],
        rows=rows,
        mic=_mic_text(code),
        direction=_direction(definition),
        provisional=provisional,
    )
    if chart and len(rows) > 1:
        _add_chart(results, definition, keys, names)
    return results


def _add_activities(
    row: ResultRow,
    response: QuestionnaireResponse,
    baseline: QuestionnaireResponse,
    compare: bool,
    definition: Instrument,
    language: str,
) -> None:
    changes = None
    if compare and response.activities == baseline.activities:
        try:
            changes = change_psk(_psk_scores(baseline), _psk_scores(response))
        except ScoringError:
            changes = None
    for position, key in enumerate(sorted(response.activities, key=int)):
        activity_change = None
        if changes is not None and position < len(changes.activities):
            activity_change = _change_view(changes.activities[position], 0)
        value = response.answers.get(key)
        row.activities.append(
            ActivityRow(
                activity=activity_text(definition, response.activities[key], language),
                score=None if value is None else int(value),
                change=activity_change,
            )
        )
    if changes is not None:
        row.mean_change = _change_view(changes.mean, 2)


def _y_range(code: str, definition: Instrument) -> tuple[float, float] | None:
    rule = MIC_RULES.get(code)
    if rule is not None:
        return float(rule.minimum), float(rule.maximum)
    if len(definition.items) == 1 or definition.activity_list:
        values = definition.items[0].values
        return float(min(values)), float(max(values))
    return None


def _add_chart(
    results: InstrumentResults, definition: Instrument, keys: list[str], names: dict[str, str]
) -> None:
    chart_keys = [key for key in CHART_KEYS.get(results.code, keys) if key in keys]
    if not chart_keys:
        return
    series = [
        Series(
            names[key],
            [_number((row.response.scores or {}).get(key)) for row in results.rows],
        )
        for key in chart_keys
    ]
    latest = results.latest
    first = results.rows[0]
    summary = ", ".join(
        f"{names[key]}: {_display(results.code, key, (first.response.scores or {}).get(key))}"
        f" → {_display(results.code, key, (latest.response.scores or {}).get(key))}"
        for key in chart_keys
    )
    results.chart_title = _("%(instrument)s in de tijd. %(summary)s") % {
        "instrument": results.short_name,
        "summary": summary,
    }
    results.chart = mark_safe(
        line_chart(
            [row.day for row in results.rows],
            series,
            chart_id=f"chart-{results.code}",
            title=results.chart_title,
            y_range=_y_range(results.code, definition),
        )
    )


def patient_results(
    patient: Patient, language: str, *, chart: bool = True
) -> list[InstrumentResults]:
    """Every instrument the patient has submitted, in the registry's order."""
    by_code: dict[str, list[QuestionnaireResponse]] = defaultdict(list)
    for response in QuestionnaireResponse.objects.for_patient(patient).submitted().chronological():
        by_code[response.instrument].append(response)
    signed_off = signed_off_codes(patient.practice_id) if by_code else frozenset()
    return [
        instrument_results(
            code, by_code[code], language, chart=chart, provisional=code not in signed_off
        )
        for code in INSTRUMENT_CODES
        if by_code.get(code)
    ]
