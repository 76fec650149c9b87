"""The message pages: the patient's thread and safety check, the practice's thread per
patient, and the practice admin's message settings."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ruggensteun.accounts.roles import is_practice_admin, staff_practice
from ruggensteun.audit.log import Action, record_request
from ruggensteun.intake.status import safety_state
from ruggensteun.messaging import safety, thread
from ruggensteun.messaging.forms import MessageForm, ReplyForm, SafetyForm, SettingsForm
from ruggensteun.messaging.models import Message, PracticeMessageSettings
from ruggensteun.patients.access import own_patient_view, patient_view
from ruggensteun.patients.models import Patient

FROM_MESSAGE, FROM_SEARCH = "message", "search"


def _back_to(came_from: str) -> str:
    """Where the patient came from: the messages, or the search page, which puts the kept
    question back in its box."""
    return "messaging:thread" if came_from == FROM_MESSAGE else "search:search"


def _safety_url(rules: list[str] | tuple[str, ...], came_from: str) -> str:
    query = urlencode({"rules": ",".join(rules), "from": came_from})
    return f"{reverse('messaging:safety_check')}?{query}"


@own_patient_view
def patient_thread(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The patient's thread with the practice, and the box to write."""
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            outcome = thread.write_as_patient(
                patient, form.cleaned_data["body"], form.cleaned_data["key"]
            )
            if not outcome.sent:
                record_request(
                    request,
                    Action.CREATE,
                    patient=patient,
                    detail={
                        "draft": outcome.message.pk,
                        "red_flag_rules": outcome.message.flag_rules,
                    },
                )
                return redirect(_safety_url(outcome.message.flag_rules, FROM_MESSAGE))
            if outcome.new:
                record_request(
                    request, Action.CREATE, patient=patient, detail={"message": outcome.message.pk}
                )
                messages.success(request, _("Uw bericht is verstuurd."))
            return redirect("messaging:thread")
    else:
        draft = thread.draft_of(patient)
        initial = {"key": uuid.uuid4()}
        if draft is not None:
            initial = {"key": draft.key, "body": draft.body}
        form = MessageForm(initial=initial)
    read = thread.mark_read(patient, by_patient=True)
    if read:
        record_request(request, Action.VIEW, patient=patient, detail={"read": read})
    context = {
        "patient": patient,
        "thread": thread.thread(patient),
        "form": form,
        "settings": PracticeMessageSettings.for_practice(patient.practice),
    }
    return render(request, "messaging/thread.html", context)


@own_patient_view
def safety_check(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The triage questions of ``?rules=``; from a message, the draft is sent afterwards
    (with the answers for the therapist), or without them when the patient skips."""
    rule_ids = safety.parse_rules(request.GET.get("rules"))
    came_from = FROM_MESSAGE if request.GET.get("from") == FROM_MESSAGE else FROM_SEARCH
    draft = thread.draft_of(patient) if came_from == FROM_MESSAGE else None
    questions = safety.questions_for(rule_ids)
    language = request.LANGUAGE_CODE
    form = SafetyForm(questions=questions, language=language)
    if request.method == "POST" and request.POST.get("action") == "skip":
        if draft is not None and thread.send_draft(
            draft, safety=Message.Safety.SKIPPED, answers={}, urgency=""
        ):
            record_request(
                request,
                Action.CREATE,
                patient=patient,
                detail={"message": draft.pk, "safety": "skipped"},
            )
            messages.success(request, _("Uw bericht is verstuurd."))
        return redirect(_back_to(came_from))
    if request.method == "POST" and questions:
        form = SafetyForm(request.POST, questions=questions, language=language)
        if form.is_valid():
            answers = form.answers()
            assessment = safety.assess(patient, answers, came_from=came_from)
            record_request(
                request,
                Action.UPDATE,
                patient=patient,
                detail={"safety_check": answers, "assessment": assessment.pk, "from": came_from},
            )
            if draft is not None and thread.send_draft(
                draft, safety=Message.Safety.ANSWERED, answers=answers, urgency=assessment.urgency
            ):
                record_request(
                    request, Action.CREATE, patient=patient, detail={"message": draft.pk}
                )
                messages.success(
                    request, _("Uw antwoorden zijn bewaard en uw bericht is verstuurd.")
                )
            else:
                messages.success(request, _("Uw antwoorden zijn bewaard."))
            if safety_state(patient).alerts:
                return redirect("intake:advice")
            return redirect(_back_to(came_from))
    context = {
        "form": form,
        "questions": questions,
        "came_from": came_from,
        "draft": draft,
        "settings": PracticeMessageSettings.for_practice(patient.practice),
    }
    return render(request, "messaging/safety_check.html", context)


@patient_view
def staff_thread(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The practice's side of one patient's thread (own practice only: patients.access)."""
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            outcome = thread.reply(
                patient, request.user, form.cleaned_data["body"], form.cleaned_data["key"]
            )
            if outcome.new:
                record_request(
                    request, Action.CREATE, patient=patient, detail={"message": outcome.message.pk}
                )
                messages.success(request, _("Uw antwoord is verstuurd."))
            return redirect("messaging:staff_thread", patient.pk)
    else:
        form = ReplyForm(initial={"key": uuid.uuid4()})
    read = thread.mark_read(patient, by_patient=False)
    if read:
        record_request(request, Action.VIEW, patient=patient, detail={"read": read})
    context = {"patient": patient, "thread": thread.thread(patient), "form": form}
    return render(request, "messaging/staff_thread.html", context)


def practice_settings(request: HttpRequest) -> HttpResponse:
    """The practice admin sets the expected answer time and the out-of-hours advice."""
    if not request.user.is_authenticated or not is_practice_admin(request.user):
        raise Http404
    practice = staff_practice(request.user)
    current = PracticeMessageSettings.for_practice(practice)
    form = SettingsForm(instance=current)
    if request.method == "POST":
        form = SettingsForm(request.POST, instance=current)
        if form.is_valid():
            form.save()
            record_request(
                request,
                Action.UPDATE,
                practice=practice,
                detail={"answer_days": form.cleaned_data["answer_days"]},
            )
            messages.success(request, _("De instellingen zijn bewaard."))
            return redirect("messaging:settings")
    return render(request, "messaging/settings.html", {"form": form, "practice": practice})
