"""The case base follows the episodes: a case is written when a discharge is saved, and a
patient's case goes when their record is deleted. Reopened episodes leave the case base at
the next ``refresh_case_base`` (reopening is an update without a signal)."""

import logging
from typing import Any

from django.db import transaction

from ruggensteun.outcomes.casebase import refresh_patient
from ruggensteun.outcomes.models import EpisodeCase, patient_key

log = logging.getLogger(__name__)


def discharge_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """After the discharge is committed (so a failure here never undoes it)."""
    if not created or kwargs.get("raw") or instance.reopened_at is not None:
        return
    patient_id = instance.patient_id

    def write() -> None:
        try:
            refresh_patient(patient_id)
        except Exception:  # the case base is derived: refresh_case_base repairs it
            log.exception("Could not write the case of patient %s", patient_id)

    transaction.on_commit(write)


def patient_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    EpisodeCase.objects.filter(patient_key=patient_key(instance.pk)).delete()
