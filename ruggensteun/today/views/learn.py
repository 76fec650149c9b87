"""Learn: this week's education modules, the library of those unlocked, and a module with
its check questions."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.base.redirects import back
from ruggensteun.clinical.programme.education import EducationModule, get_module
from ruggensteun.patients.access import own_patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.today import day as days
from ruggensteun.today import learning
from ruggensteun.today.forms import AnswerForm, KeyedForm
from ruggensteun.today.models import ModuleAnswer, Submission
from ruggensteun.today.views.common import language


@own_patient_view
def learn(request: HttpRequest, patient: Patient) -> HttpResponse:
    unlocked = learning.unlocked(patient)
    week = learning.this_week(days.current_plan(patient))
    read = learning.read_ids(patient)
    earlier = {module_id: reason for module_id, reason in unlocked.items() if module_id not in week}
    return render(
        request,
        "today/learn.html",
        {
            "this_week": learning.entries(week, read),
            "library": learning.entries(earlier, read),
            "language": language(),
        },
    )


def _unlocked_module(patient: Patient, module_id: str) -> tuple[EducationModule, str]:
    """The module and why it was given; 404 unless the patient's plans unlocked it."""
    unlocked = learning.unlocked(patient)
    if module_id not in unlocked:
        raise Http404
    return get_module(module_id), unlocked[module_id]


@own_patient_view
def module(request: HttpRequest, patient: Patient, module_id: str) -> HttpResponse:
    the_module, reason = _unlocked_module(patient, module_id)
    lang = language()
    bound: AnswerForm | None = None
    if request.method == "POST":
        question_id = request.POST.get("question", "")
        question = next((q for q in the_module.questions if q.id == question_id), None)
        if question is not None:
            bound = AnswerForm(request.POST, question=question, language=lang)
            if bound.is_valid():
                with transaction.atomic():
                    if Submission.objects.claim(patient, bound.cleaned_data["key"]):
                        learning.answer(patient, the_module, question, bound.chosen())
                page = reverse("today:module", args=[module_id])
                return back(request, f"{page}#question-{question.id}")
    answers = ModuleAnswer.objects.latest_for(patient, module_id)
    questions = []
    for question in the_module.questions:
        answer = answers.get(question.id)
        if bound is not None and request.POST.get("question") == question.id:
            form, checked = bound, set(request.POST.getlist("option"))
        else:
            form = AnswerForm(question=question, language=lang)
            checked = set(answer.chosen) if answer else set()
        questions.append({"question": question, "form": form, "answer": answer, "checked": checked})
    return render(
        request,
        "today/module.html",
        {
            "module": the_module,
            "reason": reason,
            "questions": questions,
            "read": module_id in learning.read_ids(patient),
            "language": lang,
        },
    )


@require_POST
@own_patient_view
def module_read(request: HttpRequest, patient: Patient, module_id: str) -> HttpResponse:
    the_module, _reason = _unlocked_module(patient, module_id)
    form = KeyedForm(request.POST)
    page = reverse("today:learn")
    if form.is_valid():
        with transaction.atomic():
            if Submission.objects.claim(patient, form.cleaned_data["key"]) and learning.mark_read(
                patient, the_module.id
            ):
                messages.success(request, _("Goed gedaan! U heeft deze tekst gelezen."))
    return back(request, page)
