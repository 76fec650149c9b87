from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ruggensteun.accounts.roles import is_patient, is_practice_admin, is_practice_staff
from ruggensteun.diary.models import PainDiary
from ruggensteun.patients.access import safety_of

# On a phone these stay in the menu bar and the others sit behind "Meer" (base.html). The
# flare-up plan is one tap away on every patient page.
PRIMARY = {
    "intake:advice",
    "web:patient_home",
    "diary:checkin",
    "today:flare_up_plan",
    "patients:caseload",
    "patients:invite",
    "programme:library",
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu: one for patients, one for practice staff, none for visitors; for staff also
    the release (the footer)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_kind": None}
    if is_patient(user) and safety_of(request, user.patient).lockdown:
        # An emergency or urgent red flag waits for the therapist: the menu offers only the
        # advice (every other patient page leads there anyway, patients.access).
        kind = "patient"
        entries = [("intake:advice", _("Advies"))]
    elif is_patient(user):
        kind = "patient"
        diary_on = PainDiary.objects.is_on_for(user.patient)
        entries = [
            ("web:patient_home", _("Vandaag")),
            ("today:learn", _("Leren")),
            ("diary:checkin", _("Check-in")),
            ("mydata:progress", _("Voortgang")),
            ("questionnaires:mine", _("Vragenlijsten")),
            ("today:flare_up_plan", _("Opstootplan")),
            ("messaging:thread", _("Berichten")),
        ]
        if diary_on:
            entries.insert(4, ("diary:diary", _("Pijndagboek")))
    elif is_practice_staff(user):
        kind = "staff"
        entries = [
            ("patients:caseload", _("Patiënten")),
            ("patients:invite", _("Uitnodigen")),
            ("programme:library", _("Oefeningen")),
            ("questionnaires:overview", _("Vragenlijsten")),
            ("workspace:exports", _("Uitkomsten")),
            ("signoff:overview", _("Klinische teksten")),
        ]
        if is_practice_admin(user):
            entries.append(("web:practice", _("Praktijk")))
    else:
        kind = "none"
        entries = []
    entries.append(("accounts:settings", _("Account")))
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {
            "url": reverse(name),
            "label": label,
            "active": name == current,
            "primary": name in PRIMARY,
        }
        for name, label in entries
    ]
    # Staff name the release in a bug report; patients have no use for it (base.html).
    version = settings.RUGGENSTEUN_VERSION if kind == "staff" else ""
    return {"nav_items": items, "nav_kind": kind, "app_version": version}
