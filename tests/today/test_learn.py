"""Learn: this week's modules first, the library of those unlocked, and check questions
answered with kind feedback."""

import html
import re
import uuid
from datetime import timedelta

from django.urls import reverse

from ruggensteun.clinical.programme.education import get_module
from ruggensteun.programme import planning
from ruggensteun.programme.models import Programme
from ruggensteun.today.models import ModuleAnswer, ModuleRead
from tests.programme.conftest import log_week


def first_module(week):
    return get_module(week.plan["education"][0])


def answer(client, module, question, options, key=None):
    return client.post(
        reverse("today:module", args=[module.id]),
        {"key": str(key or uuid.uuid4()), "question": question.id, "option": options},
    )


def test_learn_lists_this_weeks_modules(patient_client, week):
    page = patient_client.get(reverse("today:learn")).content.decode()
    assert "Deze week" in page
    for module_id in week.plan["education"]:
        assert reverse("today:module", args=[module_id]) in page
    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_the_library_keeps_the_modules_of_earlier_weeks(
    patient_client, patient, programme, week, day
):
    log_week(patient, week)
    planning.advance(programme, week.starts_on + timedelta(days=7))
    week_two = programme.plans.get(week=2)
    page = patient_client.get(reverse("today:learn")).content.decode()
    this_week, library = page.split("Eerder voor u klaargezet")
    for module_id in week_two.plan["education"]:
        assert reverse("today:module", args=[module_id]) in this_week
    for module_id in week.plan["education"]:
        assert reverse("today:module", args=[module_id]) in library
    assert (
        patient_client.get(reverse("today:module", args=[week.plan["education"][0]])).status_code
        == 200
    )


def test_a_module_not_yet_unlocked_is_not_found(patient_client, week):
    locked = next(
        m
        for m in ("leg_pain_and_hernia", "return_to_work", "sleep", "lifestyle")
        if m not in week.plan["education"]
    )
    assert patient_client.get(reverse("today:module", args=[locked])).status_code == 404
    assert patient_client.get(reverse("today:module", args=["bestaat-niet"])).status_code == 404


def test_a_waiting_week_does_not_unlock_its_modules(patient_client, patient, programme, week):
    programme.approve_each_week = True
    programme.save()
    log_week(patient, week)
    planning.advance(programme, week.starts_on + timedelta(days=7))
    waiting = programme.plans.get(week=2)
    assert waiting.status == "proposed"
    new = [m for m in waiting.plan["education"] if m not in week.plan["education"]]
    assert new
    assert patient_client.get(reverse("today:module", args=[new[0]])).status_code == 404


def test_without_a_programme_learn_says_what_comes(patient_client):
    page = patient_client.get(reverse("today:learn")).content.decode()
    assert "Nog even geduld" in page


def test_a_module_shows_its_sections_its_reason_and_its_questions(patient_client, week):
    module = first_module(week)
    page = patient_client.get(reverse("today:module", args=[module.id])).content.decode()
    text = html.unescape(page)
    for section in module.sections:
        # A section may be only a heading and bullets; texts may hold an apostrophe ('s avonds).
        first = (*section.paragraphs, *section.bullets)[0]
        assert first.nl in text
        if section.heading is not None:
            assert section.heading.nl in text
    assert "Waarom deze tekst?" in page
    assert page.count("<fieldset") == len(module.questions)
    assert page.count("<legend>") == len(module.questions)
    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_a_right_answer_is_stored_and_praised(patient_client, patient, week):
    module = first_module(week)
    question = module.questions[0]
    response = answer(patient_client, module, question, sorted(question.correct))
    assert response.status_code == 303
    stored = ModuleAnswer.objects.get()
    assert (stored.patient, stored.module_id, stored.question_id, stored.correct) == (
        patient,
        module.id,
        question.id,
        True,
    )
    page = patient_client.get(response.url).content.decode()
    assert "Goed zo!" in page
    assert question.feedback.nl in page


def test_a_wrong_answer_gets_kind_feedback_and_may_be_tried_again(patient_client, week):
    module = first_module(week)
    question = module.questions[0]
    wrong = next(o.id for o in question.options if o.id not in question.correct)
    answer(patient_client, module, question, [wrong])
    page = patient_client.get(reverse("today:module", args=[module.id])).content.decode()
    assert "Niet helemaal." in page
    assert question.feedback.nl in page
    assert "Nog eens antwoorden" in page
    assert re.search(rf'value="{wrong}" checked', page)
    answer(patient_client, module, question, sorted(question.correct))
    assert [a.correct for a in ModuleAnswer.objects.order_by("answered_at", "id")] == [False, True]


def test_a_question_with_more_right_answers_takes_them_all(client, patient, therapist, day):
    from ruggensteun.intake.models import Intake
    from tests.programme.conftest import classify

    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at="2026-01-01T10:00Z")
    programme = planning.start_programme(patient, therapist, approve_each_week=False, today=day)
    week = programme.plans.get()
    data = dict(week.plan)
    data["education"] = ["how_pain_works"]
    data["education_details"] = []
    week.replace_plan(data)
    week.save()
    client.force_login(patient.user)
    module = get_module("how_pain_works")
    question = next(q for q in module.questions if len(q.correct) > 1)
    page = client.get(reverse("today:module", args=[module.id])).content.decode()
    assert "Er zijn meer goede antwoorden" in page
    assert 'type="checkbox"' in page
    answer(client, module, question, sorted(question.correct)[:1])
    answer(client, module, question, sorted(question.correct))
    assert [a.correct for a in ModuleAnswer.objects.order_by("answered_at", "id")] == [False, True]


def test_no_answer_gets_a_dutch_message_and_stores_nothing(patient_client, week):
    module = first_module(week)
    response = answer(patient_client, module, module.questions[0], [])
    assert response.status_code == 200
    assert "Kies een antwoord." in response.content.decode()
    assert not ModuleAnswer.objects.exists()


def test_an_answer_sent_twice_is_stored_once(patient_client, week):
    module = first_module(week)
    question = module.questions[0]
    key = uuid.uuid4()
    answer(patient_client, module, question, sorted(question.correct), key)
    answer(patient_client, module, question, sorted(question.correct), key)
    assert ModuleAnswer.objects.count() == 1


def test_a_module_is_marked_read_once(patient_client, patient, week):
    module = first_module(week)
    url = reverse("today:module_read", args=[module.id])
    patient_client.post(url, {"key": str(uuid.uuid4())})
    patient_client.post(url, {"key": str(uuid.uuid4())})
    assert ModuleRead.objects.filter(patient=patient, module_id=module.id).count() == 1
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "✓ Gelezen" in page


def test_learn_works_after_the_programme_ended(patient_client, programme, week, day):
    planning.set_status(programme, Programme.Status.ENDED, day)
    page = patient_client.get(reverse("today:learn")).content.decode()
    assert reverse("today:module", args=[week.plan["education"][0]]) in page
