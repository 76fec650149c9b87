"""The same red-flag word check as a message gets (issue #16), run on every question: the
triage rules the words point to (their questions are asked on messaging:safety_check)."""

from ruggensteun.clinical.triage.words import red_flag_words, rule_ids


def rules_in(question: str) -> tuple[str, ...]:
    return rule_ids(red_flag_words(question))
