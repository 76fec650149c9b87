"""The Today screen (the patient's home, ``web:patient_home``) and ticking things off."""

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.audit.log import Action, record_request
from ruggensteun.base.redirects import back
from ruggensteun.clinical.programme.education import load_hygiene_tips
from ruggensteun.intake.advice import advice_card, therapist_message
from ruggensteun.intake.models import Intake
from ruggensteun.messaging.models import Message
from ruggensteun.patients.access import own_patient_view, safety_of
from ruggensteun.patients.models import Patient
from ruggensteun.programme import start_notice
from ruggensteun.programme.models import Programme, WeeklyPlan
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.today import cards, learning
from ruggensteun.today import day as days
from ruggensteun.today.checkin import checkin_due
from ruggensteun.today.forms import OwnWalkForm, TickForm
from ruggensteun.today.models import Submission, Tick
from ruggensteun.today.views.common import language, today


def today_page(
    request: HttpRequest, patient: Patient, own_walk_form: OwnWalkForm | None = None
) -> HttpResponse:
    """What to do today, most pressing first (``today.cards``). Called by
    ``web.views.patient_home`` (already authorised)."""
    day = today()
    lang = language()
    intake = Intake.objects.filter(patient=patient).first()
    intake_done = intake is not None and intake.is_complete
    # The GP advice stays on top until the therapist has recorded what was done; the
    # programme waits under it (a red flag is never hidden behind a programme). With an
    # emergency or urgent flag open own_patient_view shows only the advice instead.
    card = advice_card(patient, safety_of(request, patient))
    plan = days.current_plan(patient)
    state = programme_state(patient, plan, day)
    plan_shown = plan is not None and card is None and state is None
    tips = load_hygiene_tips()
    context: dict[str, Any] = {
        "patient": patient,
        "intake": intake,
        "intake_done": intake_done,
        "card": card,
        "practice": patient.practice,
        # What the therapist told the patient on handling a red flag, until read.
        "therapist_message": therapist_message(patient) if card is None else None,
        "message_reply": Message.objects.unread_from_practice()
        .filter(patient=patient)
        .order_by("-sent_at")
        .first()
        if card is None
        else None,
        # "Uw programma is gestart", until read or for a week (issue #12); not while the
        # week's plan is still to begin ("begint op ..." says it then).
        "start_notice": start_notice.start_notice(patient)
        if card is None and state != "starts"
        else None,
        "programme_state": state,
        "plan_shown": plan_shown,
        "language": lang,
        "day": day,
        "yesterday": day - timedelta(days=1),
        "plan": plan,
        "today": None,
        "tip": tips[day.toordinal() % len(tips)],
        # No appointments are stored yet (the workspace's session notes record sessions
        # held, not planned ones): the page says so.
        "next_appointment": None,
        "own_walk_form": own_walk_form,
        "announce": request.headers.get("HX-Request") == "true",
        # What is ready to fill in now: after the intake, as one chain.
        "due": list(
            Assignment.objects.for_patient(patient).visible_to_patient().due().with_response()
        )
        if intake_done
        else [],
        "checkin_due": intake_done
        and card is None
        and checkin_due(patient, day, programme=_running(plan)),
    }
    if plan_shown and plan is not None:
        context["today"] = days.load_day(patient, plan, day, lang)
        context["modules"] = learning.entries(learning.this_week(plan), learning.read_ids(patient))
        context["next_day_questions"] = days.next_day_questions(patient, day)
    the_day: days.Day | None = context["today"]
    context["cards"] = cards.cards_for(
        cards.Situation(
            advice=card is not None,
            therapist_message=context["therapist_message"] is not None,
            message_reply=context["message_reply"] is not None,
            start_notice=context["start_notice"] is not None,
            intake_done=intake_done,
            questionnaires_due=bool(context["due"]),
            checkin_due=context["checkin_due"],
            plan_shown=plan_shown,
            # "Wat nu?" waits for the intake: before it, the intake card says what to do.
            programme_state=state is not None and (state != "waiting" or intake_done),
            next_day_questions=bool(context.get("next_day_questions")),
            flare_week=the_day is not None and the_day.engine_plan.flare_up_plan,
            has_exercises=the_day is not None and bool(the_day.exercises),
            has_exposure=the_day is not None and the_day.exposure is not None,
            has_goals=the_day is not None and bool(the_day.engine_plan.goals),
        )
    )
    return render(request, "today/today.html", context)


def _running(plan: WeeklyPlan | None) -> Programme | None:
    """The plan's programme when it runs (the check-in then needs no query to find it)."""
    if plan is None or plan.programme.status == Programme.Status.ENDED:
        return None
    return plan.programme


