"""manage.py demo --reset: the demo afresh, only on a database that holds nothing but the
demo; the append-only audit log keeps its entries. Real commits (transactional_db), so the
database checks its foreign keys at the end of the reset's transaction as in production."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from ruggensteun.accounts.models import Practice, User
from ruggensteun.audit.log import Action, record
from ruggensteun.audit.models import AuditEvent
from ruggensteun.patients.models import Patient
from ruggensteun.web.management.commands.demo import DEMO_PASSWORD, KEPT_ON_RESET
from tests import personas


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def rows() -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def without_kept(counts: dict[str, int]) -> dict[str, int]:
    return {label: count for label, count in counts.items() if label not in KEPT_ON_RESET}


def test_reset_removes_what_was_added_and_builds_the_same_demo_again(transactional_db, client):
    demo()
    fresh = rows()
    # Trying the demo: a therapist invites a patient, someone looks at patients.
    main = Practice.objects.get(name="Fysiotherapie De Linde")
    therapist = User.objects.get(email="sanne@delinde.example")
    added = personas.patient(main, therapist, "Nieuwe Patiënt")
    record(therapist, Action.VIEW, "patient page", patient=added)
    audit_before = AuditEvent.objects.count()

    out = demo("--reset")

    assert "Removed the demo" in out and "Demo created" in out
    assert not Patient.objects.filter(pk=added.pk).exists()
    assert not User.objects.filter(email=added.user.email).exists()
    # Table by table the same as the first build: nothing of the old demo is left.
    assert without_kept(rows()) == without_kept(fresh)
    # The audit log is append-only: the old entries stay, the new demo adds its own.
    assert AuditEvent.objects.count() >= audit_before
    assert AuditEvent.objects.filter(patient_id=added.pk).exists()
    # New ids, so old audit entries never name a new demo patient.
    assert not Patient.objects.filter(pk__lte=added.pk).exists()
    assert client.login(username="sanne@delinde.example", password=DEMO_PASSWORD)


def test_without_reset_a_second_run_leaves_the_demo_alone(transactional_db):
    Practice.objects.create(name="Fysiotherapie De Linde")  # the demo's mark
    assert "already there" in demo()
    assert Practice.objects.count() == 1


@pytest.mark.parametrize("other", ["practice", "superuser"])
def test_reset_refuses_a_database_with_more_than_the_demo(transactional_db, other):
    if other == "practice":
        personas.practice("Fysiotherapie Het Anker")
    else:
        User.objects.create_superuser("root@example.org", "x" * 12, full_name="Root")
    before = rows()

    with pytest.raises(CommandError, match="Not only demo data here"):
        demo("--reset")

    assert rows() == before
