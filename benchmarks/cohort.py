"""A simulated cohort with a KNOWN outcome model, to show that "patients like this one"
(ruggensteun.clinical.similarity, issue #17) finds what was planted and predicts better
than the caseload average. No real outcome data exist here.

    .venv/bin/python benchmarks/cohort.py                  # the report (var/cohort.json too)
    DEBUG=true DATABASE_URL=sqlite:///var/cohort.sqlite3 \
      .venv/bin/python benchmarks/cohort.py --database     # 5,000 cases in one practice,
                                                           # then time the page's section

The planted model (seeded; 5,000 episodes over 20 practices):

- baseline: STarT Back group (low 45%, medium 35%, high 20%); yellow flags rise with it;
  duration class; pain type (radicular 20%); intake NPRS (higher with STarT Back) and QBPDS;
  work status; age band;
- the share of the intake pain that is gone at 12 weeks is a logistic function of: STarT
  Back (medium -1.0, high -2.0), yellow flags (-0.35 each: fear and the others), duration
  (subacute -0.3, chronic -0.8), adherence (+2.5 per 100%: it speeds recovery; adherence
  itself is lower with a high STarT Back), sick leave (-0.3), age (-0.05 per band), plus
  noise; pain type and the intake QBPDS have NO effect on pain;
- the 12-week NPRS change is that share of the intake NPRS plus noise; the GPE follows the
  share (much improved or better when more than about 60% of the pain is gone, with noise).

It reports:
1. retrieval: how many of a query's 20 neighbours share its planted baseline group
   (STarT Back x duration class), against chance;
2. prediction: the mean absolute error (MAE) of the 12-week NPRS change predicted by the
   neighbours' mean, against the caseload average, on episodes not in the case base;
3. calibration: the neighbours' share "much improved" at 12 weeks, in bins, against the
   observed share, with counts; and the Brier score against the caseload rate;
4. the fitted weights (leave-one-out coordinate search, starting from all weights equal),
   ranked, beside the planted importance.
"""

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ruggensteun.clinical.similarity import (  # noqa: E402
    Case,
    Outcome,
    Process,
    default_features,
    fit_weights,
    nearest,
)

GROUPS = ("low", "medium", "high")
DURATIONS = ("acute", "subacute", "chronic")
AGE_BANDS = ("20-29", "30-39", "40-49", "50-59", "60-69", "70-79")
WORK = ("working", "sick_leave", "not_employed", "retired", "student")
PATHWAY = {"low": "advice", "medium": "exercise", "high": "psychologically_informed"}
# The planted effects on the log-odds of the share of pain gone at 12 weeks.
EFFECT = {"startback": {"low": 0.0, "medium": -1.0, "high": -2.0}, "yellow_flag": -0.35}
DURATION_EFFECT = {"acute": 0.0, "subacute": -0.3, "chronic": -0.8}
# Planted importance for pain at 12 weeks, most important first (pain type and QBPDS none).
PLANTED = ["startback", "yellow_flags", "duration_class", "nprs", "work_status", "age_band"]
NOT_PLANTED = ["pain_type", "qbpds"]


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def simulate(episodes: int = 5000, practices: int = 20, seed: int = 17) -> list[tuple[int, Case]]:
    """(practice number, case) for every simulated closed episode."""
    rng = random.Random(seed)
    cohort = []
    for number in range(episodes):
        practice = number % practices
        group = rng.choices(GROUPS, weights=(45, 35, 20))[0]
        flags = min(
            7, max(0, round(rng.gauss({"low": 0.6, "medium": 1.8, "high": 3.2}[group], 0.9)))
        )
        duration = rng.choices(DURATIONS, weights=(50, 25, 25))[0]
        pain_type = "radicular" if rng.random() < 0.2 else "nonspecific"
        nprs = int(_clip(round(rng.gauss({"low": 5, "medium": 6, "high": 7}[group], 1.5)), 1, 10))
        qbpds = int(_clip(round(rng.gauss(35 + 10 * GROUPS.index(group), 15)), 0, 100))
        work = rng.choices(WORK, weights=(55, 15, 10, 15, 5))[0]
        age = rng.randrange(len(AGE_BANDS))
        adherence = _clip(rng.betavariate(5, 2) - 0.1 * GROUPS.index(group), 0.0, 1.0)
        lin = (
            1.3
            + EFFECT["startback"][group]
            + EFFECT["yellow_flag"] * flags
            + DURATION_EFFECT[duration]
            + 2.5 * (adherence - 0.65)
            - (0.3 if work == "sick_leave" else 0.0)
            - 0.05 * age
            + rng.gauss(0, 0.5)
        )
        gone = _logistic(lin)  # the share of the intake pain gone at 12 weeks
        change_12 = round(_clip(nprs * gone + rng.gauss(0, 0.6), nprs - 10, nprs), 1)
        change_discharge = round(_clip(change_12 * 0.9 + rng.gauss(0, 0.5), nprs - 10, nprs), 1)
        qbpds_change = round(_clip(qbpds * _logistic(lin + rng.gauss(0, 0.4)), qbpds - 100, qbpds))

        def gpe(noise: float, gone: float = gone) -> int:
            felt = gone + rng.gauss(0, noise)
            return (
                1
                if felt > 0.85
                else 2
                if felt > 0.6
                else 3
                if felt > 0.35
                else 4
                if felt > 0.1
                else 5
            )

        features = {
            "age_band": AGE_BANDS[age],
            "duration_class": duration,
            "pain_type": pain_type,
            "startback": group,
            "nprs": float(nprs),
            "qbpds": float(qbpds),
            "yellow_flags": flags,
            "work_status": work,
        }
        cohort.append(
            (
                practice,
                Case(
                    case_id=f"sim{number:05}",
                    features=features,
                    outcome=Outcome(
                        gpe_discharge=gpe(0.12),
                        gpe_12_weeks=gpe(0.1),
                        nprs_change=change_discharge,
                        qbpds_change=float(qbpds_change),
                        nprs_change_12_weeks=change_12,
                    ),
                    process=Process(
                        adherence=round(adherence, 3),
                        walking_goal_reached=rng.random() < 0.3 + 0.6 * adherence,
                        pathway=PATHWAY[group],
                        sessions=max(1, round(rng.gauss(3 + GROUPS.index(group), 1))),
                    ),
                ),
            )
        )
    return cohort


