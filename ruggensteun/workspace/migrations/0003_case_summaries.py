"""The caseload's stored rows (issue #15): ``CaseSummary`` keeps a patient's row as worked
out from their data, ``CaseChanges`` counts the changes of those data. The counting is done
by triggers on every table the row is made of, on PostgreSQL once per statement (a bulk
write of thousands of rows adds to each patient's count once), on SQLite per row. A write
by any path (a ``QuerySet.update``, a ``bulk_create``, raw SQL, another program) counts.

The tables and how a row of each names its patient are listed here, frozen as a migration
must be; ``tests/workspace/test_case_summaries.py`` writes to each of them and checks the
count, and checks that every table the caseload reads is listed.
"""

import django.db.models.deletion
from django.db import migrations, models

# table: how its rows name the patient whose caseload row they change.
WATCHED = {
    "patients_patient": "id",
    "intake_intake": "patient_id",
    "intake_triageassessment": "patient_id",
    "intake_classificationdecision": "patient_id",
    "programme_programme": "patient_id",
    "programme_weeklyplan": "programme",
    "programme_daylog": "patient_id",
    "diary_checkin": "patient_id",
    "questionnaires_questionnaireresponse": "patient_id",
    "questionnaires_assignment": "patient_id",
    "questionnaires_instrumentlicence": "practice",
    "messaging_message": "patient_id",
    "workspace_discharge": "patient_id",
}
EVENTS = {"ins": "INSERT", "upd": "UPDATE", "del": "DELETE"}
# A deleted patient's count goes with them (their rows were deleted before them, each
# counting once more): no count is left of someone who is gone.
GONE = "patients_patient"


def _patients_of(how: str, rows: str) -> str:
    """SQL giving the patient ids (as ``pid``) of the rows of the transition table
    ``rows`` (PostgreSQL)."""
    if how in ("id", "patient_id"):
        return f"SELECT r.{how} AS pid FROM {rows} AS r"
    if how == "programme":
        return (
            f"SELECT p.patient_id AS pid FROM {rows} AS r "
            "JOIN programme_programme AS p ON p.id = r.programme_id"
        )
    assert how == "practice"
    return (
        f"SELECT p.id AS pid FROM {rows} AS r "
        "JOIN patients_patient AS p ON p.practice_id = r.practice_id"
    )


def _postgresql(table: str, how: str, event: str) -> tuple[str, str]:
    name = f"workspace_case_{table}_{event}"
    change = (
        "INSERT INTO workspace_casechanges AS c (patient_id, changes)\n"
        "    SELECT pid, 1 FROM ({ids}) AS changed WHERE pid IS NOT NULL\n"
        "    GROUP BY pid ORDER BY pid\n"
        "    ON CONFLICT (patient_id) DO UPDATE SET changes = c.changes + 1;"
    )
    if event == "upd":
        referencing = "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
        ids = f"{_patients_of(how, 'old_rows')} UNION {_patients_of(how, 'new_rows')}"
    elif event == "ins":
        referencing = "REFERENCING NEW TABLE AS new_rows"
        ids = _patients_of(how, "new_rows")
    else:
        referencing = "REFERENCING OLD TABLE AS old_rows"
        ids = _patients_of(how, "old_rows")
    if table == GONE and event == "del":
        change = "DELETE FROM workspace_casechanges WHERE patient_id IN ({ids});"
    forward = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    {change.format(ids=ids)}
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name} AFTER {EVENTS[event]} ON {table} {referencing}
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""
    backward = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    return forward, backward


def _sqlite(table: str, how: str, event: str) -> tuple[str, str]:
    name = f"workspace_case_{table}_{event}"
    row = "OLD" if event == "del" else "NEW"
    if how in ("id", "patient_id"):
        ids = f"SELECT {row}.{how} AS pid"
    elif how == "programme":
        ids = f"SELECT patient_id AS pid FROM programme_programme WHERE id = {row}.programme_id"
    else:
        ids = f"SELECT id AS pid FROM patients_patient WHERE practice_id = {row}.practice_id"
    change = (
        "INSERT INTO workspace_casechanges (patient_id, changes)\n"
        f"    SELECT pid, 1 FROM ({ids}) WHERE pid IS NOT NULL\n"
        "    ON CONFLICT (patient_id) DO UPDATE SET changes = changes + 1;"
    )
    if table == GONE and event == "del":
        change = f"DELETE FROM workspace_casechanges WHERE patient_id IN ({ids});"
    forward = f"""
CREATE TRIGGER {name} AFTER {EVENTS[event]} ON {table} FOR EACH ROW BEGIN
    {change}
END;
"""
    return forward, f"DROP TRIGGER IF EXISTS {name};"


def _statements(vendor: str, forward: bool) -> list[str]:
    make = {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor)
    if make is None:
        return []
    return [
        make(table, how, event)[0 if forward else 1]
        for table, how in WATCHED.items()
        for event in EVENTS
    ]


def count_changes(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, forward=True):
        schema_editor.execute(statement)


def stop_counting(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, forward=False):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0002_patient_phone"),
        ("workspace", "0002_session_note_key_and_bounded_dates"),
        ("intake", "0003_alert_notified_patient_acted_message"),
        ("programme", "0004_fear_rating_request"),
        ("diary", "0002_bounded_dates"),
        ("questionnaires", "0003_response_answered_in"),
        ("messaging", "0001_messages_and_practice_settings"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseChanges",
            fields=[
                ("patient_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("changes", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="CaseSummary",
            fields=[
                (
                    "patient",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="case_summary",
                        serialize=False,
                        to="patients.patient",
                    ),
                ),
                ("data", models.JSONField()),
            ],
        ),
        migrations.RunPython(count_changes, stop_counting, elidable=False),
    ]
