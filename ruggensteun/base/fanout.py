"""Queue many tasks of one kind in a few queries (issue #15, nightly work at 100k).

``task.enqueue`` writes one row per task on the database backend; a nightly fan-out of
10,000 programmes would be 10,000 INSERTs. ``enqueue_many`` writes the same rows in
batches (``bulk_create``) when the backend is django-tasks-db, and falls back to one
``enqueue`` per call on any other backend (RQ, Celery, the tests' immediate backend)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import Task, normalize_json, task_enqueued
from django_tasks_db.models import DBTaskResult, get_date_max

BATCH_SIZE = 1000


def enqueue_many(task: Task, calls: Iterable[Sequence[Any]], batch_size: int = BATCH_SIZE) -> int:
    """Queue ``task(*args)`` for each ``args`` in ``calls``; returns how many were queued."""
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        count = 0
        for args in calls:
            task.enqueue(*args)
            count += 1
        return count
    backend.validate_task(task)
    rows = [
        DBTaskResult(
            id=backend._get_id(),
            args_kwargs=normalize_json({"args": list(args), "kwargs": {}}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            # What the model's pre_save receiver does (bulk_create sends no pre_save).
            run_after=task.run_after or get_date_max(),
            backend_name=backend.alias,
        )
        for args in calls
    ]
    DBTaskResult.objects.bulk_create(rows, batch_size=batch_size)
    for row in rows:
        task_enqueued.send(type(backend), task_result=row.task_result)
    return len(rows)
