"""The audit log for the admin (issue #12): filtered to staff actions, and exported as CSV
after a recent authentication, the export itself logged as an export."""

import csv
import io
import time

import pytest
from django.urls import reverse

from ruggensteun.accounts.reauth import SESSION_KEY
from ruggensteun.audit.log import Action, record
from ruggensteun.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(practice, admin, therapist, patient, outsider_therapist, outsider_patient):
    record(therapist, Action.VIEW, "patients:detail", patient=patient)
    record(patient.user, Action.UPDATE, "diary:checkin", patient=patient)
    record(outsider_therapist, Action.VIEW, "patients:detail", patient=outsider_patient)
    record(therapist, Action.UPDATE, '=HYPERLINK("http://x.test")', patient=patient)


def rows_of(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_log_filters_to_staff_actions(client, admin, therapist, patient, events):
    client.force_login(admin)
    page = client.get(reverse("audit:log"), {"who": "staff"}).content.decode()
    assert "Wekelijkse check-in gewijzigd" not in page  # the patient's own action
    assert "Patiëntpagina bekeken" in page
    patients_only = client.get(reverse("audit:log"), {"who": "patients"}).content.decode()
    assert "Wekelijkse check-in gewijzigd" in patients_only
    assert therapist.email not in patients_only


def test_the_csv_has_the_filtered_practice_events_and_is_logged_as_an_export(
    client, admin, therapist, patient, events
):
    client.force_login(admin)
    response = client.post(reverse("audit:export"), {"who": "staff"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = rows_of(response)
    whats = [row["what"] for row in rows]
    assert "patients:detail" in whats
    assert "diary:checkin" not in whats
    # Only this practice: the outsider's view is not in it.
    assert "olaf.buitenstaander@test.example" not in response.content.decode()
    assert {row["actor_email"] for row in rows} <= {therapist.email, admin.email}
    # A formula is quoted so a spreadsheet shows it as text.
    assert '\'=HYPERLINK("http://x.test")' in whats
    export = AuditEvent.objects.get(actor=admin, action=Action.EXPORT)
    assert export.detail["patient_ids"] == [patient.pk]
    assert export.detail["filters"] == {"who": "staff"}
    assert export.detail["rows"] == len(rows)


def test_an_old_authentication_is_confirmed_first_and_nothing_is_exported(client, admin, events):
    client.force_login(admin)
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 11 * 60
    session.save()
    response = client.post(
        reverse("audit:export"), {"who": "staff"}, HTTP_REFERER="http://testserver/praktijk/audit/"
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:reauthenticate"))
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_therapist_cannot_export_the_log(client, therapist, events):
    client.force_login(therapist)
    assert client.post(reverse("audit:export")).status_code == 403
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_bad_filter_is_a_clear_answer_not_a_500(client, admin, events):
    client.force_login(admin)
    response = client.post(reverse("audit:export"), {"since": "2026-02-30", "who": "robots"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_log_page_offers_the_export_with_its_filters(client, admin, events):
    client.force_login(admin)
    page = client.get(reverse("audit:log"), {"who": "staff"}).content.decode()
    assert reverse("audit:export") in page
    assert 'name="who" value="staff"' in page


def test_an_english_admin_sees_the_new_words_in_english(client, admin, events):
    admin.language = "en"
    admin.save(update_fields=["language"])
    client.force_login(admin)
    page = client.get(reverse("audit:log")).content.decode()
    assert "Export as CSV" in page
    assert "Exporteren als CSV" not in page
    team = client.get(reverse("accounts:team")).content.decode()
    assert "Change role" in team
    assert "Rol wijzigen" not in team
