"""Conditions over intake answers in three-valued logic: true, false or unknown (None).

An unanswered question is unknown, never "no" (instruments.md 1.3.2, rule 2), so every
condition says "unknown" when the answer it needs is missing. A rule fires only when its
condition is true. "any of" is true as soon as one known part is true, even if others are
unknown; "all of" is true only when every part is known and true (Kleene's logic). Every
condition knows the fields it reads, so the rules can list them.

Kleene's logic is monotone: answering an open question can turn "unknown" into true or
false, but never changes a known true or false. So removing an answer can never make a
rule fire.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from ruggensteun.clinical.triage.fields import Answers

Truth = bool | None


class Condition(ABC):
    @abstractmethod
    def __call__(self, answers: Answers) -> Truth: ...

    @property
    @abstractmethod
    def fields(self) -> tuple[str, ...]:
        """The fields this condition reads, without repeats, in the order first read."""


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Is(Condition):
    field: str
    value: object

    def __call__(self, answers: Answers) -> Truth:
        if not answers.is_known(self.field):
            return None
        return answers.known[self.field] == self.value

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class IsNot(Condition):
    field: str
    value: object

    def __call__(self, answers: Answers) -> Truth:
        if not answers.is_known(self.field):
            return None
        return answers.known[self.field] != self.value

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class Above(Condition):
    """Strictly greater than ``limit``: ``Above("age", 50)`` is ``age > 50``."""

    field: str
    limit: int

    def __call__(self, answers: Answers) -> Truth:
        value = answers.integer(self.field)
        return None if value is None else value > self.limit

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class Below(Condition):
    """Strictly less than ``limit``: ``Below("age", 20)`` is ``age < 20``."""

    field: str
    limit: int

    def __call__(self, answers: Answers) -> Truth:
        value = answers.integer(self.field)
        return None if value is None else value < self.limit

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,)


def all_true(values: list[Truth]) -> Truth:
    if any(value is False for value in values):
        return False
    if all(value is True for value in values):
        return True
    return None


def any_true(values: list[Truth]) -> Truth:
    if any(value is True for value in values):
        return True
    if all(value is False for value in values):
        return False
    return None


@dataclass(frozen=True)
class AllOf(Condition):
    parts: tuple[Condition, ...]

    def __call__(self, answers: Answers) -> Truth:
        return all_true([part(answers) for part in self.parts])

    @property
    def fields(self) -> tuple[str, ...]:
        return _unique(tuple(name for part in self.parts for name in part.fields))


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def __call__(self, answers: Answers) -> Truth:
        return any_true([part(answers) for part in self.parts])

    @property
    def fields(self) -> tuple[str, ...]:
        return _unique(tuple(name for part in self.parts for name in part.fields))


@dataclass(frozen=True)
class AtLeast(Condition):
    """At least ``count`` of the parts are true.

    True once ``count`` known parts are true; false once so many are known false that
    ``count`` can no longer be reached; unknown in between.
    """

    count: int
    parts: tuple[Condition, ...]

    def __call__(self, answers: Answers) -> Truth:
        values = [part(answers) for part in self.parts]
        true = sum(value is True for value in values)
        unknown = sum(value is None for value in values)
        if true >= self.count:
            return True
        if true + unknown < self.count:
            return False
        return None

    @property
    def fields(self) -> tuple[str, ...]:
        return _unique(tuple(name for part in self.parts for name in part.fields))


@dataclass(frozen=True)
class Computed(Condition):
    """A condition that needs arithmetic over several fields; it must declare what it reads."""

    reads: tuple[str, ...]
    function: Callable[[Answers], Truth]

    def __call__(self, answers: Answers) -> Truth:
        return self.function(answers)

    @property
    def fields(self) -> tuple[str, ...]:
        return self.reads


def yes(field: str) -> Is:
    return Is(field, True)


def no(field: str) -> Is:
    return Is(field, False)


def all_of(*parts: Condition) -> AllOf:
    return AllOf(parts)


def any_of(*parts: Condition) -> AnyOf:
    return AnyOf(parts)


def at_least(count: int, *parts: Condition) -> AtLeast:
    return AtLeast(count, parts)
