"""The Today screen (the patient's home, ``web:patient_home``) and ticking things off."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.audit.log import Action, record_request
from ruggensteun.clinical.programme.education import load_hygiene_tips
from ruggensteun.intake.advice import advice_card, therapist_message
from ruggensteun.intake.models import Intake
from ruggensteun.patients.access import own_patient_view, safety_of
from ruggensteun.patients.models import Patient
from ruggensteun.programme import start_notice
from ruggensteun.programme.models import Programme
from ruggensteun.today import day as days
from ruggensteun.today import learning
from ruggensteun.today.forms import OwnWalkForm, TickForm
from ruggensteun.today.models import Submission, Tick
from ruggensteun.today.views.common import back, language, today


def today_page(
    request: HttpRequest, patient: Patient, own_walk_form: OwnWalkForm | None = None
) -> HttpResponse:
    """What to do today. Called by ``web.views.patient_home`` (already authorised)."""
    day = today()
    lang = language()
    intake = Intake.objects.filter(patient=patient).first()
    # The GP advice stays on top until the therapist has recorded what was done; the
    # programme waits under it (a red flag is never hidden behind a programme). With an
    # emergency or urgent flag open own_patient_view shows only the advice instead.
    card = advice_card(patient, safety_of(request, patient))
    plan = days.current_plan(patient)
    tips = load_hygiene_tips()
    context: dict[str, Any] = {
        "patient": patient,
        "intake": intake,
        "intake_done": intake is not None and intake.is_complete,
        "card": card,
        "practice": patient.practice,
        # What the therapist told the patient on handling a red flag, until read.
        "therapist_message": therapist_message(patient) if card is None else None,
        # "Uw programma is gestart", until read or for a week (issue #12).
        "start_notice": start_notice.start_notice(patient) if card is None else None,
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
    }
    if plan is not None and card is None:
        context["today"] = days.load_day(patient, plan, day, lang)
        context["modules"] = learning.entries(learning.this_week(plan), learning.read_ids(patient))
        context["next_day_questions"] = days.next_day_questions(patient, day)
    elif plan is None:
        context["ended"] = Programme.objects.filter(
            patient=patient, status=Programme.Status.ENDED
        ).exists()
    return render(request, "today/today.html", context)


@require_POST
@own_patient_view
def start_notice_read(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The patient has read "Uw programma is gestart": Today stops showing it."""
    if start_notice.mark_read(patient):
        record_request(request, Action.UPDATE, patient=patient, detail={"start_notice_read": True})
    return back(request, reverse("web:patient_home"))


def _done_message(the_day: days.Day, kind: str, item: str) -> str:
    if kind == Tick.Kind.WALK:
        return _("Wandeling %(number)s is afgevinkt. Goed bezig!") % {"number": item}
    if kind == Tick.Kind.EXPOSURE:
        return _("Bewaard: u heeft de oefenstap gedaan. Knap van u!")
    entry = the_day.exercise(item)
    name = entry.name if entry else item
    if the_day.session_done:
        return _("%(name)s is afgevinkt. Uw oefeningen van vandaag zijn klaar. Goed gedaan!") % {
            "name": name
        }
    return _("%(name)s is afgevinkt.") % {"name": name}


@require_POST
@own_patient_view
def tick(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Tick a walk, an exercise or the exposure step off for today (or undo it)."""
    home = reverse("web:patient_home")
    form = TickForm(request.POST)
    plan = days.current_plan(patient)
    if plan is None or plan.programme.status != Programme.Status.ACTIVE or not form.is_valid():
        messages.error(request, _("Dit kon niet worden bewaard. Probeer het nog eens."))
        return back(request, home)
    kind, item = form.cleaned_data["kind"], form.cleaned_data["item"]
    undo = form.cleaned_data["action"] == "undo"
    day = today()
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
            messages.success(request, _done_message(the_day, kind, item))
    return back(request, home)


@require_POST
@own_patient_view
def own_walk(request: HttpRequest, patient: Patient) -> HttpResponse:
    """A walk of the patient's own length: its minutes count for today."""
    home = reverse("web:patient_home")
    plan = days.current_plan(patient)
    if plan is None or plan.programme.status != Programme.Status.ACTIVE:
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
