"""Classification of triage.md §3: duration class and pain type.

A class is given only when every possible answer to the open questions would give the same
class; otherwise it is None ("cannot be determined yet"). So "recurrent: yes" gives chronic
even without a duration, but 3 weeks with "recurrent" unanswered gives None, because the
answer could still make it chronic.
"""

from __future__ import annotations

from typing import Literal

from ruggensteun.clinical.triage.conditions import Is, IsNot, all_of, any_of, yes
from ruggensteun.clinical.triage.fields import Answers

DurationClass = Literal["acute", "subacute", "chronic"]
PainType = Literal["radicular", "nonspecific"]


def duration_class(answers: Answers) -> DurationClass | None:
    """Descriptive only: NHG 2017 no longer chooses management by duration alone [P]."""
    weeks = answers.integer("duration_weeks")
    recurrent = answers.boolean("recurrent")
    # NHG M54 2005 [S]: chronic is longer than 12 weeks, or frequent recurrences.
    if recurrent is True or (weeks is not None and weeks > 12):
        return "chronic"
    if weeks is None or recurrent is None:
        return None
    # NHG M54 2005 [S]: acute up to 6 weeks. The source leaves exactly 12 weeks in neither
    # class; triage.md assigns it to subacute [D].
    return "acute" if weeks <= 6 else "subacute"


# NHG M55 [P]: pain radiating below the knee with at least one further radicular feature
# suggests lumbosacral radicular syndrome. Buttock or thigh pain alone is referred pain,
# still nonspecific (NHG 2005 [S]); the therapist can record a high-lumbar radicular
# syndrome by override.
RADICULAR = all_of(
    Is("leg_pain", "below_knee"),
    any_of(
        yes("leg_pain_worse_than_back"),
        yes("leg_tingling_numbness"),
        IsNot("leg_weakness", "none"),
        yes("pain_cough_sneeze"),
    ),
)


def pain_type(answers: Answers) -> PainType | None:
    radicular = RADICULAR(answers)
    if radicular is None:
        return None
    return "radicular" if radicular else "nonspecific"
