"""Who needs the therapist's attention, and why: every rule of the caseload in one place.

The rules read ``CaseFacts``, gathered for a whole caseload at once by ``caseload.py``,
so judging 200 patients costs no query of its own. Clinical judgements come from the core:
a score is "worse" or "improved" by the minimal important change of
``clinical.instruments.change`` (Ostelo 2008); a low-adherence week is the plan engine's
decision ``hold_low_adherence`` (programme.md §5). The rest are the workspace's own
timings (issue 7), named below.

``RULES`` is the priority order, most urgent first. Safety first (design.md): a red flag
tops everything. Then a finished intake that waits for the therapist's review (issue #12: a
new patient is not left mid-list with "geen bijzonderheden"; the care cannot start before
the therapist classifies). Then what hurts the patient now (a flare-up, scores getting
worse), then a question the patient wrote and nobody has read (issue #16), then what holds
the care up until the therapist acts (a changed STarT Back group that asks for a pathway
decision, a week that cannot start before it is approved), then the slower signs (no
improvement by week 6, low adherence, silence), and last the paperwork (an overdue
questionnaire).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ruggensteun.clinical.instruments.change import Change, change_for, worse_by_mic
from ruggensteun.clinical.instruments.scoring import ScoringError, round_for_display
from ruggensteun.clinical.triage.urgency import most_urgent_first
from ruggensteun.intake.wording import rule_name
from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.results import RISK_LABELS

# A flare-up counts as recent for a week: the plan engine looks back one week too.
FLARE_RECENT_DAYS = 7
# Issue 7: "no check-in for 10 days".
NO_CHECKIN_DAYS = 10
# Issue 7: "no meaningful improvement by week 6", the schedule's first follow-up
# (questionnaires.models.DEFAULT_MOMENTS).
IMPROVEMENT_BY_WEEK = 6
# The instruments whose change the rules judge: pain and disability.
TREND_INSTRUMENTS = ("nprs", "qbpds")


@dataclass(frozen=True)
class Rule:
    code: str
    label: Promise
    """The reason's short name, for the filter and the legend."""


RULES: tuple[Rule, ...] = (
    Rule("red_flag", gettext_lazy("nieuwe rode vlag")),
    Rule("intake_done", gettext_lazy("intake klaar")),
    Rule("flare_up", gettext_lazy("opstoot")),
    Rule("worse", gettext_lazy("pijn of beperking erger")),
    Rule("unread_message", gettext_lazy("bericht van de patiënt ongelezen")),
    Rule("risk_changed", gettext_lazy("STarT Back-groep veranderd")),
    Rule("plan_waiting", gettext_lazy("week wacht op goedkeuring")),
    Rule("not_improving", gettext_lazy("geen belangrijke verbetering na 6 weken")),
    Rule("low_adherence", gettext_lazy("twee weken weinig gedaan")),
    Rule("no_checkin", gettext_lazy("10 dagen geen check-in")),
    Rule("questionnaire_overdue", gettext_lazy("vragenlijst te laat")),
)
PRIORITY = {rule.code: index for index, rule in enumerate(RULES)}
# The reasons shown in red: safety and what hurts the patient now.
DANGER = frozenset({"red_flag", "flare_up", "worse"})


@dataclass(frozen=True)
class Score:
    day: date
    value: float


@dataclass(frozen=True)
class Alert:
    rule_id: str
    urgency: str
    urgency_label: str


@dataclass
class CaseFacts:
    """What the rules need to know of one patient, on ``today``."""

    today: date
    episode_start: date
    alerts: Sequence[Alert] = ()
    last_flare: date | None = None
    scores: dict[str, list[Score]] = field(default_factory=dict)
    """Submitted scores per instrument (``TREND_INSTRUMENTS``), oldest first."""
    programme_started: date | None = None
    """The start of a running programme that is not paused; None otherwise."""
    last_checkin: date | None = None
    low_adherence: bool = False
    waiting_week: int | None = None
    risk_change: tuple[str | None, str] | None = None
    """(decided, proposed) STarT Back risk group, when a newer triage proposes another."""
    overdue: Sequence[tuple[str, date]] = ()
    """(instrument, due on) of the open questionnaires past their date."""
    discharged: bool = False
    intake_waiting: date | None = None
    """The day the intake was finished, while the therapist has neither recorded a
    classification nor started a programme; None otherwise."""
    unread_message: date | None = None
    """The day the oldest message of the patient the practice has not read was sent."""


