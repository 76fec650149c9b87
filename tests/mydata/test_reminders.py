"""Reminder e-mails: at the chosen time, once a day, in the patient's language, never after
stopping; a stop link without login that cannot be forged; and the calendar feed."""

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ruggensteun.audit.models import AuditEvent
from ruggensteun.mydata.calendar import exercise_days
from ruggensteun.mydata.models import ReminderSettings
from ruggensteun.mydata.reminders import send_daily_reminders, stop_token, stop_url
from ruggensteun.programme.models import Programme
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.questionnaires.reminders import send_reminders as send_questionnaire_reminders
from tests import personas
from tests.committed import committed
from tests.mydata.conftest import at, give_programme

send_daily_reminders = committed(send_daily_reminders)
send_questionnaire_reminders = committed(send_questionnaire_reminders)


def choose(patient, *, programme=True, questionnaires=True, send_at=time(8, 0)):
    settings = ReminderSettings.objects.for_patient(patient)
    settings.choose(programme_email=programme, questionnaire_email=questionnaires, send_at=send_at)
    return settings


@pytest.fixture
def exercising(patient, therapist):
    give_programme(patient, therapist, weeks=2, days=7)
    return patient


def test_nothing_is_sent_before_the_chosen_time(exercising):
    choose(exercising, send_at=time(8, 0))
    assert send_daily_reminders(at(7, 55)) == 0
    assert mail.outbox == []


def test_one_email_a_day_however_often_cron_runs(exercising):
    choose(exercising, send_at=time(8, 0))
    assert send_daily_reminders(at(8, 0)) == 1
    assert send_daily_reminders(at(8, 15)) == 0
    assert send_daily_reminders(at(9, 0)) == 0
    assert len(mail.outbox) == 1
    assert send_daily_reminders(at(8, 5, days=1)) == 1
    assert len(mail.outbox) == 2


def test_a_run_long_after_the_chosen_time_sends_nothing_that_day(exercising):
    choose(exercising, send_at=time(8, 0))
    assert send_daily_reminders(at(22, 0)) == 0


def test_the_email_says_the_days_programme_and_the_questionnaire(exercising):
    choose(exercising)
    send_daily_reminders(at(8, 0))
    [message] = mail.outbox
    assert message.to == [exercising.user.email]
    assert message.subject == "Uw programma voor vandaag, en een vragenlijst"
    assert "Wandelen:" in message.body
    assert "Er staat een vragenlijst voor u klaar" in message.body
    assert exercising.practice.name in message.body
    for word in ("NPRS", "STarT", "pijn", "score", "risico"):
        assert word not in message.body + message.subject


def test_every_email_has_a_stop_link_and_one_click_unsubscribe(exercising):
    choose(exercising)
    send_daily_reminders(at(8, 0))
    [message] = mail.outbox
    url = stop_url(exercising)
    assert url in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_email_is_written_in_the_patients_language(practice, therapist, monkeypatch):
    from django.utils import translation

    english = personas.patient(practice, therapist, "Emily English", language="en")
    dutch = personas.patient(practice, therapist, "Daan Nederlands")
    for person in (english, dutch):
        choose(person, programme=False)
    from ruggensteun.base import mail

    languages = {}
    original = mail.render_to_string

    def render(template, context):
        languages[context["user"].email] = translation.get_language()
        return original(template, context)

    monkeypatch.setattr(mail, "render_to_string", render)  # e-mails render there
    assert send_daily_reminders(at(8, 0)) == 2
    assert languages == {english.user.email: "en", dutch.user.email: "nl"}


def test_a_patient_who_stopped_gets_nothing(exercising):
    settings = choose(exercising)
    settings.stop()
    assert send_daily_reminders(at(8, 0)) == 0
    assert send_daily_reminders(at(8, 0, days=3)) == 0
    assert mail.outbox == []


def test_a_paused_patient_gets_nothing_for_a_week_then_again(exercising):
    settings = choose(exercising)
    settings.pause(timezone.localdate())
    assert send_daily_reminders(at(8, 0)) == 0
    assert send_daily_reminders(at(8, 0, days=6)) == 0
    assert send_daily_reminders(at(8, 0, days=7)) == 1


