"""E-mails go out through the task queue after the transaction commits (base.mail). A test
runs inside a transaction that never commits, so a test that calls a sender directly wraps
it in ``committed``: the on-commit callbacks run as a commit would run them, and the tasks
run at once (tests/settings.py), so ``mail.outbox`` holds what was sent."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.test import TestCase

F = TypeVar("F", bound=Callable[..., Any])


def committed(function: F) -> F:
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return function(*args, **kwargs)

    return call  # type: ignore[return-value]


def work() -> None:
    """The real worker does every task that is ready now, then stops (with the database
    task backend, ``settings.TASKS`` as in production). Only in a transactional test
    (``django_db(transaction=True)``): the worker closes a connection that is not in
    autocommit, as it must in production."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