def programme_state(patient: Patient, plan: WeeklyPlan | None, day: date) -> str | None:
    """Why no plan is shown today, or None when the week's plan is in force:

    - ``paused``: the therapist paused the programme;
    - ``starts``: the week's plan begins on a later day;
    - ``next_week``: the programme runs but no week is in force (one waits for the
      therapist's approval);
    - ``ended``: the programme is finished and no other runs;
    - ``waiting``: no programme yet ("u krijgt bericht"; only while none runs).
    """
    if plan is not None:
        if plan.programme.status == Programme.Status.PAUSED:
            return "paused"
        if plan.starts_on > day:
            return "starts"
        return None
    statuses = set(Programme.objects.filter(patient=patient).values_list("status", flat=True))
    if statuses - {Programme.Status.ENDED}:
        return "next_week"
    if statuses:
        return "ended"
    return "waiting"


@require_POST
@own_patient_view
def start_notice_read(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The patient has read "Uw programma is gestart": Today stops showing it."""
    if start_notice.mark_read(patient):
        record_request(request, Action.UPDATE, patient=patient, detail={"start_notice_read": True})
    return back(request, reverse("web:patient_home"))


def _done_message(the_day: days.Day, kind: str, item: str, *, checkin_due: bool) -> str:
    if kind == Tick.Kind.WALK:
        return _("Wandeling %(number)s is afgevinkt. Goed bezig!") % {"number": item}
    if kind == Tick.Kind.EXPOSURE:
        return _("Bewaard: u heeft de oefenstap gedaan. Knap van u!")
    entry = the_day.exercise(item)
    name = entry.name if entry else item
    if the_day.session_done:
        done = _("%(name)s is afgevinkt. Uw oefeningen van vandaag zijn klaar. Goed gedaan!") % {
            "name": name
        }
        if checkin_due:  # "klaar" is about the exercises, never about the open check-in
            return " ".join([done, _("Uw wekelijkse check-in staat nog voor u klaar.")])
        return done
    return _("%(name)s is afgevinkt.") % {"name": name}


def _can_tick(plan: WeeklyPlan | None) -> bool:
    """Only a week in force of an active programme takes ticks (not paused, not later)."""
    return (
        plan is not None
        and plan.programme.status == Programme.Status.ACTIVE
        and plan.starts_on <= today()
    )


@require_POST
@own_patient_view
def tick(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Tick a walk, an exercise or the exposure step off for today (or undo it)."""
    home = reverse("web:patient_home")
    form = TickForm(request.POST)
    plan = days.current_plan(patient)
    if not _can_tick(plan) or not form.is_valid():
        messages.error(request, _("Dit kon niet worden bewaard. Probeer het nog eens."))
        return back(request, home)
    kind, item = form.cleaned_data["kind"], form.cleaned_data["item"]
    undo = form.cleaned_data["action"] == "undo"
    day = _tick_day(form.cleaned_data["ticked_on"], plan)
    try:
        with transaction.atomic():
            if not Submission.objects.claim(patient, form.cleaned_data["key"]):
                return back(request, home)  # sent twice: the first one counted
            if undo:
                changed = days.undo(patient, plan, day, kind, item)
            else:
                changed = days.tick(patient, plan, day, kind, item)
    except days.NotInPlan:
        messages.error(request, _("Dit staat niet in uw plan van vandaag."))
        return back(request, home)
    if changed is not None:
        if undo:
            messages.info(request, _("Afvinken is ongedaan gemaakt."))
        else:
            the_day = days.load_day(patient, plan, day, language())
            due = the_day.session_done and checkin_due(patient, day, programme=plan.programme)
            messages.success(request, _done_message(the_day, kind, item, checkin_due=due))
    return back(request, home)


def _tick_day(ticked_on: date | None, plan: WeeklyPlan) -> date:
    """The day a tick counts for: the day the device sent it on (a tick that waited offline
    counts for the day it was made), if that is in the week in force and not after today;
    else today."""
    day = today()
    if ticked_on is not None and plan.starts_on <= ticked_on <= day:
        return ticked_on
    return day


@require_POST
@own_patient_view
def own_walk(request: HttpRequest, patient: Patient) -> HttpResponse:
    """A walk of the patient's own length: its minutes count for today."""
    home = reverse("web:patient_home")
    plan = days.current_plan(patient)
    if not _can_tick(plan):
        messages.error(request, _("Dit kon niet worden bewaard. Probeer het nog eens."))
        return back(request, home)
    form = OwnWalkForm(request.POST)
    if not form.is_valid():
        return today_page(request, patient, own_walk_form=form)
    key = form.cleaned_data["key"]
    minutes = form.cleaned_data["minutes"]
    with transaction.atomic():
        if not Submission.objects.claim(patient, key):
            return back(request, home)
        days.tick(patient, plan, today(), Tick.Kind.WALK, f"extra-{key}", minutes=minutes)
    messages.success(
        request,
        _("%(minutes)s minuten wandelen zijn bewaard. Goed bezig!") % {"minutes": minutes},
    )
    return back(request, f"{home}#walks")
