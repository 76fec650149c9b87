from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.roles import staff_required
from ruggensteun.clinical.programme.exercises import (
    CATEGORIES,
    Exercise,
    chain,
    get_exercise,
    load_exercises,
)
from ruggensteun.programme.labels import CATEGORY_NAMES


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek"), required=False)
    category = forms.ChoiceField(
        label=_("Categorie"),
        required=False,
        choices=[("", _("Alle categorieën")), *[(c, CATEGORY_NAMES[c]) for c in CATEGORIES]],
    )
    level = forms.TypedChoiceField(
        label=_("Niveau"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Alle niveaus")), *[(str(n), str(n)) for n in range(1, 5)]],
    )

    def matches(self, exercise: Exercise, language: str) -> bool:
        data = self.cleaned_data
        if data.get("category") and exercise.category != data["category"]:
            return False
        if data.get("level") and exercise.level != data["level"]:
            return False
        query = (data.get("q") or "").strip().lower()
        return not query or query in exercise.name.get(language).lower() or query in exercise.id


@staff_required
def library(request: HttpRequest) -> HttpResponse:
    language = "en" if get_language() == "en" else "nl"
    form = LibraryFilterForm(request.GET or None)
    exercises = list(load_exercises())
    if form.is_valid():
        exercises = [exercise for exercise in exercises if form.matches(exercise, language)]
    groups = [
        (CATEGORY_NAMES[category], [e for e in exercises if e.category == category])
        for category in CATEGORIES
    ]
    return render(
        request,
        "programme/library.html",
        {
            "form": form,
            "groups": [(name, items) for name, items in groups if items],
            "count": len(exercises),
            "language": language,
        },
    )


@staff_required
def exercise_detail(request: HttpRequest, exercise_id: str) -> HttpResponse:
    try:
        exercise = get_exercise(exercise_id)
    except KeyError:
        raise Http404 from None
    return render(
        request,
        "programme/exercise_detail.html",
        {
            "exercise": exercise,
            "chain": chain(exercise.chain),
            "category_name": CATEGORY_NAMES[exercise.category],
            "language": "en" if get_language() == "en" else "nl",
        },
    )
