"""Where a plan's choice comes from, in a physiotherapist's words (issue #12).

The engine gives every choice in a weekly plan a reason in words and a ``rule``: the part of
the programme description it follows (``programme.md §5 decision 2: progress [D]``, several
joined with "; "). The rule stays in the data (and in a ``data-rule`` attribute) for whoever
checks the engine; the therapist reads its source behind "Waarom?", in words:

- the part of the programme the choice follows (§2 to §7 of programme.md);
- whether it is one of Ruggensteun's own design choices ([D]: "visible and adjustable per
  practice", programme.md introduction) rather than a guideline's rule;
- a guideline the rule names (NHG M55), by its name.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from ruggensteun.intake.wording import join_words

# The parts of programme.md, by what they are about.
SECTIONS: dict[str, Promise] = {
    "2": gettext_lazy("welke onderdelen wanneer komen, en wat veilig is"),
    "3": gettext_lazy("de oefenbibliotheek"),
    "4": gettext_lazy("de keuze van de oefeningen"),
    "5": gettext_lazy("de opbouw week na week"),
    "6": gettext_lazy("stap voor stap weer doen wat de patiënt vermijdt"),
    "7": gettext_lazy("het opstootplan"),
}

# Guidelines a programme rule names beside it.
GUIDELINES: dict[str, Promise] = {
    "NHG M55": gettext_lazy("NHG-Standaard Lumbosacraal radiculair syndroom"),
}

_SECTION = re.compile(r"§(\d+)")


@dataclass(frozen=True)
class RuleWords:
    parts: str  # the parts of the programme, joined ("de opbouw week na week")
    design_choice: bool
    guidelines: str
    revised: bool  # tightened after the clinical review (revision 2)


def rule_words(rule: str) -> RuleWords:
    """The source of a plan choice in words; an unknown or empty rule gives empty parts."""
    numbers = list(dict.fromkeys(_SECTION.findall(rule)))
    return RuleWords(
        parts=join_words(str(SECTIONS[number]) for number in numbers if number in SECTIONS),
        design_choice="[D]" in rule,
        guidelines=join_words(str(name) for code, name in GUIDELINES.items() if code in rule),
        revised="revision 2" in rule,
    )
