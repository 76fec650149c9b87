"""The advice card: what a patient with an open red flag is told to do, and whom to call.

One card for every page that shows red-flag advice (the intake's advice page, the
check-in's result, Today and the lockdown page). The words and the order of the buttons
come from the clinical core (``patient_advice``, triage.md §2.1, by the practice's
country); the numbers from the practice's contact card.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ruggensteun.accounts.phone import tel_href
from ruggensteun.clinical.triage.texts import PatientAdvice, Text, patient_advice
from ruggensteun.intake.models import RedFlagAlert
from ruggensteun.intake.status import BLOCKING_URGENCIES, SafetyState
from ruggensteun.patients.models import Patient

EMERGENCY_NUMBER = "112"

# How long Today shows the therapist's message after handling, unless read sooner.
MESSAGE_SHOWN_DAYS = 14


@dataclass(frozen=True)
class CallButton:
    kind: str  # "112", "gp" (the practice's GP line) or "out_of_hours" (e.g. 1733)
    number: str
    href: str


@dataclass(frozen=True)
class AdviceCard:
    advice: PatientAdvice
    buttons: tuple[CallButton, ...]  # the first one is the big one
    # The advice names the GP, but the practice gave no number and the country has no
    # national one: the card says "bel uw huisarts" in words.
    call_own_gp: bool
    acted: bool  # the patient pressed "Ik heb gebeld"
    lockdown: bool

    @property
    def key(self) -> str:
        return self.advice.key

    @property
    def urgency(self) -> str:
        return str(self.advice.urgency)

    @property
    def text(self) -> Text:
        return self.advice.text

    @property
    def signs(self) -> tuple[Text, ...]:
        return self.advice.signs


def _buttons(advice: PatientAdvice, gp_phone: str) -> tuple[tuple[CallButton, ...], bool]:
    buttons: list[CallButton] = []
    call_own_gp = False
    for call in advice.calls:
        if call == EMERGENCY_NUMBER:
            buttons.append(CallButton("112", EMERGENCY_NUMBER, tel_href(EMERGENCY_NUMBER)))
        elif call == "gp" and tel_href(gp_phone):
            buttons.append(CallButton("gp", gp_phone, tel_href(gp_phone)))
        elif call == "gp" and advice.out_of_hours_phone:
            number = advice.out_of_hours_phone
            buttons.append(CallButton("out_of_hours", number, tel_href(number)))
        elif call == "gp":
            call_own_gp = True
    return tuple(buttons), call_own_gp


def advice_card(patient: Patient, state: SafetyState) -> AdviceCard | None:
    """The card for the patient's open red flags that call for the GP; None without one."""
    if not state.alerts or state.urgency is None:
        return None
    practice = patient.practice
    advice = patient_advice(state.urgency, state.rule_ids, practice.country)
    buttons, call_own_gp = _buttons(advice, practice.gp_phone)
    return AdviceCard(
        advice=advice,
        buttons=buttons,
        call_own_gp=call_own_gp,
        acted=any(alert.patient_acted_at is not None for alert in state.alerts),
        lockdown=state.lockdown,
    )


@transaction.atomic
def record_patient_acted(patient: Patient) -> list[int]:
    """ "Ik heb gebeld": mark the open blocking alerts the patient has not marked yet.

    Idempotent: a second press changes nothing. Returns the ids of the alerts marked.
    """
    alerts = (
        RedFlagAlert.objects.select_for_update()
        .open()
        .filter(patient=patient, urgency__in=BLOCKING_URGENCIES, patient_acted_at__isnull=True)
    )
    ids = list(alerts.values_list("pk", flat=True))
    RedFlagAlert.objects.filter(pk__in=ids).update(patient_acted_at=timezone.now())
    return ids


def therapist_message(patient: Patient) -> RedFlagAlert | None:
    """The newest message a therapist left on handling a red flag, while the patient has
    not read it and for MESSAGE_SHOWN_DAYS after handling."""
    return (
        RedFlagAlert.objects.filter(
            patient=patient,
            handled_at__gte=timezone.now() - timedelta(days=MESSAGE_SHOWN_DAYS),
            patient_message_read_at__isnull=True,
        )
        .exclude(patient_message="")
        .select_related("handled_by")
        .order_by("-handled_at", "-id")
        .first()
    )


def mark_message_read(patient: Patient) -> int:
    """The patient has read the therapist's messages: Today stops showing them."""
    return (
        RedFlagAlert.objects.filter(
            patient=patient, handled_at__isnull=False, patient_message_read_at__isnull=True
        )
        .exclude(patient_message="")
        .update(patient_message_read_at=timezone.now())
    )