@dataclass(frozen=True)
class Attention:
    code: str
    words: Callable[[], str] = field(repr=False, compare=False)
    """Writes ``text``: the words are worked out when first read (issue #15: a caseload
    orders 200 patients by their reasons but shows the words of 50), in the language active
    then; ``caseload.complete_rows`` reads them for the rows it completes."""
    severity: int = 0
    """Within one reason, lower is more urgent (a red flag's urgency)."""

    @cached_property
    def text(self) -> str:
        return self.words()

    @property
    def priority(self) -> int:
        return PRIORITY[self.code]

    @property
    def label(self) -> str:
        return str(RULES[self.priority].label)

    @property
    def tone(self) -> str:
        """The badge class of the style sheet."""
        return "danger" if self.code in DANGER else "warning"


def _day(value: date) -> str:
    return formats.date_format(value, "MONTH_DAY_FORMAT")


def _number(value: float) -> str:
    return str(round_for_display(value, 0 if float(value).is_integer() else 1))


@lru_cache(maxsize=4096)
def _change(code: str, baseline: float, follow_up: float) -> Change | None:
    """The core's judgement of a change, kept: a caseload asks it for the same few
    hundred pairs of scores again and again (a Change is frozen)."""
    try:
        return change_for(code, baseline, follow_up)
    except ScoringError:
        return None


def change_since_intake(facts: CaseFacts, code: str) -> Change | None:
    """The change from the first score to the latest one (the core judges it)."""
    scores = facts.scores.get(code, [])
    if len(scores) < 2:
        return None
    return _change(code, scores[0].value, scores[-1].value)


def reached_mic(change: Change) -> bool:
    """An important improvement on either of Ostelo's rules (both are reported)."""
    return change.mic_met or bool(change.thirty_percent_met)


def _red_flag(facts: CaseFacts) -> Attention | None:
    if not facts.alerts:
        return None
    alerts = sorted(facts.alerts, key=lambda alert: most_urgent_first(alert.urgency))

    def words() -> str:
        listed = ", ".join(
            f"{rule_name(alert.rule_id)} ({alert.urgency_label})" for alert in alerts
        )
        return ngettext(
            "Nieuwe rode vlag: %(alerts)s",
            "%(count)d nieuwe rode vlaggen: %(alerts)s",
            len(alerts),
        ) % {"count": len(alerts), "alerts": listed}

    return Attention("red_flag", words, severity=most_urgent_first(alerts[0].urgency))


def _intake_done(facts: CaseFacts) -> Attention | None:
    if facts.intake_waiting is None:
        return None
    day = facts.intake_waiting
    return Attention(
        "intake_done",
        lambda: (
            _("Intake klaar: wacht op uw beoordeling (ingevuld op %(day)s)") % {"day": _day(day)}
        ),
    )


def _flare_up(facts: CaseFacts) -> Attention | None:
    if facts.last_flare is None or (facts.today - facts.last_flare).days >= FLARE_RECENT_DAYS:
        return None
    day = facts.last_flare
    return Attention("flare_up", lambda: _("Opstoot gemeld op %(day)s") % {"day": _day(day)})


def _worse(facts: CaseFacts) -> Attention | None:
    worse = [
        (code, change)
        for code in TREND_INSTRUMENTS
        if worse_by_mic(change := change_since_intake(facts, code)) and change is not None
    ]
    if not worse:
        return None

    def words() -> str:
        names = {"nprs": _("Pijn"), "qbpds": _("Beperkingen")}
        parts = [
            _("%(what)s erger dan bij de start: %(instrument)s %(before)s → %(after)s")
            % {
                "what": names[code],
                "instrument": catalog.short_name(code),
                "before": _number(float(change.baseline)),
                "after": _number(float(change.follow_up)),
            }
            for code, change in worse
        ]
        return "; ".join(parts) + " " + _("(meer dan de MIC)")

    return Attention("worse", words)


def _risk_changed(facts: CaseFacts) -> Attention | None:
    if facts.risk_change is None:
        return None
    decided, proposed = facts.risk_change

    def words() -> str:
        before = str(RISK_LABELS[decided][0]) if decided in RISK_LABELS else _("onbekend")
        after = str(RISK_LABELS[proposed][0]) if proposed in RISK_LABELS else _("onbekend")
        return _(
            "STarT Back-groep veranderd: %(before)s → %(after)s. Bevestig of wijzig het zorgpad."
        ) % {"before": before, "after": after}

    return Attention("risk_changed", words)


