import re
from pathlib import Path

import pytest
from django.core.management import call_command

from ruggensteun.accounts.models import Membership, Practice, User
from ruggensteun.patients.models import Patient
from ruggensteun.web.management.commands.demo import DEMO_PASSWORD, demo_accounts

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def demo(db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def readme_accounts() -> list[tuple[str, str, str]]:
    rows = re.findall(r"^\| `([^`]+@[^`]+)` \| (\w+) \| ([^|]+?) \|$", README.read_text(), re.M)
    return [(email, role, practice) for email, role, practice in rows]


def test_the_demo_has_a_full_practice_and_a_smaller_second_one(demo):
    main, second = Practice.objects.order_by("-id")[1], Practice.objects.order_by("-id")[0]
    assert Patient.objects.filter(practice=main).count() >= 30
    assert Membership.objects.filter(practice=main, role="admin").count() == 1
    assert Membership.objects.filter(practice=main, role="therapist").count() == 2
    assert Membership.objects.filter(practice=second, role="therapist").count() == 1
    assert 1 <= Patient.objects.filter(practice=second).count() < 10


def test_the_demo_patients_are_varied(demo):
    with_intake = Patient.objects.filter(intake__isnull=False).select_related("intake")
    answers = [patient.intake.answers for patient in with_intake]
    ages = [patient.age for patient in with_intake]
    assert len({a["leg_pain"] for a in answers}) == 3
    assert len({a["work_status"] for a in answers}) >= 4
    assert min(ages) < 30 < 65 < max(ages)
    assert (
        min(a["duration_weeks"] for a in answers)
        <= 6
        < 12
        < max(a["duration_weeks"] for a in answers)
    )


def test_the_demo_triages_every_intake_and_leaves_a_few_flags_open(demo):
    from ruggensteun.intake.models import RedFlagAlert, TriageAssessment

    assert TriageAssessment.objects.count() == Patient.objects.filter(intake__isnull=False).count()
    assert 1 <= RedFlagAlert.objects.open().count() <= 4
    assert RedFlagAlert.objects.filter(handled_at__isnull=False).count() >= 3


def test_running_the_demo_twice_changes_nothing(demo):
    before = User.objects.count()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.count() == before


def test_the_readme_lists_exactly_the_demo_accounts(db):
    assert readme_accounts() == demo_accounts()


def test_every_activated_demo_account_logs_in_with_the_demo_password(client, demo):
    staff = [email for email, role, _ in demo_accounts() if role != "patient"]
    patients = [email for email, role, _ in demo_accounts() if role == "patient"]
    for email in staff + patients[:3]:
        assert client.login(username=email, password=DEMO_PASSWORD), email
        client.logout()