def test_a_patient_who_never_chose_gets_no_programme_email(exercising):
    assert send_daily_reminders(at(8, 0)) == 0


def test_a_paused_programme_sends_no_programme_email(exercising):
    choose(exercising, questionnaires=False)
    Programme.objects.filter(patient=exercising).update(status=Programme.Status.PAUSED)
    assert send_daily_reminders(at(8, 0)) == 0


def test_a_red_flag_waiting_for_the_therapist_stops_the_programme_email(exercising):
    from ruggensteun.intake.models import RedFlagAlert, TriageAssessment

    choose(exercising, questionnaires=False)
    assessment = TriageAssessment.objects.latest_for(exercising)
    RedFlagAlert.objects.create(
        patient=exercising, assessment=assessment, rule_id="CES", urgency="emergency"
    )
    assert send_daily_reminders(at(8, 0)) == 0


@pytest.mark.parametrize("urgency", ["emergency", "urgent"])
def test_an_open_emergency_or_urgent_red_flag_stops_every_email_until_it_is_handled(
    exercising, therapist, urgency
):
    from ruggensteun.intake.models import RedFlagAlert, TriageAssessment

    choose(exercising)  # programme and questionnaires
    assessment = TriageAssessment.objects.latest_for(exercising)
    alert = RedFlagAlert.objects.create(
        patient=exercising, assessment=assessment, rule_id="PARESIS", urgency=urgency
    )
    assert send_daily_reminders(at(8, 0)) == 0
    assert send_questionnaire_reminders() == 0
    assert set(Assignment.objects.due().values_list("reminders_sent", flat=True)) == {0}

    alert.handled_at, alert.handled_by = timezone.now(), therapist
    alert.save()
    assert send_daily_reminders(at(8, 0)) == 1


def test_a_red_flag_for_the_gp_within_days_keeps_the_questionnaire_email(exercising):
    from ruggensteun.intake.models import RedFlagAlert, TriageAssessment

    choose(exercising)
    RedFlagAlert.objects.create(
        patient=exercising,
        assessment=TriageAssessment.objects.latest_for(exercising),
        rule_id="MALIGNANCY",
        urgency="soon",
    )
    assert send_daily_reminders(at(8, 0)) == 1
    [message] = mail.outbox
    assert "Wandelen:" not in message.body
    assert "Er staat een vragenlijst voor u klaar" in message.body


def test_a_patient_who_chose_a_time_is_reminded_of_questionnaires_only_then(patient):
    choose(patient, programme=False)
    assert send_questionnaire_reminders() == 0
    assert send_daily_reminders(at(8, 0)) == 1
    assert len(mail.outbox) == 1


def test_the_questionnaire_command_is_silent_after_this_email(patient):
    choose(patient, programme=False)
    assert send_daily_reminders(at(8, 0)) == 1
    assert send_questionnaire_reminders() == 0
    assert set(Assignment.objects.due().values_list("reminders_sent", flat=True)) == {1}


def test_the_command_runs_for_cron(exercising):
    choose(exercising)
    now = at(8, 30)
    committed(call_command)(
        "send_daily_reminders",
        "--now",
        timezone.localtime(now).strftime("%Y-%m-%dT%H:%M"),
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    assert len(mail.outbox) == 1


# --- the stop link -------------------------------------------------------------------------


def test_the_stop_link_works_without_logging_in(client, exercising):
    choose(exercising)
    url = reverse("mydata:stop_reminders", args=[stop_token(exercising)])
    page = client.get(url)
    assert page.status_code == 200
    assert ReminderSettings.objects.for_patient(exercising).wants_email  # looking stops nothing
    response = client.post(url)
    assert response.status_code == 200
    assert "geen herinneringen meer" in response.content.decode()
    settings = ReminderSettings.objects.for_patient(exercising)
    assert not settings.wants_email and settings.stopped_at is not None
    assert AuditEvent.objects.filter(
        patient=exercising, what="mydata: reminders stopped by e-mail link"
    ).exists()
    assert send_daily_reminders(at(8, 0)) == 0


def test_a_mail_apps_one_click_unsubscribe_stops_too(client, exercising):
    choose(exercising)
    url = reverse("mydata:stop_reminders", args=[stop_token(exercising)])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not ReminderSettings.objects.for_patient(exercising).wants_email


@pytest.mark.parametrize(
    "change", [lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), lambda t: "x" + t]
)
def test_a_changed_stop_link_stops_nothing(client, exercising, change):
    choose(exercising)
    url = reverse("mydata:stop_reminders", args=[change(stop_token(exercising))])
    assert client.post(url).status_code == 404
    assert ReminderSettings.objects.for_patient(exercising).wants_email


