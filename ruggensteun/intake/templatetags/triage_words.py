"""The triage in words on the therapist's pages (``{% load triage_words %}``): the tables
live in ``ruggensteun.intake.wording``."""

from typing import Any

from django import template

from ruggensteun.intake import wording

register = template.Library()


@register.filter
def rule_name(rule_id: str) -> str:
    """``{{ alert.rule_id|rule_name }}``: "Mogelijk caudasyndroom"."""
    return wording.rule_name(str(rule_id))


@register.filter
def rule_checks(rule_id: str) -> str:
    return wording.rule_checks(str(rule_id))


@register.filter
def rule_sources(rule_id: str) -> str:
    return wording.rule_sources(str(rule_id))


@register.filter
def answer_lines(answers: Any) -> list[str]:
    """The answers a rule read ({field: value}) as "Pijn in: beide benen" lines."""
    return wording.answer_lines(answers or {})


@register.filter
def field_label(name: str) -> str:
    return wording.field_label(str(name))


@register.filter
def yellow_flag(flag: Any) -> str:
    return wording.yellow_flag_line(flag)


@register.filter
def classified(value: Any, kind: str) -> str:
    """``{{ decision.pathway|classified:"pathway" }}``: "oefentherapie"."""
    return wording.classification_words(kind, value)


@register.filter
def classification_name(kind: str) -> str:
    return wording.classification_name(str(kind))


@register.filter
def checkin_answers(checkin: Any) -> list[str]:
    """The red-flag questions a check-in answered with yes, in words."""
    answers = checkin.red_flags or {}
    return [wording.answer_line(name, answers.get(name)) for name in checkin.red_flags_yes]
