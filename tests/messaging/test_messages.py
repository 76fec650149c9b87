"""Secure messages (issue #16): sending, red-flag words leading to the safety check, access,
audit, idempotency, read receipts, notices without medical content, query counts."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.intake.models import RedFlagAlert, TriageAssessment
from ruggensteun.messaging.models import Message, PracticeMessageSettings
from tests import personas
from tests.programme.conftest import classify

THREAD = "/mijn/berichten/"


@pytest.fixture
def as_patient(client, patient):
    client.force_login(patient.user)
    return client


def post(client, body, key=None, url=THREAD):
    return client.post(url, {"body": body, "key": str(key or uuid.uuid4())})


def staff_url(patient):
    return reverse("messaging:staff_thread", args=[patient.pk])


def test_the_thread_is_at_mijn_berichten_and_shows_the_answer_time(as_patient, practice):
    assert reverse("messaging:thread") == THREAD
    PracticeMessageSettings.objects.create(
        practice=practice,
        answer_days=3,
        out_of_hours_advice="Buiten kantoortijd: bel de huisartsenpost.",
    )
    html = as_patient.get(THREAD).content.decode()
    assert html.count("<h1") == 1
    assert "We antwoorden binnen 3 werkdagen." in html
    assert "Buiten kantoortijd: bel de huisartsenpost." in html
    assert "bel 112" in html  # a message is never the route for an emergency


def test_the_default_answer_time_is_two_working_days(as_patient):
    assert "We antwoorden binnen 2 werkdagen." in as_patient.get(THREAD).content.decode()


def test_a_plain_message_is_sent_audited_and_the_therapist_gets_a_notice_without_content(
    as_patient, patient, therapist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(as_patient, "Mag ik deze week gewoon gaan zwemmen?")
    assert response.status_code == 302 and response.url == THREAD
    message = Message.objects.get()
    assert message.sent_at is not None and message.from_patient and message.author == patient.user
    assert AuditEvent.objects.filter(
        patient=patient, action="create", detail__message=message.pk
    ).exists()
    notices = [m for m in mail.outbox if m.to == [therapist.email]]
    assert len(notices) == 1
    assert notices[0].subject == "U heeft een nieuw bericht"
    assert "zwemmen" not in notices[0].body
    assert staff_url(patient) in notices[0].body


def test_the_same_form_sent_twice_makes_one_message(as_patient):
    key = uuid.uuid4()
    post(as_patient, "Een vraag over mijn oefeningen", key)
    post(as_patient, "Een vraag over mijn oefeningen", key)
    assert Message.objects.count() == 1


def test_an_empty_or_too_long_message_gets_a_clear_message(as_patient):
    page = post(as_patient, "   ")
    assert page.status_code == 200
    assert "Schrijf eerst een bericht." in page.content.decode()
    page = post(as_patient, "x" * 4001)
    assert page.status_code == 200
    assert "Uw bericht is te lang" in page.content.decode()
    assert not Message.objects.exists()


def test_a_red_flag_word_keeps_the_message_as_a_draft_and_asks_the_triage_questions(
    as_patient, patient
):
    response = post(as_patient, "Sinds gisteren kan ik niet goed plassen")
    assert response.status_code == 302
    assert response.url.startswith(reverse("messaging:safety_check"))
    assert "rules=CES" in response.url and "from=message" in response.url
    draft = Message.objects.get()
    assert draft.sent_at is None and draft.flag_rules == ["CES"]
    page = as_patient.get(response.url).content.decode()
    # The check-in's own questions of CES, in its wording
    assert "rf_saddle_numbness" in page and "rf_bladder_problems" in page
    assert "rf_bowel_incontinence" in page and "rf_fever" not in page
    assert "112" in page
    # nothing lost: the thread offers the draft again
    assert "kan ik niet goed plassen" in as_patient.get(THREAD).content.decode()


def test_a_yes_in_the_safety_check_raises_the_alert_sends_the_message_and_shows_the_advice(
    as_patient, patient, therapist, django_capture_on_commit_callbacks
):
    classify(patient, therapist)
    url = post(as_patient, "Ik heb koorts en rillingen").url
    with django_capture_on_commit_callbacks(execute=True):
        response = as_patient.post(url, {"rf_fever": "ja", "action": "answer"})
    assert response.url == reverse("intake:advice")
    alert = RedFlagAlert.objects.get(patient=patient)
    assert (alert.rule_id, alert.urgency) == ("INFECTION", "urgent")
    message = Message.objects.get()
    assert message.sent_at is not None
    assert message.safety == "answered" and message.safety_answers == {"fever": True}
    assert message.safety_urgency == "urgent"
    as_patient.force_login(therapist)
    html = as_patient.get(staff_url(patient)).content.decode()
    assert "Koorts" in html or "koorts" in html
    assert "fever" not in html  # the answer in words, not the field name
    assert "(vandaag de huisarts)" in html and "(urgent)" not in html  # the urgency in words
    assert TriageAssessment.objects.latest_for(patient).inputs["safety_check"] == {"fever": True}
    assert AuditEvent.objects.filter(patient=patient, detail__safety_check__fever=True).exists()
    assert len([m for m in mail.outbox if m.to == [therapist.email]]) >= 1


def test_no_in_the_safety_check_keeps_the_programme_clear(as_patient, patient, therapist):
    from ruggensteun.intake.status import programme_clearance

    classify(patient, therapist)
    url = post(as_patient, "Ik heb koorts gehad").url
    response = as_patient.post(url, {"rf_fever": "nee", "action": "answer"})
    assert response.url == THREAD
    assert not RedFlagAlert.objects.filter(patient=patient).exists()
    assert programme_clearance(patient).allowed
    assert Message.objects.get().sent_at is not None


def test_an_unanswered_safety_question_is_never_a_no(as_patient, patient, therapist):
    classify(patient, therapist)
    url = post(as_patient, "Mijn billen voelen doof").url
    page = as_patient.post(url, {"rf_saddle_numbness": "nee", "action": "answer"})
    assert page.status_code == 200
    assert "Deze vraag is belangrijk voor uw veiligheid" in page.content.decode()
    assert Message.objects.get().sent_at is None
    assert TriageAssessment.objects.filter(patient=patient).count() == 1  # the intake's only


def test_skipping_the_questions_still_sends_the_message_marked_for_the_therapist(
    as_patient, patient, therapist, client
):
    url = post(as_patient, "Ik ben gisteren gevallen").url
    assert "FRACTURE_MAJOR" in url
    as_patient.post(url, {"action": "skip"})
    message = Message.objects.get()
    assert message.sent_at is not None and message.safety == "skipped"
    client.force_login(therapist)
    html = client.get(staff_url(patient)).content.decode()
    assert "niet beantwoord" in html and "Mogelijk wervelfractuur" in html


def test_the_safety_check_from_search_takes_rules_and_unknown_rules_give_a_clear_page(
    as_patient, patient, therapist
):
    classify(patient, therapist)
    url = reverse("messaging:safety_check")
    page = as_patient.get(url + "?rules=PARESIS,NONSENSE&from=search").content.decode()
    assert "rf_leg_weakness" in page and "rf_weakness_worsening" in page
    page = as_patient.get(url + "?rules=NONSENSE").content.decode()
    assert "Bij deze vraag horen geen veiligheidsvragen." in page
    response = as_patient.post(
        url + "?rules=PARESIS&from=search",
        {"rf_leg_weakness": "severe", "rf_weakness_worsening": "nee"},
    )
    assert response.url == reverse("intake:advice")
    assert RedFlagAlert.objects.get(patient=patient).rule_id == "PARESIS"


def test_calm_answers_from_search_lead_back_to_the_search_page(as_patient, patient, therapist):
    classify(patient, therapist)
    url = reverse("messaging:safety_check") + "?rules=PARESIS&from=search"
    response = as_patient.post(url, {"rf_leg_weakness": "none", "rf_weakness_worsening": "nee"})
    assert response.url == reverse("search:search")


def test_the_therapist_reads_and_replies_the_patient_sees_read_receipts(
    client, patient, therapist, django_capture_on_commit_callbacks
):
    client.force_login(patient.user)
    post(client, "Hoe lang moet ik de oefening doen?")
    client.force_login(therapist)
    page = client.get(staff_url(patient)).content.decode()
    assert "Hoe lang moet ik de oefening doen?" in page
    assert Message.objects.get().read_at is not None
    assert AuditEvent.objects.filter(patient=patient, actor=therapist, action="view").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            staff_url(patient), {"body": "Twee minuten per keer.", "key": str(uuid.uuid4())}
        )
    reply = Message.objects.get(from_patient=False)
    assert reply.author == therapist and reply.read_at is None
    notices = [m for m in mail.outbox if m.to == [patient.user.email]]
    assert len(notices) == 1 and "Twee minuten" not in notices[0].body
    client.force_login(patient.user)
    html = client.get(THREAD).content.decode()
    assert "Twee minuten per keer." in html and "Gelezen op" in html
    reply.refresh_from_db()
    assert reply.read_at is not None


def test_another_practice_cannot_see_or_write_in_the_thread(client, patient, outsider_therapist):
    client.force_login(outsider_therapist)
    assert client.get(staff_url(patient)).status_code == 404
    assert (
        client.post(staff_url(patient), {"body": "x", "key": str(uuid.uuid4())}).status_code == 404
    )
    assert not Message.objects.exists()
    assert AuditEvent.objects.filter(action="denied", actor=outsider_therapist).exists()


def test_a_patient_cannot_open_the_staff_thread_nor_staff_the_patient_page(
    client, patient, therapist
):
    client.force_login(patient.user)
    assert client.get(staff_url(patient)).status_code == 404
    client.force_login(therapist)
    assert client.get(THREAD).status_code == 404


def test_an_unread_message_is_a_reason_on_the_caseload_until_the_therapist_reads_it(
    client, practice, therapist, patient
):
    personas.patient(practice, therapist, "Piet Tweede")  # without a message: not listed
    client.force_login(patient.user)
    post(client, "eerste vraag")
    post(client, "tweede vraag")
    client.force_login(therapist)
    caseload = reverse("patients:caseload")
    html = client.get(caseload).content.decode()
    assert html.count("Bericht van de patiënt, ongelezen sinds") == 1
    rows = list(client.get(caseload, {"reason": "unread_message"}).context["page"])
    assert [row.patient for row in rows] == [patient]
    page = client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    assert f'href="{staff_url(patient)}"' in page  # the patient page leads to the thread
    client.get(staff_url(patient))  # the therapist reads the thread
    assert "ongelezen sinds" not in client.get(caseload).content.decode()


def _fill(patient, therapist, count):
    for n in range(count):
        Message.objects.create(
            patient=patient,
            author=patient.user if n % 2 else therapist,
            from_patient=bool(n % 2),
            body=f"bericht {n}",
            sent_at=f"2026-11-{n % 28 + 1:02d}T10:00:00Z",
        )


def test_the_thread_pages_keep_a_fixed_query_count(
    client, patient, therapist, django_assert_max_num_queries
):
    counts = []
    for total in (2, 12):
        Message.objects.all().delete()
        _fill(patient, therapist, total)
        client.force_login(patient.user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as patient_page:
            assert client.get(THREAD).status_code == 200
        client.force_login(therapist)
        with CaptureQueriesContext(connection) as staff_page:
            assert client.get(staff_url(patient)).status_code == 200
        counts.append((len(patient_page), len(staff_page)))
    assert counts[0] == counts[1], counts


def test_the_practice_admin_sets_the_answer_time(client, admin, therapist, practice):
    client.force_login(therapist)
    assert client.get(reverse("messaging:settings")).status_code == 404
    client.force_login(admin)
    page = client.post(
        reverse("messaging:settings"), {"answer_days": "0", "out_of_hours_advice": ""}
    )
    assert "Kies 1 werkdag of meer." in page.content.decode()
    client.post(
        reverse("messaging:settings"), {"answer_days": "1", "out_of_hours_advice": "Bel 088."}
    )
    settings = PracticeMessageSettings.objects.get(practice=practice)
    assert (settings.answer_days, settings.out_of_hours_advice) == (1, "Bel 088.")


def test_the_own_data_export_holds_the_patients_messages(client, patient, therapist):
    from ruggensteun.mydata.export import patient_records

    client.force_login(patient.user)
    post(client, "Mijn vraag aan de praktijk")
    records = patient_records(patient)
    rows = records["records"]["messaging.Message"]
    assert [row["body"] for row in rows] == ["Mijn vraag aan de praktijk"]
    assert rows[0]["from_patient"] is True


def test_today_shows_an_unread_reply_until_the_thread_is_read(client, patient, therapist):
    from ruggensteun.today import cards

    assert cards.PRIORITY.index("message_reply") < cards.PRIORITY.index("checkin")
    client.force_login(therapist)
    client.post(staff_url(patient), {"body": "Goed gedaan!", "key": str(uuid.uuid4())})
    client.force_login(patient.user)
    home = reverse("web:patient_home")
    html = client.get(home).content.decode()
    assert 'id="message-reply-card"' in html and "Goed gedaan!" not in html  # no content
    client.get(THREAD)
    assert 'id="message-reply-card"' not in client.get(home).content.decode()


def test_the_practice_page_links_to_the_message_settings(client, admin):
    client.force_login(admin)
    html = client.get(reverse("web:practice")).content.decode()
    assert reverse("messaging:settings") in html
