"""``manage.py bench_data`` (issue #15): practices made by the demo's helpers, the rest
copied inside the database; every practice can be logged in to and its pages answer."""

import base64
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ruggensteun.accounts.models import Practice, User
from ruggensteun.accounts.two_factor.demo import DEMO_TOTP_SECRET
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DayLog, WeeklyPlan
from ruggensteun.questionnaires.models import QuestionnaireResponse
from ruggensteun.web.management.commands import _bench_clone as clone
from tests.clock import TODAY


def _bench(**options) -> dict:
    out = StringIO()
    call_command("bench_data", stdout=out, stderr=StringIO(), **options)
    return json.loads(out.getvalue())


def _counts(practice: Practice) -> dict[str, int]:
    template = clone.find(practice, "unused")
    return {model._meta.label: len(ids) for model, ids in template.rows.items()}


@pytest.mark.django_db(transaction=True)
def test_copied_practices_hold_the_same_rows_under_their_own_names(client):
    made = _bench(practices=3, patients=6, weeks=10, made=1, seed="copy")
    first, second, third = Practice.objects.filter(name__startswith="Benchmark copy ").order_by(
        "pk"
    )
    assert [p.name for p in (first, second, third)] == [f"Benchmark copy {n}" for n in (1, 2, 3)]
    # The same kinds and numbers of rows, the big tables among them.
    counts = _counts(first)
    assert counts == _counts(second) == _counts(third)
    for model in (Patient, DayLog, WeeklyPlan, QuestionnaireResponse):
        assert counts[model._meta.label] > 0
    # Nothing shared between practices: each copy's patients are its own.
    assert (
        Patient.objects.filter(practice=third)
        .exclude(user__email__endswith="@bench-copy-3.example")
        .count()
        == 0
    )
    assert (
        not DayLog.objects.filter(patient__practice=second).filter(patient__practice=first).exists()
    )
    # A copy's therapist logs in with the demo password and the demo TOTP secret.
    therapist = User.objects.get(email="therapeut@bench-copy-3.example")
    assert client.login(username=therapist.email, password=made["password"])
    device = TOTPDevice.objects.get(user=therapist, confirmed=True)
    assert device.verify_token(f"{TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token():06d}")
    # New rows after the copies get ids of their own (PostgreSQL's sequences moved on).
    last = DayLog.objects.order_by("-pk").first()
    log = DayLog.objects.create(patient=last.patient, date=last.date.replace(year=2099))
    assert log.pk > last.pk


def test_the_printed_accounts_log_in_and_the_urls_answer(db, client):
    made = _bench(practices=2, patients=5, weeks=8, made=1, seed="urls")
    therapist = User.objects.get(email=made["therapist"])
    patient = User.objects.get(email=made["patient"])
    assert client.login(username=therapist.email, password=made["password"])
    for name in ("caseload", "patient_page", "report_pdf"):
        assert client.get(made["urls"][name]).status_code == 200, name
    form = {
        "first": (TODAY - timedelta(days=365)).isoformat(),
        "last": TODAY.isoformat(),
        "scope": "active",
        "csv_format": "excel_nl",
    }
    response = client.post(made["urls"]["outcome_csv"], form)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    client.logout()
    assert client.login(username=patient.email, password=made["password"])
    for name in ("today", "progress"):
        assert client.get(made["urls"][name]).status_code == 200, name