def _plan_waiting(facts: CaseFacts) -> Attention | None:
    if facts.waiting_week is None:
        return None
    week = facts.waiting_week
    return Attention(
        "plan_waiting", lambda: _("Week %(week)s wacht op uw goedkeuring") % {"week": week}
    )


def _not_improving(facts: CaseFacts) -> Attention | None:
    week = (facts.today - facts.episode_start).days // 7
    if week < IMPROVEMENT_BY_WEEK:
        return None
    changes = [change_since_intake(facts, code) for code in TREND_INSTRUMENTS]
    measured = [change for change in changes if change is not None]
    if not measured or any(reached_mic(change) for change in measured):
        return None
    if any(worse_by_mic(change) for change in measured):
        return None  # already told, more strongly, by "worse"

    def words() -> str:
        listed = ", ".join(
            f"{catalog.short_name(change.instrument)} {_number(float(change.baseline))} → "
            f"{_number(float(change.follow_up))}"
            for change in measured
        )
        return _("Week %(week)s: geen belangrijke verbetering (%(scores)s; MIC niet gehaald)") % {
            "week": week,
            "scores": listed,
        }

    return Attention("not_improving", words)


def _unread_message(facts: CaseFacts) -> Attention | None:
    if facts.unread_message is None:
        return None
    since = facts.unread_message
    return Attention(
        "unread_message",
        lambda: _("Bericht van de patiënt, ongelezen sinds %(day)s") % {"day": _day(since)},
    )


def _low_adherence(facts: CaseFacts) -> Attention | None:
    if not facts.low_adherence:
        return None
    return Attention("low_adherence", lambda: _("Twee weken op rij weinig gedaan van het plan"))


def _no_checkin(facts: CaseFacts) -> Attention | None:
    if facts.programme_started is None:
        return None
    if facts.last_checkin is None or facts.last_checkin < facts.programme_started:
        days = (facts.today - facts.programme_started).days
        if days < NO_CHECKIN_DAYS:
            return None
        return Attention(
            "no_checkin",
            lambda: (
                _("Nog geen check-in sinds de start van het programma (%(days)s dagen)")
                % {"days": days}
            ),
        )
    last = facts.last_checkin
    since = (facts.today - last).days
    if since < NO_CHECKIN_DAYS:
        return None
    return Attention(
        "no_checkin",
        lambda: (
            _("%(days)s dagen geen check-in (laatste op %(day)s)")
            % {"days": since, "day": _day(last)}
        ),
    )


def _questionnaire_overdue(facts: CaseFacts) -> Attention | None:
    if not facts.overdue:
        return None
    overdue = facts.overdue

    def words() -> str:
        names = sorted({catalog.short_name(code) for code, _due in overdue})
        since = min(due for _code, due in overdue)
        return _("Vragenlijst te laat: %(names)s (uiterlijk %(day)s)") % {
            "names": ", ".join(names),
            "day": _day(since),
        }

    return Attention("questionnaire_overdue", words)


CHECKS = (
    _red_flag,
    _intake_done,
    _flare_up,
    _worse,
    _unread_message,
    _risk_changed,
    _plan_waiting,
    _not_improving,
    _low_adherence,
    _no_checkin,
    _questionnaire_overdue,
)
# After a discharge only safety and the patient's own question still call: a red flag
# raised afterwards, a message not read yet.
AFTER_DISCHARGE = frozenset({"red_flag", "unread_message"})


def reasons(facts: CaseFacts) -> list[Attention]:
    """Every reason this patient needs attention, most urgent first."""
    found = [attention for check in CHECKS if (attention := check(facts)) is not None]
    if facts.discharged:
        found = [attention for attention in found if attention.code in AFTER_DISCHARGE]
    return sorted(found, key=lambda attention: (attention.priority, attention.severity))


def worded(found: Sequence[Attention]) -> None:
    """Work out the words of these reasons now, in the language active now (a report
    made in the patient's language is rendered after it is made)."""
    for attention in found:
        if "text" not in attention.__dict__:
            attention.__dict__["text"] = attention.words()


def sort_key(
    found: Sequence[Attention], name: str, *, discharged: bool = False, pk: int = 0
) -> tuple[int, int, int, bool, str, int]:
    """Who comes first: the most urgent reason, then its severity, then the number of
    reasons; patients who need nothing after them, those discharged last; by name within
    the same, and patients of the same name by their id (``pk``: the one registered first
    first), so the order never depends on the order the database happened to give."""
    if not found:
        return (len(RULES), 0, 0, discharged, name.casefold(), pk)
    top = found[0]
    return (top.priority, top.severity, -len(found), discharged, name.casefold(), pk)
