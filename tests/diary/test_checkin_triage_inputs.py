"""Issue #15: the check-in POST reads less, and the triage engine must get exactly the
inputs it got before (the newest submitted STarT Back, TSK-17 and FABQ, the weekly pain of
the programme weeks, the GPE, the intake answers). The expected inputs below were written
down from the code before the change (commit 1cf558c)."""

import itertools
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.diary.models import CheckIn
from ruggensteun.intake import assessment
from ruggensteun.questionnaires.catalog import get_instrument
from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse
from tests.diary.conftest import calm_checkin

DUE = itertools.count(100)  # one assignment per instrument and day


def respond(patient, instrument, values, *, days_ago, submitted=True, scores=None):
    """A response of ``instrument`` with item values in item order (None: unanswered)."""
    assignment = Assignment.objects.create(
        patient=patient,
        instrument=instrument,
        due_on=timezone.localdate() + timedelta(days=next(DUE)),
        source=Assignment.Source.THERAPIST,
    )
    links = [item.link_id for item in get_instrument(instrument).items]
    at = timezone.now() - timedelta(days=days_ago)
    return QuestionnaireResponse.objects.create(
        assignment=assignment,
        patient=patient,
        instrument=instrument,
        instrument_version="test",
        language="nl",
        answers={
            link: value for link, value in zip(links, values, strict=False) if value is not None
        },
        status="submitted" if submitted else "in_progress",
        submitted_at=at if submitted else None,
        scores=(scores or {"total": 1}) if submitted else None,
    )


@pytest.fixture
def history(patient, outsider_patient, running):
    """Two STarT Backs (the newest counts), an unsent newer one, one TSK-17, two FABQs sent
    at the same moment (the later row counts), a GPE "much improved" since the programme
    started, another patient's newer STarT Back, and a week of pain before this one."""
    respond(patient, "startback", [0] * 9, days_ago=20)
    respond(patient, "startback", [1, 1, 1, 1, 1, 1, 1, 1, 4], days_ago=3)
    respond(patient, "startback", [0] * 9, days_ago=1, submitted=False)
    respond(patient, "tsk17", [2] * 10 + [1] + [3] * 6, days_ago=5)
    same = respond(patient, "fabq", [1] * 16, days_ago=4)
    later = respond(patient, "fabq", [2] * 16, days_ago=4)
    QuestionnaireResponse.objects.filter(pk=later.pk).update(submitted_at=same.submitted_at)
    respond(patient, "gpe", [1], days_ago=2, scores={"improved": True})
    respond(outsider_patient, "startback", [0] * 9, days_ago=0)
    CheckIn.objects.create(
        patient=patient,
        submission_key=uuid.uuid4(),
        period_start=running.starts_on,
        period_end=running.ends_on,
        pain=4,
        submitted_at=timezone.now() - timedelta(hours=2),
    )
    return running


def test_the_check_in_gives_the_triage_engine_exactly_the_inputs_it_had_before(
    client, patient, history, monkeypatch
):
    seen = []
    engine = assessment.triage_checkin

    def spy(checkin, answers, **scores):
        seen.append((checkin, answers, scores))
        return engine(checkin, answers, **scores)

    monkeypatch.setattr(assessment, "triage_checkin", spy)
    client.force_login(patient.user)
    data = calm_checkin(history, rf_fever="ja", pain=5)
    assert client.post(reverse("diary:checkin"), data).status_code == 302

    stored = CheckIn.objects.submitted().get(submission_key=data["submission_key"])
    inputs = stored.assessment.inputs
    startback, tsk17 = [1, 1, 1, 1, 1, 1, 1, 1, 4], [2] * 10 + [1] + [3] * 6
    assert {name: value for name, value in inputs.items() if name != "answers"} == {
        "checkin": stored.red_flags,
        "nprs_weekly": [5],
        "gpe_improved": True,
        "startback": startback,
        "tsk17": tsk17,
        "fabq": [2] * 16,
    }
    assert stored.red_flags["fever"] is True
    assert inputs["answers"] == assessment.triage_answers(patient, patient.intake)
    [(checkin, answers, scores)] = seen
    assert checkin == {**stored.red_flags, "nprs_weekly": [5], "gpe_improved": True}
    assert answers == inputs["answers"]
    assert scores == {"startback": startback, "tsk17": tsk17, "fabq": [2] * 16}
    assert stored.assessment.trigger == "checkin"
    assert [alert.rule_id for alert in stored.assessment.alerts.all()] == ["INFECTION"]
