"""Stored cases for the outcomes tests: a seeded, varied case base of a practice."""

import random

from ruggensteun.intake.models import TriageAssessment
from ruggensteun.outcomes.models import EpisodeCase, patient_key

GROUPS = ("low", "medium", "high")


def make_cases(practice, count, *, seed=17, start=0, **fixed):
    """``count`` closed-episode cases; keys that name no real patient (negative ids)."""
    rng = random.Random(seed + start)
    rows = []
    for number in range(start, start + count):
        group = GROUPS[number % 3]
        well = rng.random() < (0.7, 0.5, 0.3)[number % 3]
        features = {
            "age_band": rng.choice(["30-39", "40-49", "50-59"]),
            "duration_class": rng.choice(["acute", "subacute", "chronic"]),
            "pain_type": "nonspecific",
            "startback": group,
            "nprs": rng.randint(3, 9),
            "qbpds": rng.randint(10, 80),
            "yellow_flags": rng.randint(0, 4),
            "work_status": rng.choice(["working", "sick_leave", "retired"]),
        }
        features.update(fixed)
        rows.append(
            EpisodeCase(
                practice=practice,
                patient_key=patient_key(-(number + 1) - 100_000 * practice.pk),
                features=features,
                outcome={
                    "gpe_discharge": 2 if well else 4,
                    "gpe_12_weeks": 2 if well else 4,
                    "nprs_change": 4.0 if well else 1.0,
                    "qbpds_change": 25.0 if well else 5.0,
                    "nprs_change_12_weeks": 4.0 if well else 1.0,
                },
                process={
                    "adherence": 0.9 if well else 0.5,
                    "walking_goal_reached": well,
                    "pathway": "exercise",
                    "sessions": 3 if well else 5,
                },
                startback=group,
                recovered_week=(4 if well else None),
                followed_weeks=13,
                questionnaires_complete=number % 4 != 0,
            )
        )
    return EpisodeCase.objects.bulk_create(rows)


def triaged(patient, startback="high", flags=("fear", "low_mood"), **summary):
    """An intake triage of ``patient`` with this STarT Back group and these yellow flags."""
    summary.setdefault("duration_class", "subacute")
    summary.setdefault("pain_type", "nonspecific")
    summary.setdefault("pathway", "psychologically_informed")
    return TriageAssessment.objects.create(
        patient=patient,
        trigger="intake",
        urgency="none",
        self_management_allowed=True,
        summary={"startback_risk": startback, "yellow_flags": list(flags), **summary},
        details={},
        inputs={},
    )
