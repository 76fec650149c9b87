"""The demo: a living practice to try the app with. Building it takes seconds, so it is
built once for the checks of its contents and once more for idempotence."""

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from ruggensteun.accounts.models import Membership, Practice, User
from ruggensteun.patients.models import Patient
from ruggensteun.web.management.commands.demo import DEMO_PASSWORD, demo_accounts

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_accounts() -> list[tuple[str, str, str]]:
    rows = re.findall(r"^\| `([^`]+@[^`]+)` \| (\w+) \| ([^|]+?) \|$", README.read_text(), re.M)
    return [(email, role, practice) for email, role, practice in rows]


def test_the_readme_lists_exactly_the_demo_accounts():
    assert readme_accounts() == demo_accounts()


def test_the_demo_builds_a_living_practice_and_a_smaller_second_one(db, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ruggensteun.accounts.two_factor.demo import DEMO_TOTP_SECRET
    from ruggensteun.intake.models import RedFlagAlert, TriageAssessment

    call_command("demo", stdout=StringIO())

    main, second = Practice.objects.order_by("id")
    assert Patient.objects.filter(practice=main).count() >= 30
    assert Membership.objects.filter(practice=main, role="admin").count() == 1
    assert Membership.objects.filter(practice=main, role="therapist").count() == 2
    assert Membership.objects.filter(practice=second, role="therapist").count() == 1
    # The README names the clinical lead who signs off the clinical texts.
    (lead,) = Membership.objects.filter(is_clinical_lead=True).select_related("user")
    assert (lead.practice, lead.user.email) == (main, "sanne@delinde.example")
    assert "Sanne de Vries is De Linde's clinical lead" in README.read_text()
    assert 1 <= Patient.objects.filter(practice=second).count() < 10

    # Varied, realistic patients.
    with_intake = Patient.objects.filter(intake__isnull=False).select_related("intake")
    answers = [patient.intake.answers for patient in with_intake]
    ages = [patient.age for patient in with_intake]
    assert len({a["leg_pain"] for a in answers}) == 3
    assert len({a["work_status"] for a in answers}) >= 4
    assert min(ages) < 30 < 65 < max(ages)
    durations = [a["duration_weeks"] for a in answers]
    assert min(durations) <= 6 < 12 < max(durations)

    # Every intake triaged; most flags handled, a few still open for the caseload.
    assert TriageAssessment.objects.filter(trigger="intake").values(
        "patient"
    ).distinct().count() == len(answers)
    assert 1 <= RedFlagAlert.objects.open().count() <= 4
    assert RedFlagAlert.objects.filter(handled_at__isnull=False).count() >= 3

    # Staff share the TOTP secret printed in the README.
    line = next(line for line in README.read_text().splitlines() if "TOTP" in line)
    assert DEMO_TOTP_SECRET in line
    staff = [email for email, role, _ in demo_accounts() if role != "patient"]
    assert TOTPDevice.objects.filter(user__email__in=staff, confirmed=True).count() == len(staff)

    # The accounts log in with the demo password.
    patients = [email for email, role, _ in demo_accounts() if role == "patient"]
    for email in staff + patients[:3]:
        assert client.login(username=email, password=DEMO_PASSWORD), email
        client.logout()


def test_running_the_demo_twice_changes_nothing(db):
    call_command("demo", stdout=StringIO())
    before = User.objects.count()
    call_command("demo", stdout=StringIO())
    assert User.objects.count() == before
