"""The caseload's order does not depend on the order the database gives rows in: patients
with the same name (and the same reasons) come by their id, the one registered first first
(issue #15: the rows are read as plain values, whose order of equal names is not fixed)."""

from ruggensteun.accounts.models import User
from ruggensteun.patients.models import Patient
from ruggensteun.workspace import attention
from ruggensteun.workspace.caseload import caseload_rows
from tests import personas


def test_equal_names_come_by_id(practice, therapist):
    names = ("Jan de Vries", "JAN DE VRIES", "jan de vries")  # the same, casefolded
    people = [personas.patient(practice, therapist, f"Jan {n}") for n in range(3)]
    for person, name in zip(people, names, strict=True):
        User.objects.filter(pk=person.user_id).update(full_name=name)
    ids = [person.pk for person in people]
    for order in ("pk", "-pk"):
        rows = caseload_rows(Patient.objects.filter(pk__in=ids).order_by(order))
        assert [row.patient.pk for row in rows] == sorted(ids)


def test_the_id_is_the_last_tie_breaker():
    assert attention.sort_key([], "Jan", pk=1) < attention.sort_key([], "jan", pk=2)
    assert attention.sort_key([], "Anna", pk=9) < attention.sort_key([], "Jan", pk=1)
