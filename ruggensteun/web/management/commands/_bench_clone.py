"""Copy a benchmark practice inside the database, for bench_data at scale (issue #15).

A practice made by the demo's helpers costs about 75 ms a patient (their per-patient
queries and the programme engine); 100,000 patients would take two hours. A copy made by
the database itself (``INSERT ... SELECT`` per table, new ids by a fixed offset per table)
costs a few milliseconds a patient and holds the same kinds of rows: the practice, its
therapist (with the demo's TOTP device), every patient with their account, intake, triage,
questionnaires, programme weeks, day logs, ticks, check-ins, diary entries, session notes
and discharges. What must stay unique gets a new value: e-mail addresses take the new
practice's domain, tokens a suffix, submission keys a new random UUID.

Which rows belong to a practice is found from the models, not listed by hand: the
practice, the users of its memberships and patients, and then every row of a table with
a foreign key to a row found so far (until nothing new is found). The audit log, the
periodic jobs, the task queue, sessions and Django's own tables are left out.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models

from ruggensteun.accounts.models import Membership, Practice, User
from ruggensteun.patients.models import Patient

LEFT_OUT_APPS = frozenset(
    {"audit", "base", "search", "auth", "contenttypes", "sessions", "admin"}
    | {"django_tasks_database"}
)
# Statements of at most this many ids on SQLite (its limit on parameters).
SQLITE_IDS = 5000


@dataclass(frozen=True)
class Template:
    """The rows of one practice, by model, found once and copied many times."""

    practice_id: int
    domain: str
    rows: dict[type[models.Model], list[int]]


def _models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in LEFT_OUT_APPS
    ]


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and not field.primary_key
    ]


def _ids_where(model: type[models.Model], field: str, ids: Iterable[int]) -> set[int]:
    found: set[int] = set()
    values = sorted(ids)
    for start in range(0, len(values), SQLITE_IDS):
        chunk = values[start : start + SQLITE_IDS]
        found.update(
            model._base_manager.filter(**{f"{field}__in": chunk}).values_list("pk", flat=True)
        )
    return found


def find(practice: Practice, domain: str) -> Template:
    """Every row that belongs to ``practice``, by model."""
    users = set(Membership.objects.filter(practice=practice).values_list("user_id", flat=True))
    users |= set(Patient.objects.filter(practice=practice).values_list("user_id", flat=True))
    owned: dict[type[models.Model], set[int]] = {Practice: {practice.pk}, User: users}
    every = _models()
    user_rows = _user_rows()
    changed = True
    while changed:
        changed = False
        for model in every:
            if model in (Practice, User):
                continue
            for field in _foreign_keys(model):
                parent = owned.get(field.related_model)
                if not parent:
                    continue
                # A row is the practice's through what it belongs to, not through a user
                # who only approved or wrote it (that user is the practice's anyway).
                if field.related_model is User and model not in user_rows:
                    continue
                found = _ids_where(model, field.name, parent)
                if not found <= owned.get(model, set()):
                    owned[model] = owned.get(model, set()) | found
                    changed = True
    return Template(practice.pk, domain, {model: sorted(ids) for model, ids in owned.items()})


def _user_rows() -> frozenset[type[models.Model]]:
    """Tables whose rows belong to a user rather than to a patient or practice."""
    rows = set()
    for model in _models():
        keys = _foreign_keys(model)
        if keys and all(field.related_model is User for field in keys):
            rows.add(model)
    return frozenset(rows | {Membership, Patient})


def _unique_columns(model: type[models.Model]) -> set[str]:
    columns = {field.column for field in model._meta.concrete_fields if field.unique}
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and len(constraint.fields) == 1:
            columns.add(model._meta.get_field(constraint.fields[0]).column)
    return columns


def _random_uuid() -> str:
    if connection.vendor == "postgresql":
        return "gen_random_uuid()"
    return "lower(hex(randomblob(16)))"


def copy(template: Template, name: str, domain: str, suffix: str) -> int:
    """Copy the template's rows as a new practice called ``name`` with e-mail addresses at
    ``domain``; returns the new practice's id. Call inside a transaction."""
    quote = connection.ops.quote_name
    offsets: dict[type[models.Model], int] = {}
    with connection.cursor() as cursor:
        for model, ids in template.rows.items():
            table = quote(model._meta.db_table)
            cursor.execute(f"SELECT max({quote(model._meta.pk.column)}) FROM {table}")
            offsets[model] = cursor.fetchone()[0] - ids[0] + 1
        for model, ids in template.rows.items():
            columns, expressions, params = [], [], []
            unique = _unique_columns(model)
            for field in model._meta.concrete_fields:
                column = quote(field.column)
                columns.append(column)
                if field.primary_key:
                    expressions.append(f"{column} + {offsets[model]}")
                elif isinstance(field, models.ForeignKey) and field.related_model in offsets:
                    expressions.append(f"{column} + {offsets[field.related_model]}")
                elif model is Practice and field.name == "name":
                    expressions.append("%s")
                    params.append(name)
                elif isinstance(field, models.EmailField) or field.name == "alert_email":
                    expressions.append(f"replace({column}, %s, %s)")
                    params += [f"@{template.domain}", f"@{domain}"]
                elif field.column in unique and isinstance(field, models.UUIDField):
                    expressions.append(_random_uuid())
                elif field.column in unique and isinstance(field, models.CharField):
                    keep = (field.max_length or 200) - len(suffix)
                    expressions.append(f"substr({column}, 1, {keep}) || %s")
                    params.append(suffix)
                else:
                    expressions.append(column)
            pk = quote(model._meta.pk.column)
            insert = (
                f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "
                f"SELECT {', '.join(expressions)} FROM {quote(model._meta.db_table)} "
            )
            if connection.vendor == "postgresql":
                cursor.execute(insert + f"WHERE {pk} = ANY(%s)", [*params, ids])
                continue
            for start in range(0, len(ids), SQLITE_IDS):
                chunk = ids[start : start + SQLITE_IDS]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(insert + f"WHERE {pk} IN ({marks})", [*params, *chunk])
    return template.practice_id + offsets[Practice]


def reset_sequences() -> None:
    """After copies with ids chosen here, PostgreSQL's sequences go past them."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in _models():
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                f"coalesce((SELECT max({quote(pk)}) FROM {quote(table)}), 1))",
                [table, pk],
            )
