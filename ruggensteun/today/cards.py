"""Which cards the Today page shows, and in which order (issue #12: "the Today page shows
what the patient needs next, in order, and nothing that contradicts it").

``PRIORITY`` is the one order, most pressing first. ``cards_for`` keeps the cards that
apply to the patient's situation, in that order; the template only draws them. The rules
that keep one card from contradicting another are written out in ``cards_for``:

- **Red-flag advice** (a GP flag the therapist has not handled yet) stands alone on top:
  the programme, the check-in about the programme week, the start notice, the fear ratings,
  "Meer pijn dan anders? ... niet gevaarlijk" and the tip of the day are left out, so
  nothing on the page plays the advice down. (An emergency or urgent flag never reaches
  this page: ``own_patient_view`` shows only the advice then.)
- **No plan in force** (paused, not started yet, or no programme at all): no walks,
  exercises, exposure step, goals, next-day question or reading of the week; a card says
  why instead. "U krijgt bericht" (the waiting card) only while no programme runs.
- **Intake first**: the questionnaires, the fear ratings and the check-in wait until the
  intake is finished (they follow it as one chain).
"""

from dataclasses import dataclass

# Most pressing first. Every name is drawn by one branch of today/today.html.
PRIORITY: tuple[str, ...] = (
    "advice",  # red-flag advice (urgency "soon"); nothing below may contradict it
    "therapist_message",  # what the therapist said after handling a red flag, until read
    "message_reply",  # an unread reply of the practice in the messages (issue #16)
    "start_notice",  # "Uw programma is gestart", until read or for a week
    "intake",  # the intake is not finished
    "questionnaires",  # questionnaires due now (the chain after the intake)
    "fear_ratings",  # the fear ratings, when the fear flag asks for them (programme app)
    "checkin",  # the weekly check-in about the week that ended
    "programme_state",  # paused / starts on ... / waiting / finished: why there is no plan
    "next_day",  # "Heeft u nog last van de oefening van gisteren?"
    "flare_week",  # "Deze week doet u het wat rustiger": why the plan is lighter
    "walks",  # today's walking goal
    "exercises",  # today's exercises
    "exposure",  # this week's exposure step
    "goals",  # the activities the patient works towards
    "learn",  # this week's reading
    "flare_up",  # "Meer pijn dan anders?": the pain rule's companion, the flare-up plan
    "appointment",  # the next appointment
    "tip",  # the tip of the day
)


@dataclass(frozen=True)
class Situation:
    """What decides the cards: the patient's state today."""

    advice: bool = False  # a red-flag advice card is shown
    therapist_message: bool = False
    message_reply: bool = False
    start_notice: bool = False
    intake_done: bool = False
    questionnaires_due: bool = False
    checkin_due: bool = False
    programme_running: bool = False  # active or paused (not ended)
    plan_shown: bool = False  # a week's plan is in force today and the programme is active
    programme_state: bool = False  # a card explains why no plan is shown
    next_day_questions: bool = False
    flare_week: bool = False
    has_exercises: bool = False
    has_exposure: bool = False
    has_goals: bool = False


# The cards of a plan in force: never shown without one.
PLAN_CARDS = frozenset(
    {"next_day", "flare_week", "walks", "exercises", "exposure", "goals", "learn"}
)
# The cards that would play red-flag advice down, or ask about a programme that waits.
NOT_BESIDE_ADVICE = PLAN_CARDS | {
    "therapist_message",
    "message_reply",
    "start_notice",
    "fear_ratings",
    "checkin",
    "programme_state",
    "flare_up",
    "tip",
}


def cards_for(situation: Situation) -> list[str]:
    """The cards to show, in ``PRIORITY`` order."""
    wanted = {
        "advice": situation.advice,
        "therapist_message": situation.therapist_message,
        "message_reply": situation.message_reply,
        "start_notice": situation.start_notice,
        "intake": not situation.intake_done,
        "questionnaires": situation.intake_done and situation.questionnaires_due,
        "fear_ratings": situation.intake_done,  # its own tag decides whether it shows
        "checkin": situation.intake_done and situation.checkin_due,
        "programme_state": situation.programme_state,
        "next_day": situation.next_day_questions,
        "flare_week": situation.flare_week,
        "walks": True,
        "exercises": situation.has_exercises,
        "exposure": situation.has_exposure,
        "goals": situation.has_goals,
        "learn": True,
        "flare_up": True,
        "appointment": situation.intake_done or situation.plan_shown,
        "tip": True,
    }
    shown = [name for name in PRIORITY if wanted[name]]
    if not situation.plan_shown:
        shown = [name for name in shown if name not in PLAN_CARDS]
    if situation.advice:
        shown = [name for name in shown if name not in NOT_BESIDE_ADVICE]
    return shown