def planted_group(case: Case) -> tuple[object, object]:
    return case.features["startback"], case.features["duration_class"]


def retrieval(base: list[Case], queries: list[Case], k: int) -> dict[str, float]:
    counts: dict[tuple[object, object], int] = {}
    for case in base:
        counts[planted_group(case)] = counts.get(planted_group(case), 0) + 1
    hits = chance = 0.0
    for query in queries:
        found = nearest(query.features, base, k)
        hits += sum(planted_group(n.case) == planted_group(query) for n in found) / len(found)
        chance += counts[planted_group(query)] / len(base)
    return {"precision": hits / len(queries), "chance": chance / len(queries)}


def predictions(base: list[Case], queries: list[Case], k: int, weights=None) -> dict[str, object]:
    targets = [c.outcome.nprs_change_12_weeks for c in base]
    average = statistics.fmean(targets)
    rate = statistics.fmean(c.outcome.gpe_12_weeks <= 2 for c in base)
    errors_knn, errors_avg, brier_knn, brier_avg = [], [], [], []
    bins = [{"n": 0, "predicted": 0.0, "observed": 0} for _ in range(5)]
    for query in queries:
        found = nearest(query.features, base, k, weights=weights)
        predicted = statistics.fmean(n.case.outcome.nprs_change_12_weeks for n in found)
        actual = query.outcome.nprs_change_12_weeks
        errors_knn.append(abs(predicted - actual))
        errors_avg.append(abs(average - actual))
        p = statistics.fmean(n.case.outcome.gpe_12_weeks <= 2 for n in found)
        improved = query.outcome.gpe_12_weeks <= 2
        brier_knn.append((p - improved) ** 2)
        brier_avg.append((rate - improved) ** 2)
        slot = bins[min(4, int(p * 5))]
        slot["n"] += 1
        slot["predicted"] += p
        slot["observed"] += improved
    calibration = [
        {
            "bin": f"{20 * i}-{20 * (i + 1)}%",
            "n": b["n"],
            "predicted": round(100 * b["predicted"] / b["n"], 1) if b["n"] else None,
            "observed": round(100 * b["observed"] / b["n"], 1) if b["n"] else None,
        }
        for i, b in enumerate(bins)
    ]
    return {
        "mae_neighbours": round(statistics.fmean(errors_knn), 3),
        "mae_average": round(statistics.fmean(errors_avg), 3),
        "brier_neighbours": round(statistics.fmean(brier_knn), 4),
        "brier_caseload_rate": round(statistics.fmean(brier_avg), 4),
        "calibration_much_improved_12_weeks": calibration,
    }


