"""The flare-up plan ("opstootplan", programme.md §7), one tap away on every patient page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ruggensteun.accounts.models import Practice
from ruggensteun.clinical.programme.education import load_flareup_plan
from ruggensteun.patients.access import own_patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.today.views.common import language

# Numbers to call, by the practice's country. The GP's own number is the patient's to
# know; the out-of-hours GP service has one national number in Belgium only (1733); in the
# Netherlands each region has its own huisartsenpost.
OUT_OF_HOURS = {Practice.Country.BELGIUM: "1733"}
EMERGENCY = "112"


@own_patient_view
def flare_up_plan(request: HttpRequest, patient: Patient) -> HttpResponse:
    plan = load_flareup_plan()
    return render(
        request,
        "today/flare_up_plan.html",
        {
            "plan": plan,
            "self_care": [step for step in plan.steps if step.kind == "self_care"],
            "contact": [step for step in plan.steps if step.kind == "contact_therapist"],
            "red_flags": [step for step in plan.steps if step.kind == "red_flags"],
            "patient": patient,
            "practice": patient.practice,
            "out_of_hours": OUT_OF_HOURS.get(patient.practice.country),
            "emergency": EMERGENCY,
            "language": language(),
        },
    )
