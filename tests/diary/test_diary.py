"""The pain diary: only when the therapist turns it on; entries stored once; every change
and deletion in the audit log, where the therapist sees it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.models import AuditEvent
from ruggensteun.diary import bodymap
from ruggensteun.diary.models import DiaryEntry, PainDiary
from tests.diary.conftest import diary_post


@pytest.fixture
def logged_in(client, patient):
    client.force_login(patient.user)
    return client


@pytest.fixture
def entry(logged_in, patient, diary_on):
    logged_in.post(reverse("diary:entry_new"), diary_post())
    return DiaryEntry.objects.get(patient=patient)


@pytest.mark.parametrize("name", ["diary", "entry_new"])
def test_the_diary_is_404_for_the_patient_while_it_is_off(logged_in, name):
    assert logged_in.get(reverse(f"diary:{name}")).status_code == 404
    assert logged_in.post(reverse(f"diary:{name}"), diary_post()).status_code == 404
    assert not DiaryEntry.objects.exists()


def test_turning_the_diary_off_closes_it_again_but_keeps_the_entries(
    logged_in, patient, entry, diary_on
):
    diary_on.is_on = False
    diary_on.save()
    for url in (
        reverse("diary:diary"),
        reverse("diary:entry_edit", args=[entry.pk]),
        reverse("diary:entry_delete", args=[entry.pk]),
    ):
        assert logged_in.get(url).status_code == 404
    assert logged_in.post(reverse("diary:entry_delete", args=[entry.pk])).status_code == 404
    assert DiaryEntry.objects.filter(patient=patient).count() == 1


def test_the_therapist_reads_why_before_turning_the_diary_on(client, therapist, patient):
    client.force_login(therapist)
    html = client.get(reverse("diary:diary_switch", args=[patient.pk])).content.decode()
    assert "Waarom het pijndagboek standaard uit staat" in html
    assert "Die aandacht kan de pijn en de zorgen erover groter maken" in html


def test_the_therapist_turns_the_diary_on_and_the_audit_log_says_so(client, therapist, patient):
    client.force_login(therapist)
    response = client.post(
        reverse("diary:diary_switch", args=[patient.pk]),
        {"is_on": "1", "note": "Patroon zoeken na het werk"},
    )
    assert response.url == reverse("diary:patient_diary", args=[patient.pk])
    diary = PainDiary.objects.get(patient=patient)
    assert diary.is_on and diary.changed_by == therapist
    assert diary.note == "Patroon zoeken na het werk"
    assert AuditEvent.objects.filter(
        patient=patient, actor=therapist, action="update", detail={"pain_diary": "on"}
    ).exists()
    client.force_login(patient.user)
    assert client.get(reverse("diary:diary")).status_code == 200


def test_the_switch_refuses_an_empty_choice_in_dutch(client, therapist, patient):
    client.force_login(therapist)
    response = client.post(reverse("diary:diary_switch", args=[patient.pk]), {})
    assert "Kies aan of uit." in response.content.decode()


def test_an_entry_is_saved_with_everything_the_patient_gave(logged_in, patient, diary_on):
    response = logged_in.post(reverse("diary:entry_new"), diary_post())
    assert response.url == reverse("diary:diary")
    entry = DiaryEntry.objects.get(patient=patient)
    assert entry.pain == 6
    assert entry.regions == ["lower_back_middle", "buttock_left"]
    assert (entry.activity, entry.duration) == ("sitting", "up_to_120")
    assert (entry.activity_note, entry.medication) == ("lang in de auto", "paracetamol 500 mg")
    assert AuditEvent.objects.filter(
        patient=patient, action="create", detail={"diary_entry": entry.pk}
    ).exists()
    page = logged_in.get(reverse("diary:diary")).content.decode()
    assert "Onderrug midden, Bil links" in page


def test_several_entries_a_day_are_kept(logged_in, patient, diary_on):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    for hour in ("08:00", "12:30", "18:15"):
        logged_in.post(reverse("diary:entry_new"), diary_post(day=yesterday, time=hour))
    assert DiaryEntry.objects.filter(patient=patient).count() == 3


def test_a_double_submission_stores_one_entry(logged_in, patient, diary_on):
    data = diary_post()
    first = logged_in.post(reverse("diary:entry_new"), data)
    second = logged_in.post(reverse("diary:entry_new"), {**data, "pain": 2})
    assert first.url == second.url == reverse("diary:diary")
    assert DiaryEntry.objects.filter(patient=patient).count() == 1
    assert DiaryEntry.objects.get(patient=patient).pain == 6


def test_bad_input_in_the_diary_is_refused_in_dutch(logged_in, patient, diary_on):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = logged_in.post(
        reverse("diary:entry_new"),
        diary_post(pain=None, regions=["knee"], duration=None, day=tomorrow.isoformat()),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kies een getal van 0 tot 10." in html
    assert "Kies een plek uit de lijst." in html
    assert "Kies hoe lang de pijn duurde." in html
    assert "Dit tijdstip ligt in de toekomst." in html
    assert not DiaryEntry.objects.exists()


def test_an_entry_needs_a_place_on_the_body_map(logged_in, diary_on):
    response = logged_in.post(reverse("diary:entry_new"), diary_post(regions=None))
    assert "Kies minstens één plek waar het pijn doet." in response.content.decode()


def test_the_body_map_is_a_list_of_labelled_checkboxes_with_a_picture_beside_it(
    logged_in, diary_on
):
    html = logged_in.get(reverse("diary:entry_new")).content.decode()
    for region in bodymap.REGIONS:
        box = re.search(
            rf'<input type="checkbox" name="regions" value="{region.code}" id="([^"]+)"', html
        )
        assert box, region.code
        assert f'<label class="option" for="{box.group(1)}">' in html
        assert f'data-region="{region.code}"' in html
    assert html.count('<svg class="bodymap-figure"') == 2
    assert html.count('aria-hidden="true" focusable="false"') >= 2
    assert "<legend>Waar heeft u pijn?</legend>" in html
    assert '<legend class="sub-legend">Achterkant</legend>' in html


def test_editing_an_entry_is_in_the_audit_log_with_what_changed(
    logged_in, patient, entry, client, therapist
):
    response = logged_in.post(
        reverse("diary:entry_edit", args=[entry.pk]),
        diary_post(
            pain=3,
            day=timezone.localtime(entry.felt_at).date().isoformat(),
            time=timezone.localtime(entry.felt_at).strftime("%H:%M"),
        ),
    )
    assert response.url == reverse("diary:diary")
    entry.refresh_from_db()
    assert entry.pain == 3 and entry.updated_at is not None
    event = AuditEvent.objects.get(
        patient=patient, action="update", what="diary:entry_edit", detail__diary_entry=entry.pk
    )
    assert event.detail["changed"] == {"pain": [6, 3]}

    client.force_login(therapist)
    html = client.get(reverse("diary:patient_diary", args=[patient.pk])).content.decode()
    assert html.count("meting gewijzigd") == 1  # not the access log line of the same POST
    assert "Pijn: 6 → 3" in html


def test_saving_an_entry_unchanged_logs_no_change(logged_in, patient, entry):
    local = timezone.localtime(entry.felt_at)
    logged_in.post(
        reverse("diary:entry_edit", args=[entry.pk]),
        diary_post(day=local.date().isoformat(), time=local.strftime("%H:%M")),
    )
    assert not AuditEvent.objects.filter(
        what="diary:entry_edit", detail__has_key="changed"
    ).exists()


def test_deleting_an_entry_asks_first(logged_in, entry):
    html = logged_in.get(reverse("diary:entry_delete", args=[entry.pk])).content.decode()
    assert "Meting verwijderen?" in html
    assert DiaryEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_an_entry_is_in_the_audit_log_and_the_therapist_sees_it(
    logged_in, patient, entry, client, therapist
):
    entry_id = entry.pk
    response = logged_in.post(reverse("diary:entry_delete", args=[entry_id]))
    assert response.url == reverse("diary:diary")
    assert not DiaryEntry.objects.filter(pk=entry_id).exists()
    event = AuditEvent.objects.get(patient=patient, action="delete", detail__diary_entry=entry_id)
    assert event.detail["deleted"]["pain"] == 6

    # Sent again (a retry from the outbox): no error, nothing else happens.
    again = logged_in.post(reverse("diary:entry_delete", args=[entry_id]))
    assert again.status_code == 302
    assert AuditEvent.objects.filter(patient=patient, action="delete").count() == 1

    client.force_login(therapist)
    html = client.get(reverse("diary:patient_diary", args=[patient.pk])).content.decode()
    assert "meting verwijderd" in html
    assert "Onderrug midden, Bil links" in html


def test_the_therapist_reads_the_diary_without_changing_it(client, therapist, patient, entry):
    client.force_login(therapist)
    html = client.get(reverse("diary:patient_diary", args=[patient.pk])).content.decode()
    assert "paracetamol 500 mg" in html
    assert "lang in de auto" in html
    assert reverse("diary:entry_edit", args=[entry.pk]) not in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>")[0]
    assert 'role="img"' in html  # the body map of the last four weeks has a text for readers


def test_the_therapist_sees_an_empty_diary_that_is_off(client, therapist, patient):
    client.force_login(therapist)
    html = client.get(reverse("diary:patient_diary", args=[patient.pk])).content.decode()
    assert "Het pijndagboek staat uit." in html