def report(seed: int, k: int) -> dict[str, object]:
    cohort = simulate(seed=seed)
    cases = [case for _practice, case in cohort]
    # Practices 0-15 are the case base; 16-19 the new patients (never in the base).
    base = [case for practice, case in cohort if practice < 16]
    held_out = [case for practice, case in cohort if practice >= 16]
    rng = random.Random(seed)
    queries = rng.sample(held_out, 500)
    started = time.perf_counter()
    result: dict[str, object] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "episodes": len(cases),
        "practices": 20,
        "seed": seed,
        "k": k,
        "case_base": len(base),
        "queries": len(queries),
        "retrieval_same_planted_group": retrieval(base, queries, k),
        "prediction_default_weights": predictions(base, queries, k),
    }
    # Fit on 1,000 cases of the base, from equal weights (no expert knowledge).
    sample = rng.sample(base, 1000)
    features = default_features()
    fit = fit_weights(sample, k=k, start={name: 1.0 for name in features.names})
    result["fitted_weights"] = {
        "cases": fit.cases,
        "ranking": [[name, weight] for name, weight in fit.ranking],
        "planted_order": PLANTED,
        "no_effect_planted": NOT_PLANTED,
        "loo_mae_equal_weights": round(fit.mae_start, 3),
        "loo_mae_fitted": round(fit.mae_neighbours, 3),
        "loo_mae_average": round(fit.mae_average, 3),
    }
    result["prediction_fitted_weights"] = predictions(base, queries, k, weights=fit.weights)
    per_practice = []
    for practice in range(3):  # a practice's own 250 episodes
        own = [case for p, case in cohort if p == practice]
        own_fit = fit_weights(own, k=k)
        per_practice.append(
            {
                "practice": practice,
                "cases": own_fit.cases,
                "loo_mae_default": round(own_fit.mae_start, 3),
                "loo_mae_fitted": round(own_fit.mae_neighbours, 3),
                "loo_mae_average": round(own_fit.mae_average, 3),
            }
        )
    result["fit_similarity_per_practice"] = per_practice
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def write_database(seed: int) -> None:
    """5,000 closed episodes as EpisodeCase rows of one practice, a patient with a triage
    and intake pain, then the section "Patiënten zoals" timed (median of 10, warm)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruggensteun.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ruggensteun.accounts.models import Membership, Practice, User
    from ruggensteun.intake.models import Intake, TriageAssessment
    from ruggensteun.outcomes.models import EpisodeCase, patient_key
    from ruggensteun.outcomes.similar import similar_patients
    from ruggensteun.patients.models import Patient
    from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse

    call_command("migrate", verbosity=0)
    practice, _ = Practice.objects.get_or_create(name="Cohort benchmark")
    EpisodeCase.objects.filter(practice=practice).delete()
    rows = [
        EpisodeCase(
            practice=practice,
            patient_key=patient_key(-1 - number),
            features=dict(case.features),
            outcome=asdict(case.outcome),
            process=asdict(case.process),
            startback=str(case.features["startback"]),
            recovered_week=4 if case.outcome.gpe_12_weeks <= 2 else None,
            followed_weeks=13,
            questionnaires_complete=True,
        )
        for number, (_practice, case) in enumerate(simulate(seed=seed))
    ]
    EpisodeCase.objects.bulk_create(rows, batch_size=1000)
    therapist, _ = User.objects.get_or_create(
        email="cohort-therapist@example.org", defaults={"full_name": "Cohort Therapeut"}
    )
    Membership.objects.get_or_create(
        user=therapist, practice=practice, defaults={"role": "therapist"}
    )
    user, _ = User.objects.get_or_create(
        email="cohort-patient@example.org", defaults={"full_name": "Cohort Patiënt"}
    )
    patient, _ = Patient.objects.get_or_create(
        user=user, defaults={"practice": practice, "therapist": therapist}
    )
    if not TriageAssessment.objects.filter(patient=patient).exists():
        Intake.objects.update_or_create(
            patient=patient,
            defaults={"answers": {"work_status": "working"}, "completed_at": timezone.now()},
        )
        TriageAssessment.objects.create(
            patient=patient,
            trigger="intake",
            urgency="none",
            self_management_allowed=True,
            summary={
                "startback_risk": "high",
                "yellow_flags": ["fear", "low_mood"],
                "duration_class": "subacute",
                "pain_type": "nonspecific",
            },
            details={},
            inputs={},
        )
    if not QuestionnaireResponse.objects.filter(patient=patient, instrument="nprs").exists():
        assignment = Assignment.objects.filter(patient=patient, instrument="nprs").first()
        if assignment is None:
            assignment = Assignment.objects.create(
                patient=patient,
                instrument="nprs",
                due_on=timezone.localdate(),
                source=Assignment.Source.THERAPIST,
            )
        response = QuestionnaireResponse.start(assignment, "nl")
        response.save_answers({"1": 7}, "nl")
        response.submit(response.submission_key)
    times, cpu = [], []
    for _round in range(11):
        started, started_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            context = similar_patients(patient, "nl")
            render_to_string("outcomes/_similar.html", {"patient": patient, **context})
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    print(
        json.dumps(
            {
                "cases_in_practice": EpisodeCase.objects.filter(practice=practice).count(),
                "queries": len(queries.captured_queries),
                "median_ms_of_10_warm": round(1000 * statistics.median(times[1:]), 1),
                "median_cpu_ms_of_10_warm": round(1000 * statistics.median(cpu[1:]), 1),
                "first_ms": round(1000 * times[0], 1),
                "load_average": os.getloadavg()[0],
                "database": connection.vendor,
            },
            indent=2,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("-k", type=int, default=20)
    parser.add_argument(
        "--database", action="store_true", help="write 5,000 cases and time the section"
    )
    parser.add_argument("--out", default=str(ROOT / "var" / "cohort.json"))
    args = parser.parse_args()
    if args.database:
        write_database(args.seed)
        return
    result = report(args.seed, args.k)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
