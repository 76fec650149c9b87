"""Discharge: the therapist closes the episode, and with it the self-management programme.

A workspace service rather than a ``Discharge`` model method (issue #13): ending the
episode reaches across apps (the programme's planning), and the workspace is the layer
that may import them; the model keeps the data only.
"""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import Programme
from ruggensteun.programme.planning import set_status
from ruggensteun.workspace.models import Discharge


def close_episode(
    patient: Patient, *, by: Any, discharged_on: date, reason: str, summary: str
) -> Discharge | None:
    """Discharge the patient; None when a discharge is already in force (e.g. the form
    was sent twice)."""
    try:
        with transaction.atomic():
            discharge = Discharge.objects.create(
                patient=patient,
                discharged_on=discharged_on,
                reason=reason,
                summary=summary,
                discharged_by=by,
            )
    except IntegrityError:
        return None
    # The episode is over, so is its self-management programme (no more weekly plans,
    # reminders or check-ins); reopening the episode does not restart it by itself.
    programme = Programme.objects.current_for(patient)
    if programme is not None:
        set_status(programme, Programme.Status.ENDED, discharged_on)
    return discharge
