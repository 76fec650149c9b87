from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ruggensteun.accounts.roles import (
    admin_practice,
    admin_required,
    is_patient,
    is_practice_admin,
    is_practice_staff,
)
from ruggensteun.patients.access import own_patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.today.views.home import today_page


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """Send everyone to where they start: the login, the patient's day, the practice
    overview (an admin) or the caseload (a therapist)."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if is_patient(user):
        return redirect("web:patient_home")
    if is_practice_admin(user):
        return redirect("web:practice")
    if is_practice_staff(user):
        return redirect("patients:caseload")
    return render(request, "web/no_role.html", status=403)


@own_patient_view
def patient_home(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The patient's home is the Today screen (``ruggensteun.today``)."""
    return today_page(request, patient)


@admin_required
def practice(request: HttpRequest) -> HttpResponse:
    """The practice admin's starting point: team, audit log and settings."""
    return render(request, "web/practice.html", {"practice": admin_practice(request.user)})


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    """For the load balancer: the app answers and reaches its database."""
    Patient.objects.exists()
    return HttpResponse("ok", content_type="text/plain")
