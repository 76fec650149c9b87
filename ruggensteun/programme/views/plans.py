"""The therapist's side of the programme: the page per patient, starting, the changes to a
week (each with a reason), approving a proposed week, pausing and ending."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.audit.log import Action, record_request
from ruggensteun.clinical.programme.exercises import get_exercise
from ruggensteun.patients.access import patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.programme import changes, planning
from ruggensteun.programme.display import programme_overview
from ruggensteun.programme.forms import (
    ApproveEachWeekForm,
    DosageForm,
    GoalForm,
    StartForm,
    StatusForm,
    SwapForm,
    WalkingForm,
)
from ruggensteun.programme.goals import psk_activities
from ruggensteun.programme.inputs import ProfileIncomplete, build_profile, language_of
from ruggensteun.programme.models import Programme, WeeklyPlan


def _language() -> str:
    return "en" if get_language() == "en" else "nl"


def _editable_plan_or_404(patient: Patient, plan_id: int) -> WeeklyPlan:
    return get_object_or_404(
        WeeklyPlan.objects.of_patient(patient).exclude(programme__status=Programme.Status.ENDED),
        pk=plan_id,
        status__in=(WeeklyPlan.Status.ACTIVE, WeeklyPlan.Status.PROPOSED),
    )


def _running_or_404(patient: Patient) -> Programme:
    return get_object_or_404(Programme.objects.running(), patient=patient)


def _back(patient: Patient) -> HttpResponse:
    return redirect("programme:overview", patient_id=patient.pk)


@patient_view
def overview(request: HttpRequest, patient: Patient) -> HttpResponse:
    context = programme_overview(patient, _language())
    programme = context["programme"]
    context.update(
        patient=patient,
        start_form=StartForm() if programme is None else None,
        approval_form=ApproveEachWeekForm(instance=programme) if programme else None,
        goal_form=GoalForm(activities=context.get("goal_activities", []), language=_language()),
    )
    return render(request, "programme/overview.html", context)


@patient_view
@require_POST
def start(request: HttpRequest, patient: Patient) -> HttpResponse:
    form = StartForm(request.POST)
    form.is_valid()
    # "Week 1 eerst aanpassen": week 1 waits until the therapist starts it.
    prepare = "prepare" in request.POST
    try:
        programme = planning.start_programme(
            patient,
            request.user,
            approve_each_week=form.cleaned_data.get("approve_each_week", False),
            today=timezone.localdate(),
            prepare=prepare,
        )
    except planning.ProgrammeCannotStart as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
        return _back(patient)
    record_request(
        request,
        Action.CREATE,
        patient=patient,
        what="programme started",
        detail={
            "programme": programme.pk,
            "approve_each_week": programme.approve_each_week,
            "week_1_prepared": prepare,
        },
    )
    if prepare:
        messages.success(
            request,
            _(
                "Week 1 staat klaar. Pas hem aan en start hem dan. De patiënt ziet week 1 pas "
                "als u hem start."
            ),
        )
    else:
        messages.success(request, _("Het programma is gestart. Week 1 loopt vanaf vandaag."))
    return _back(patient)


@patient_view
@require_POST
def approve(request: HttpRequest, patient: Patient, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(WeeklyPlan.objects.of_patient(patient).awaiting_approval(), pk=plan_id)
    planning.approve(plan, request.user, timezone.localdate())
    record_request(
        request,
        Action.UPDATE,
        patient=patient,
        what="programme week approved",
        detail={"week": plan.week},
    )
    messages.success(request, _("Week %(week)s is goedgekeurd en loopt nu.") % {"week": plan.week})
    return _back(patient)


@patient_view
@require_POST
def approve_each_week(request: HttpRequest, patient: Patient) -> HttpResponse:
    programme = _running_or_404(patient)
    form = ApproveEachWeekForm(request.POST, instance=programme)
    if form.is_valid():
        form.save()
        record_request(
            request,
            Action.UPDATE,
            patient=patient,
            what="programme approve each week",
            detail={"approve_each_week": programme.approve_each_week},
        )
        messages.success(
            request,
            _("Nieuwe weken wachten voortaan op uw goedkeuring.")
            if programme.approve_each_week
            else _("Nieuwe weken starten voortaan vanzelf."),
        )
    return _back(patient)


@patient_view
@require_POST
def change_status(request: HttpRequest, patient: Patient) -> HttpResponse:
    programme = _running_or_404(patient)
    form = StatusForm(request.POST)
    if form.is_valid() and form.cleaned_data["status"] != programme.status:
        status = form.cleaned_data["status"]
        planning.set_status(programme, status, timezone.localdate())
        record_request(
            request,
            Action.UPDATE,
            patient=patient,
            what="programme status",
            detail={"status": status},
        )
        messages.success(
            request,
            _("Het programma is nu: %(status)s.") % {"status": Programme.Status(status).label},
        )
    return _back(patient)


@patient_view
def change_exercise(
    request: HttpRequest, patient: Patient, plan_id: int, exercise_id: str
) -> HttpResponse:
    """Swap an exercise, or change its dosage and days a week: both with a reason."""
    plan = _editable_plan_or_404(patient, plan_id)
    entry = next((e for e in plan.plan["exercises"] if e["id"] == exercise_id), None)
    if entry is None:
        return _back(patient)
    language = _language()
    exercise = get_exercise(exercise_id)
    try:
        candidates = changes.swap_candidates(plan.plan, exercise_id, build_profile(patient))
    except ProfileIncomplete:
        candidates = []
    action = request.POST.get("action") if request.method == "POST" else None
    swap_form = SwapForm(
        request.POST if action == "swap" else None, candidates=candidates, language=language
    )
    planned = next(p for p in plan.engine_plan.exercises if p.id == exercise_id)
    dosage_form = DosageForm(
        request.POST if action == "dosage" else None,
        exercise=exercise,
        language=language,
        initial={"step": planned.step, "days_per_week": planned.days_per_week},
    )
    form: forms.Form | None = {"swap": swap_form, "dosage": dosage_form}.get(action or "")
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "swap":
                change = changes.swap_exercise(
                    plan, exercise_id, data["new_exercise"], data["reason"], request.user
                )
            else:
                change = changes.change_dosage(
                    plan,
                    exercise_id,
                    data["step"],
                    data["days_per_week"],
                    data["reason"],
                    request.user,
                )
        except changes.ChangeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            _log_change(request, patient, plan, change, str(change.get_kind_display()))
            messages.success(request, _("De wijziging is opgeslagen, met de reden."))
            return _back(patient)
    return render(
        request,
        "programme/change_exercise.html",
        {
            "patient": patient,
            "plan": plan,
            "exercise": exercise,
            "planned": planned,
            "dose": planned.dosage.label(language, per_side=exercise.per_side),
            "swap_form": swap_form if candidates else None,
            "dosage_form": dosage_form,
            "language": language,
        },
    )


def _log_change(request: HttpRequest, patient: Patient, plan: Any, change: Any, what: str) -> None:
    """The therapist's change of a week, with its reason, in the audit log."""
    record_request(
        request,
        Action.UPDATE,
        patient=patient,
        what=f"programme week {plan.week}: {what}",
        detail={
            "week": plan.week,
            "before": change.before,
            "after": change.after,
            "reason": change.reason,
        },
    )


