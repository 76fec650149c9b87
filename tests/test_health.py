"""/gezond/ (issue #14): 200 with what it checked (the database, the migrations, the task
queue, each periodic job within twice its interval), 503 naming what failed; a few queries."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ruggensteun.base.periodic import record_success, registered_jobs

URL = reverse("web:health")
# Every registered periodic job, not a list kept here (the registry: settings.PERIODIC_JOBS).
JOBS = tuple(registered_jobs())


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def installed(ago):
    """The installation is ``ago`` old (its first migration)."""
    MigrationRecorder.Migration.objects.update(applied=timezone.now() - ago)


def all_ran(ago=timedelta(minutes=5)):
    for job in JOBS:
        record_success(job, timezone.now() - ago)


def test_all_well(client, db, db_queue):
    installed(timedelta(days=30))
    all_ran()
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.splitlines()[0] == "ok"
    assert "database: ok" in body and "task queue: ok" in body
    for job in JOBS:
        assert f"{job}: ok" in body


def test_a_fresh_installation_is_healthy_before_its_jobs_could_have_run(client, db, db_queue):
    installed(timedelta(minutes=10))
    response = client.get(URL)
    assert response.status_code == 200
    assert "advance_programmes: ok (last success: never)" in response.content.decode()


def test_a_job_that_stopped_is_named(client, db, db_queue):
    installed(timedelta(days=30))
    all_ran()
    record_success("advance_programmes", timezone.now() - timedelta(hours=49))
    response = client.get(URL)
    assert response.status_code == 503
    body = response.content.decode()
    assert body.splitlines()[0] == "failed: advance_programmes"
    assert "send_daily_reminders: ok" in body


def test_within_twice_the_interval_is_still_well(client, db, db_queue):
    installed(timedelta(days=30))
    all_ran()
    record_success("advance_programmes", timezone.now() - timedelta(hours=47))
    record_success("send_daily_reminders", timezone.now() - timedelta(minutes=29))
    assert client.get(URL).status_code == 200
    record_success("send_daily_reminders", timezone.now() - timedelta(minutes=31))
    response = client.get(URL)
    assert response.status_code == 503
    assert response.content.decode().startswith("failed: send_daily_reminders\n")


def test_a_job_that_never_ran_on_an_old_installation_is_named(client, db, db_queue):
    installed(timedelta(days=3))
    response = client.get(URL)
    assert response.status_code == 503
    assert response.content.decode().splitlines()[0] == "failed: " + ", ".join(JOBS)


def test_an_unreachable_task_queue_is_named(client, db, db_queue):
    installed(timedelta(days=30))
    all_ran()
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute(f"DROP TABLE {DBTaskResult._meta.db_table}")
    response = client.get(URL)
    assert response.status_code == 503
    assert response.content.decode().startswith("failed: task queue\n")


def test_a_few_queries(client, db, db_queue):
    installed(timedelta(days=30))
    all_ran()
    client.get(URL)  # the migrations are checked until once found complete
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    # The database, the queue (in a savepoint: two more statements here), the jobs' runs.
    assert len(queries) <= 5


def test_a_migration_the_database_lacks_is_named(client, db, db_queue, monkeypatch):
    from ruggensteun.web import views

    installed(timedelta(days=30))
    all_ran()
    monkeypatch.setattr(views, "_migrated", False)
    assert "migrations: ok" in client.get(URL).content.decode()

    monkeypatch.setattr(views, "_migrated", False)
    MigrationRecorder.Migration.objects.filter(app="push").delete()
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 503
    assert body.splitlines()[0] == "failed: migrations"
    assert "migrations: 1 not applied" in body


def test_every_registered_job_is_watched_and_records_its_runs(client, db, db_queue):
    """The registry is the one list: prune is in it, /gezond/ names each job, and each job's
    command (of the same name) records its success when it runs."""
    assert {"advance_programmes", "prune"} <= set(JOBS)
    installed(timedelta(days=3))
    body = client.get(URL).content.decode()
    assert body.splitlines()[0] == "failed: " + ", ".join(JOBS)
    for job in JOBS:
        call_command(job, stdout=StringIO())
    response = client.get(URL)
    assert response.status_code == 200
    for job in JOBS:
        assert f"{job}: ok (last success: 2" in response.content.decode()


def test_a_name_outside_the_registry_is_refused(db):
    with pytest.raises(ValueError, match="PERIODIC_JOBS"):
        record_success("made_up_job")