def test_a_stop_link_signed_for_something_else_stops_nothing(client, exercising):
    from django.core import signing

    choose(exercising)
    forged = signing.dumps({"patient": exercising.pk}, salt="something.else")
    assert client.post(reverse("mydata:stop_reminders", args=[forged])).status_code == 404
    assert ReminderSettings.objects.for_patient(exercising).wants_email


# --- the calendar --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "offsets"),
    [(7, [0, 1, 2, 3, 4, 5, 6]), (5, [0, 1, 2, 4, 5]), (3, [0, 2, 4]), (1, [0]), (0, [])],
)
def test_exercise_days_are_spread_over_the_week(count, offsets):
    monday = date(2026, 3, 2)
    assert exercise_days(monday, count) == [monday + timedelta(days=o) for o in offsets]


def calendar_of(client, settings):
    response = client.get(reverse("mydata:calendar_feed", args=[settings.calendar_token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_calendar_has_this_and_next_weeks_exercise_days_and_due_questionnaires(
    client, patient, therapist
):
    give_programme(patient, therapist, weeks=2, days=3)
    settings = ReminderSettings.objects.for_patient(patient)
    settings.new_calendar_address()
    events = calendar_of(client, settings).walk("VEVENT")
    titles = [str(event["SUMMARY"]) for event in events]
    assert titles.count("Oefenen voor uw rug") == 6  # 3 days this week, 3 next week
    assert "Vragenlijst invullen" in titles
    assert set(titles) == {"Oefenen voor uw rug", "Vragenlijst invullen"}
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))


def test_the_calendar_shows_no_exercise_days_while_the_programme_is_paused(
    client, patient, therapist
):
    give_programme(patient, therapist, weeks=1)
    Programme.objects.filter(patient=patient).update(status=Programme.Status.PAUSED)
    settings = ReminderSettings.objects.for_patient(patient)
    settings.new_calendar_address()
    titles = [str(e["SUMMARY"]) for e in calendar_of(client, settings).walk("VEVENT")]
    assert "Oefenen voor uw rug" not in titles


def test_the_calendar_address_works_without_login_and_only_with_its_token(client, patient):
    settings = ReminderSettings.objects.for_patient(patient)
    settings.new_calendar_address()
    calendar_of(client, settings)
    wrong = settings.calendar_token[:-1] + ("0" if settings.calendar_token[-1] != "0" else "1")
    assert client.get(reverse("mydata:calendar_feed", args=[wrong])).status_code == 404


def test_a_new_address_stops_the_old_one_and_revoking_stops_all(client, patient):
    settings = ReminderSettings.objects.for_patient(patient)
    settings.new_calendar_address()
    old = settings.calendar_token
    settings.new_calendar_address()
    assert client.get(reverse("mydata:calendar_feed", args=[old])).status_code == 404
    calendar_of(client, settings)
    current = settings.calendar_token
    settings.revoke_calendar()
    assert client.get(reverse("mydata:calendar_feed", args=[current])).status_code == 404


def test_the_token_is_not_stored_in_the_database(patient):
    settings = ReminderSettings.objects.for_patient(patient)
    settings.new_calendar_address()
    stored = ReminderSettings.objects.filter(pk=settings.pk).values().get()
    assert settings.calendar_token not in [str(value) for value in stored.values()]


def test_the_first_fetch_of_a_day_is_logged_once(client, patient):
    settings = ReminderSettings.objects.for_patient(patient)
    settings.new_calendar_address()
    for _ in range(3):
        calendar_of(client, settings)
    assert AuditEvent.objects.filter(patient=patient, what="mydata: calendar feed").count() == 1
