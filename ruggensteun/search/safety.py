"""The same red-flag word check as a message gets (issue #16), run on every question:
the triage rules the words point to."""

from ruggensteun.clinical.triage.words import red_flag_words


def rules_in(question: str, language: str) -> tuple[str, ...]:
    return tuple(red_flag_words(question, language))
