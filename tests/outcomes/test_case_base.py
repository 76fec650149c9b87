"""The case base: a case at discharge (the receiver), the refresh command, deletion, and
the fit command's report."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ruggensteun.intake.models import Intake
from ruggensteun.outcomes.models import EpisodeCase, patient_key
from ruggensteun.workspace.models import Discharge
from tests import personas
from tests.clock import TODAY
from tests.outcomes.helpers import make_cases, triaged
from tests.workspace.outcomes import episode

pytestmark = pytest.mark.django_db
START = TODAY - timedelta(days=120)


def test_a_discharge_writes_the_pseudonymous_case(
    patient, therapist, django_capture_on_commit_callbacks
):
    triaged(patient)
    with django_capture_on_commit_callbacks(execute=True):
        episode(patient, therapist, START, nprs=(8, 3), qbpds_scores=(60, 30), gpe=2)
    Intake.objects.filter(patient=patient).update(answers={"work_status": "sick_leave"})
    case = EpisodeCase.objects.get()
    assert case.practice == patient.practice
    assert case.patient_key == patient_key(patient.pk) and len(case.case_id) == 32
    assert case.features == {
        "age_band": "40-49",
        "duration_class": "subacute",
        "pain_type": "nonspecific",
        "startback": "high",
        "nprs": 8.0,
        "qbpds": 60.0,
        "yellow_flags": 2,
        "work_status": None,  # the intake answers had none at discharge
    }
    assert case.outcome == {
        "gpe_discharge": 2,
        "gpe_12_weeks": 2,
        "nprs_change": 5.0,
        "qbpds_change": 30.0,
        "nprs_change_12_weeks": 5.0,
    }
    assert case.process["pathway"] == "psychologically_informed"
    assert case.process["sessions"] == 3
    assert case.startback == "high" and case.recovered_week == 12
    assert case.questionnaires_complete
    text = str(case.features) + str(case.outcome) + str(case.process)
    assert patient.name not in text and "Truus" not in text


def test_refresh_builds_updates_and_removes_reopened_episodes(patient, therapist, practice):
    triaged(patient)
    episode(patient, therapist, START)  # no on-commit: the receiver did not run
    other = personas.patient(practice, therapist, "Karel Klaar")
    episode(other, therapist, START, discharged_after_days=None)  # still in treatment
    out = StringIO()
    call_command("refresh_case_base", stdout=out)
    assert "1 new, 0 updated, 0 removed" in out.getvalue()
    case_id = EpisodeCase.objects.get().case_id
    call_command("refresh_case_base", practice=practice.pk, stdout=out)
    assert EpisodeCase.objects.get().case_id == case_id  # updated in place
    Discharge.objects.current_for(patient).reopen(by=therapist, reason="Terugval.")
    out = StringIO()
    call_command("refresh_case_base", stdout=out)
    assert "0 new, 0 updated, 1 removed" in out.getvalue()
    assert not EpisodeCase.objects.exists()
    with pytest.raises(CommandError):
        call_command("refresh_case_base", practice=999999)


def test_deleting_the_patient_deletes_their_case(patient, therapist):
    episode(patient, therapist, START)
    call_command("refresh_case_base", stdout=StringIO())
    assert EpisodeCase.objects.count() == 1
    patient.delete()
    assert not EpisodeCase.objects.exists()


def test_fit_similarity_prints_the_weights_and_the_errors(practice):
    make_cases(practice, 60)
    out = StringIO()
    call_command("fit_similarity", practice=practice.pk, k=10, stdout=out)
    text = out.getvalue()
    assert "60 closed episodes with a 12-week NPRS, k=10" in text
    assert "startback" in text and "caseload average" in text and "fitted weights" in text
    with pytest.raises(CommandError, match="too little data"):
        call_command("fit_similarity", practice=practice.pk, k=60, stdout=out)
    with pytest.raises(CommandError, match="at least 10"):
        call_command("fit_similarity", k=5, stdout=out)
