"""What the exercise player (``static/today/player.js``) needs: the dosage as numbers and
its words in the patient's language. ``%(name)s`` placeholders are filled in by the script."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruggensteun.today.day import DayExercise

# The tempos the player can pace repetitions at, in seconds per repetition: the only table
# of them (the template's choice and the script both read it). A pacing aid, not a dosage:
# the therapist's sets and repetitions stay as planned. The exercises ask for slow,
# controlled movement ("rustig", clinical/programme/content/exercises/), so the default
# is the middle one.
TEMPOS: tuple[tuple[str, Any, float], ...] = (
    ("langzaam", gettext_lazy("Langzaam"), 6),
    ("rustig", gettext_lazy("Rustig"), 4),
    ("normaal", gettext_lazy("Normaal"), 3),
)
DEFAULT_TEMPO = "rustig"


def tempos() -> list[dict[str, Any]]:
    return [{"id": key, "label": str(label), "seconds": seconds} for key, label, seconds in TEMPOS]


def player_config(entry: DayExercise) -> dict[str, Any]:
    dosage = entry.planned.dosage
    seconds = None
    if dosage.kind == "hold":
        seconds = dosage.hold_seconds
    elif dosage.kind == "duration":
        seconds = (dosage.minutes or 0) * 60
    return {
        "kind": dosage.kind,  # reps, hold or duration
        "sets": dosage.sets,
        "reps": dosage.reps,
        "seconds": seconds,
        "rest": dosage.rest_seconds,
        "perSide": entry.exercise.per_side,
        "tempos": tempos() if dosage.kind == "reps" else [],
        "defaultTempo": DEFAULT_TEMPO,
    }


def player_texts() -> dict[str, str]:
    return {
        "setOf": _("Set %(set)s van %(sets)s"),
        "left": _("Linkerkant"),
        "right": _("Rechterkant"),
        "getReady": _("Maak u klaar"),
        "getReadyAnnounce": _("Maak u klaar. Over %(seconds)s seconden begint het."),
        "repsHint": _("Tik na elke herhaling op de grote knop."),
        "repsAnnounce": _("%(reps)s keer. Tik na elke herhaling op de grote knop."),
        "repDone": _("Herhaling gedaan"),
        "pacedAnnounce": _(
            "%(reps)s keer. Bij elke toon doet u er één. Tik op Pauze om even te stoppen."
        ),
        "pacedLast": _("Laatste keer"),
        "repsCount": _("%(done)s van %(total)s"),
        "setDone": _("Set klaar"),
        "hold": _("Houd vast"),
        "holdAnnounce": _("Houd %(seconds)s seconden vast."),
        "keepGoing": _("Ga rustig door"),
        "keepGoingAnnounce": _("Ga %(minutes)s minuten rustig door."),
        "rest": _("Rust"),
        "restAnnounce": _("Goed zo. Rust %(seconds)s seconden."),
        "switchSide": _("Wissel van kant"),
        "switchSideAnnounce": _("Wissel van kant."),
        "skip": _("Overslaan"),
        "pause": _("Pauze"),
        "paused": _("Gepauzeerd"),
        "resume": _("Verder"),
        "stop": _("Stoppen"),
        "stopped": _("Gestopt. U kunt opnieuw beginnen wanneer u wilt."),
        "soundOn": _("Geluid: aan"),
        "soundOff": _("Geluid: uit"),
        "secondsLeft": _("nog %(seconds)s seconden"),
        "finished": _("Goed gedaan! De oefening is klaar."),
        "finishedHint": _("Sla op dat u de oefening heeft gedaan."),
        "saved": _("De oefening staat vandaag al als gedaan."),
        "again": _("Nog een keer"),
    }
