"""No page of one practice reads the big tables of the whole installation (issue #15).

On PostgreSQL, with thousands of rows of another practice in the big tables and fresh
statistics, the plans of the caseload's and the patient page's queries use an index on
day logs, ticks, diary entries and questionnaire responses: no sequential scan, so a
page does not grow slower because other practices exist. SQLite has no such planner
worth asking: skipped there.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ruggensteun.accounts.models import Membership, Practice
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DayLog
from ruggensteun.today.models import Tick

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the query planner of PostgreSQL"
)

BIG_TABLES = (
    "programme_daylog",
    "today_tick",
    "diary_diaryentry",
    "questionnaires_questionnaireresponse",
)


def _bench(practices: int, patients: int, seed: str, diary_share: float) -> Practice:
    call_command(
        "bench_data",
        practices=practices,
        patients=patients,
        weeks=26,
        diary_share=diary_share,
        seed=seed,
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - the JSON is not needed here
        stderr=open("/dev/null", "w"),  # noqa: SIM115
    )
    return Practice.objects.filter(name__startswith=f"Benchmark {seed} ").order_by("pk").first()


def _ticks_for_every_exercise_day(practice: Practice) -> None:
    """bench_data ticks only the current week (as the demo): the rest of the history's
    exercise days get their tick, as a patient ticking every day would leave."""
    logs = DayLog.objects.filter(patient__practice=practice, exercise_sessions__gte=1)
    Tick.objects.bulk_create(
        (
            Tick(patient_id=patient_id, date=day, kind=Tick.Kind.EXERCISE, item="bench")
            for patient_id, day in logs.values_list("patient_id", "date")
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )


@pytest.fixture
def installation(db):
    """A small practice to look at, beside a larger one that fills the big tables."""
    other = _bench(1, 150, "explain-other", diary_share=0.6)
    _ticks_for_every_exercise_day(other)
    own = _bench(1, 12, "explain-own", diary_share=0.5)
    with connection.cursor() as cursor:
        for table in BIG_TABLES:
            cursor.execute(f"ANALYZE {table}")
            cursor.execute(f"SELECT count(*) FROM {table}")
            (rows,) = cursor.fetchone()
            assert rows >= 1000, f"{table}: only {rows} rows, too few to ask the planner"
    return own


def _sequential_scans(captured: CaptureQueriesContext) -> list[tuple[str, str]]:
    found = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if not any(f'"{table}"' in sql for table in BIG_TABLES):
                continue
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            for table in BIG_TABLES:
                if re.search(rf"Seq Scan on {table}\b", plan):
                    found.append((table, sql[:300]))
    return found


def _therapist(practice: Practice):
    return Membership.objects.get(practice=practice, role=Membership.Role.THERAPIST).user


def test_the_caseload_and_the_patient_page_read_the_big_tables_by_index(client, installation):
    """One test for both pages: making the installation takes most of a minute."""
    client.force_login(_therapist(installation))
    with CaptureQueriesContext(connection) as caseload:
        response = client.get(reverse("patients:caseload"))
    assert response.status_code == 200
    assert any('"programme_daylog"' in q["sql"] for q in caseload.captured_queries)
    assert _sequential_scans(caseload) == []

    # The patient with the longest history.
    patient = Patient.objects.filter(practice=installation).order_by("created_at").first()
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("patients:detail", args=[patient.pk]))
    assert response.status_code == 200
    # (The ticks and the diary entries are read by other pages: Today, the pain diary.)
    for table in ("programme_daylog", "questionnaires_questionnaireresponse"):
        assert any(f'"{table}"' in q["sql"] for q in page.captured_queries), table
    assert _sequential_scans(page) == []
