"""Exercising along: an exercise of today's plan with its pictures, steps and dosage, the
player, and the patient's "too painful" / "too easy" (and the next day's question)."""

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.base.redirects import back
from ruggensteun.patients.access import own_patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.programme.labels import CATEGORY_NAMES
from ruggensteun.programme.models import ExerciseFeedback, Programme
from ruggensteun.today import day as days
from ruggensteun.today.forms import FeedbackForm, NextDayForm
from ruggensteun.today.models import Submission
from ruggensteun.today.player import player_config, player_texts
from ruggensteun.today.views.common import language, today


def _todays(patient: Patient, exercise_id: str) -> tuple[days.Day, days.DayExercise]:
    """Today's plan and this exercise in it; 404 when it is not in this week's plan."""
    plan = days.current_plan(patient)
    if plan is None:
        raise Http404
    the_day = days.load_day(patient, plan, today(), language())
    entry = the_day.exercise(exercise_id)
    if entry is None:
        raise Http404
    return the_day, entry


@own_patient_view
def exercise(request: HttpRequest, patient: Patient, exercise_id: str) -> HttpResponse:
    the_day, entry = _todays(patient, exercise_id)
    feedback_today = set(
        ExerciseFeedback.objects.filter(
            patient=patient, exercise_id=exercise_id, date=the_day.date
        ).values_list("kind", flat=True)
    )
    questions = [
        q for q in days.next_day_questions(patient, the_day.date) if q.exercise_id == exercise_id
    ]
    return render(
        request,
        "today/exercise.html",
        {
            "patient": patient,
            "today": the_day,
            "entry": entry,
            "exercise": entry.exercise,
            "category_name": CATEGORY_NAMES[entry.exercise.category],
            "language": language(),
            "feedback_today": feedback_today,
            "next_day_questions": questions,
            "yesterday": the_day.date - timedelta(days=1),
            "player": player_config(entry),
            "player_texts": player_texts(),
            "running": the_day.plan.programme.status == Programme.Status.ACTIVE,
        },
    )


@require_POST
@own_patient_view
def feedback(request: HttpRequest, patient: Patient, exercise_id: str) -> HttpResponse:
    """ "Too painful" or "too easy", for today."""
    the_day, entry = _todays(patient, exercise_id)
    page = reverse("today:exercise", args=[exercise_id])
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dit kon niet worden bewaard. Probeer het nog eens."))
        return back(request, page)
    with transaction.atomic():
        if not Submission.objects.claim(patient, form.cleaned_data["key"]):
            return back(request, page)
        kind = form.cleaned_data["kind"]
        days.give_feedback(patient, entry.id, the_day.date, kind)
    if kind == ExerciseFeedback.Kind.TOO_PAINFUL:
        messages.success(
            request,
            _(
                "Dank u, dat is bewaard. Doe deze oefening rustiger of minder vaak. "
                "Morgen vragen we of u er nog last van heeft."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Dank u, dat is bewaard. Doet u goed mee? Dan worden uw oefeningen elke week "
                "een stapje zwaarder."
            ),
        )
    return back(request, f"{page}#feedback")


@require_POST
@own_patient_view
def next_day(request: HttpRequest, patient: Patient, feedback_id: int) -> HttpResponse:
    """The answer to "Heeft u nog last van de oefening van gisteren?"."""
    row = get_object_or_404(
        ExerciseFeedback,
        pk=feedback_id,
        patient=patient,
        kind=ExerciseFeedback.Kind.TOO_PAINFUL,
    )
    home = reverse("web:patient_home")
    form = NextDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies ja of nee."))
        return back(request, home)
    with transaction.atomic():
        if not Submission.objects.claim(patient, form.cleaned_data["key"]):
            return back(request, home)
        days.answer_next_day(patient, row, form.answer)
    if form.answer:
        messages.success(
            request,
            _(
                "Dank u. Volgende week zoekt het programma een lichtere oefening voor u. "
                "Doe deze oefening tot dan rustig en minder vaak."
            ),
        )
    else:
        messages.success(request, _("Fijn om te horen. Ga rustig door met de oefening."))
    return back(request, home)
