from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from ruggensteun.accounts.roles import (
    admin_practice,
    admin_required,
    is_patient,
    is_practice_admin,
    is_practice_staff,
)
from ruggensteun.base.periodic import job_states
from ruggensteun.patients.access import own_patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.today.views.home import today_page


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """Send everyone to where they start: the login, the patient's day, the practice
    overview (an admin) or the caseload (a therapist)."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if is_patient(user):
        return redirect("web:patient_home")
    if is_practice_admin(user):
        return redirect("web:practice")
    if is_practice_staff(user):
        return redirect("patients:caseload")
    return render(request, "web/no_role.html", status=403)


@own_patient_view
def patient_home(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The patient's home is the Today screen (``ruggensteun.today``)."""
    return today_page(request, patient)


@admin_required
def practice(request: HttpRequest) -> HttpResponse:
    """The practice admin's starting point: team, audit log and settings."""
    return render(request, "web/practice.html", {"practice": admin_practice(request.user)})


def _task_queue() -> str | None:
    """None when the task queue answers, else what is wrong. The database backend: one
    query on its table; another backend (RQ, Celery) is asked nothing here."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return None
    try:
        with transaction.atomic():  # a failure here leaves the next checks a usable connection
            DBTaskResult.objects.exists()
    except DatabaseError:
        return "unreachable"
    return None


# Once every migration of the code is applied, it stays so for this process (a new release
# with new migrations starts new processes), so the check costs nothing after that.
_migrated = False


def _pending_migrations() -> int:
    """How many of the code's migrations the database has not applied yet."""
    global _migrated
    if _migrated:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrated = pending == 0
    return pending


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    """For the load balancer and the monitor (issue #14): the database, the task queue and
    every periodic job within twice its interval (settings.PERIODIC_JOBS). 200 with what
    it checked, first line "ok"; 503 naming what failed, also migrations the database lacks.
    Four queries at most (one more until the migrations were once found complete)."""
    lines = []
    failed = []
    try:
        Patient.objects.exists()
    except DatabaseError:
        return HttpResponse("failed: database\n", status=503, content_type="text/plain")
    lines.append("database: ok")
    pending = _pending_migrations()
    lines.append(f"migrations: {f'{pending} not applied' if pending else 'ok'}")
    if pending:
        failed.append("migrations")
    queue = _task_queue()
    lines.append(f"task queue: {queue or 'ok'}")
    if queue:
        failed.append("task queue")
    for job in job_states():
        if job.late:
            failed.append(job.name)
        when = job.succeeded_at.isoformat(timespec="minutes") if job.succeeded_at else "never"
        lines.append(f"{job.name}: {'late' if job.late else 'ok'} (last success: {when})")
    head = f"failed: {', '.join(failed)}" if failed else "ok"
    return HttpResponse(
        "\n".join([head, *lines]) + "\n",
        status=503 if failed else 200,
        content_type="text/plain",
    )
