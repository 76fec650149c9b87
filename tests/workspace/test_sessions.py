"""Session notes (newest first, counted, edited with the earlier version kept and the change
in the audit log) and the discharge with its reopening."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.models import AuditEvent
from ruggensteun.workspace.discharge import close_episode
from ruggensteun.workspace.models import Discharge, SessionNote
from tests import personas
from tests.clock import TODAY
from tests.workspace.conftest import write_note


def note_data(**changes):
    data = {
        "kind": "intake",
        "held_on": TODAY.isoformat(),
        "findings": "Lage rugpijn sinds twee weken.",
        "explanation": "Pijn betekent geen schade.",
        "agreements": "Elke dag wandelen.",
    }
    data.update(changes)
    return data


def test_notes_are_listed_newest_session_first_and_counted(patient, therapist):
    first = write_note(patient, therapist, held_on=date(2026, 3, 2))
    third = write_note(patient, therapist, held_on=date(2026, 3, 23), kind="coaching")
    second = write_note(patient, therapist, held_on=date(2026, 3, 9), kind="exercise_review")
    notes = SessionNote.objects.for_patient(patient)
    assert list(notes) == [third, second, first]
    assert notes.count() == 3


def test_session_counts_come_for_many_patients_in_one_query(
    patient, therapist, practice, django_assert_num_queries
):
    other = personas.patient(practice, therapist, "Bea Bakker")
    write_note(patient, therapist)
    write_note(patient, therapist, kind="evaluation")
    write_note(other, therapist)
    with django_assert_num_queries(1):
        counts = SessionNote.objects.counts_by_patient([patient.pk, other.pk])
    assert counts == {patient.pk: 2, other.pk: 1}


def test_the_therapist_writes_a_note_and_it_is_logged(client, patient, therapist):
    client.force_login(therapist)
    response = client.post(reverse("workspace:note_new", args=[patient.pk]), note_data())
    assert response.status_code == 302
    note = SessionNote.objects.get(patient=patient)
    assert note.written_by == therapist
    assert note.kind == SessionNote.Kind.INTAKE
    event = AuditEvent.objects.filter(patient=patient, action="create").get()
    assert event.detail == {"session_note": note.pk}
    page = client.get(reverse("workspace:sessions", args=[patient.pk])).content.decode()
    assert "Lage rugpijn sinds twee weken." in page


def test_a_note_needs_some_text_and_no_date_in_the_future(client, patient, therapist):
    client.force_login(therapist)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    data = note_data(findings="", explanation=" ", agreements="", held_on=tomorrow)
    response = client.post(reverse("workspace:note_new", args=[patient.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Schrijf iets op in ten minste één van de tekstvelden." in page
    assert "Deze datum ligt in de toekomst." in page
    assert not SessionNote.objects.exists()


def test_a_colleague_edits_a_note_the_earlier_version_is_kept_and_the_change_logged(
    client, patient, therapist, admin
):
    note = write_note(patient, therapist, held_on=TODAY, findings="Eerste tekst.")
    client.force_login(admin)
    url = reverse("workspace:note_edit", args=[patient.pk, note.pk])
    data = note_data(findings="Verbeterde tekst.", explanation="", agreements="")
    assert client.post(url, data).status_code == 302
    note.refresh_from_db()
    assert note.findings == "Verbeterde tekst."
    assert note.updated_by == admin
    version = note.versions.get()
    assert version.content["findings"] == "Eerste tekst."
    assert version.written_by == therapist
    event = AuditEvent.objects.filter(patient=patient, action="update").exclude(detail={}).get()
    assert event.detail == {
        "session_note": note.pk,
        "changed": ["findings"],
    }
    assert event.actor == admin
    page = client.get(reverse("workspace:sessions", args=[patient.pk])).content.decode()
    assert "1 eerdere versie" in page and "Eerste tekst." in page


def test_saving_a_note_unchanged_keeps_no_version(client, patient, therapist):
    note = write_note(patient, therapist, held_on=TODAY, explanation="", agreements="")
    client.force_login(therapist)
    data = note_data(findings=note.findings, explanation="", agreements="")
    client.post(reverse("workspace:note_edit", args=[patient.pk, note.pk]), data)
    assert not note.versions.exists()


def test_a_note_of_another_patient_is_not_found_under_this_patient(
    client, patient, therapist, practice
):
    other = personas.patient(practice, therapist, "Bea Bakker")
    note = write_note(other, therapist)
    client.force_login(therapist)
    response = client.get(reverse("workspace:note_edit", args=[patient.pk, note.pk]))
    assert response.status_code == 404


def discharge(client, patient, **changes):
    data = {"discharged_on": TODAY.isoformat(), "reason": "goals_reached", "summary": "Doel."}
    data.update(changes)
    return client.post(reverse("workspace:discharge", args=[patient.pk]), data)


def test_the_therapist_discharges_and_reopens_with_a_reason(client, patient, therapist):
    client.force_login(therapist)
    assert discharge(client, patient).status_code == 302
    closed = Discharge.objects.current_for(patient)
    assert closed is not None
    assert closed.reason == "goals_reached" and closed.discharged_by == therapist
    # A second discharge while one is in force changes nothing.
    discharge(client, patient, reason="referred")
    assert Discharge.objects.filter(patient=patient).count() == 1

    url = reverse("workspace:reopen", args=[patient.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    assert Discharge.objects.current_for(patient) is not None
    assert client.post(url, {"reason": "Nieuwe klachten na een val."}).status_code == 302
    assert Discharge.objects.current_for(patient) is None
    closed.refresh_from_db()
    assert closed.reopen_reason == "Nieuwe klachten na een val."
    assert closed.reopened_by == therapist
    # Closed again later: the history keeps both.
    assert discharge(client, patient, reason="stopped_by_patient").status_code == 302
    assert Discharge.objects.filter(patient=patient).count() == 2
    page = client.get(reverse("workspace:sessions", args=[patient.pk])).content.decode()
    assert "1 keer heropend" in page and "Nieuwe klachten na een val." in page
    logged = AuditEvent.objects.filter(patient=patient, action="update").exclude(detail={})
    assert logged.count() == 3


def test_a_discharge_cannot_lie_before_the_start_or_in_the_future(client, patient, therapist):
    client.force_login(therapist)
    before = (timezone.localdate(patient.created_at) - timedelta(days=1)).isoformat()
    assert (
        "De behandeling begon op"
        in discharge(client, patient, discharged_on=before).content.decode()
    )
    future = (TODAY + timedelta(days=3)).isoformat()
    assert (
        "Deze datum ligt in de toekomst."
        in discharge(client, patient, discharged_on=future).content.decode()
    )
    assert not Discharge.objects.exists()


def test_the_summary_tag_shows_sessions_and_the_discharge(patient, therapist):
    from django.template import Context, Template

    write_note(patient, therapist, held_on=date(2026, 3, 2))
    write_note(patient, therapist, held_on=date(2026, 3, 9), kind="exercise_review")
    close_episode(
        patient, by=therapist, discharged_on=date(2026, 4, 20), reason="goals_reached", summary="."
    )
    html = Template("{% load workspace %}{% workspace_summary patient %}").render(
        Context({"patient": patient})
    )
    assert "2 sessies." in html
    assert "afgesloten op 20 april 2026" in html
    assert reverse("workspace:sessions", args=[patient.pk]) in html


@pytest.mark.parametrize("kind", [choice for choice, _label in SessionNote.Kind.choices])
def test_every_kind_of_session_can_be_written(client, patient, therapist, kind):
    client.force_login(therapist)
    client.post(reverse("workspace:note_new", args=[patient.pk]), note_data(kind=kind))
    assert SessionNote.objects.get(patient=patient).kind == kind
