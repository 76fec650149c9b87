"""The practice admin's figures."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ruggensteun.accounts.roles import admin_practice, admin_required
from ruggensteun.workspace.dashboard import practice_figures
from ruggensteun.workspace.episodes import TWELVE_WEEKS_WINDOW_DAYS


@admin_required
def dashboard(request: HttpRequest) -> HttpResponse:
    practice = admin_practice(request.user)
    low, high = TWELVE_WEEKS_WINDOW_DAYS
    context = {
        "practice": practice,
        "figures": practice_figures(practice, timezone.localdate(), request.LANGUAGE_CODE),
        "window": (low // 7, high // 7),
    }
    return render(request, "workspace/dashboard.html", context)