@patient_view
def change_walking(request: HttpRequest, patient: Patient, plan_id: int) -> HttpResponse:
    plan = _editable_plan_or_404(patient, plan_id)
    walking = plan.plan["walking"]
    form = WalkingForm(
        request.POST or None,
        initial={
            "minutes_per_day": walking["minutes_per_day"],
            "walks_per_day": walking["walks_per_day"],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = changes.change_walking(
                plan, data["minutes_per_day"], data["walks_per_day"], data["reason"], request.user
            )
        except changes.ChangeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            _log_change(request, patient, plan, change, "walking goal")
            messages.success(request, _("Het wandeldoel is aangepast, met de reden."))
            return _back(patient)
    return render(
        request,
        "programme/change_walking.html",
        {"patient": patient, "plan": plan, "walking": walking, "form": form},
    )


@patient_view
@require_POST
def adopt_goal(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Adopt one of the patient's PSK activities as a goal ("werken toe naar")."""
    programme = _running_or_404(patient)
    form = GoalForm(request.POST, activities=psk_activities(patient), language=_language())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(patient)
    activity = form.activities[form.cleaned_data["activity"]]
    try:
        change = changes.adopt_goal(
            programme,
            activity.id,
            # The patient reads the goal, so its name is in the patient's language.
            activity.name(language_of(patient)),
            form.cleaned_data["kind"],
            activity.difficulty,
            request.user,
        )
    except changes.ChangeRefused as refusal:
        messages.error(request, str(refusal))
        return _back(patient)
    _log_change(request, patient, change.plan, change, "goal adopted")
    messages.success(request, _("Het doel staat nu in het plan van de patiënt."))
    return _back(patient)


@patient_view
@require_POST
def remove_goal(request: HttpRequest, patient: Patient) -> HttpResponse:
    programme = _running_or_404(patient)
    try:
        change = changes.remove_goal(programme, request.POST.get("goal", ""), request.user)
    except changes.ChangeRefused as refusal:
        messages.error(request, str(refusal))
        return _back(patient)
    _log_change(request, patient, change.plan, change, "goal removed")
    messages.success(request, _("Het doel is uit het plan gehaald."))
    return _back(patient)
