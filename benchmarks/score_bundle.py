"""How long score_fhir takes for a Bundle of 1,000 mixed QuestionnaireResponses.

A benchmark, not a test: run ``.venv/bin/python benchmarks/score_bundle.py`` from the
repository root. The responses are the instruments' own exports with random but valid
answers (fixed seed), and one in fifty is left incomplete so the error path is timed too.
"""

import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ruggensteun.clinical.instruments.fhir import (
    questionnaire_response_resource,
    score_fhir,
)
from ruggensteun.clinical.instruments.registry import all_instruments

RESPONSES = 1_000
RUNS = 5


def build_bundle(count: int, seed: int = 2026) -> dict[str, Any]:
    rng = random.Random(seed)
    instruments = all_instruments()
    entries = []
    for number in range(count):
        instrument = instruments[number % len(instruments)]
        items = (
            instrument.items[: rng.randint(3, 5)] if instrument.code == "psk" else instrument.items
        )
        answers: dict[str, int | None] = {item.link_id: rng.choice(item.values) for item in items}
        if number % 50 == 49:
            answers[instrument.items[0].link_id] = None
        response = questionnaire_response_resource(
            instrument, answers, rng.choice(["nl", "en"]), response_id=f"r{number}"
        )
        entries.append({"fullUrl": f"urn:uuid:r{number}", "resource": response})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def main() -> None:
    bundle = build_bundle(RESPONSES)
    score_fhir(bundle)  # warm the instrument cache
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        results = score_fhir(bundle)
        timings.append(time.perf_counter() - start)
    assert isinstance(results, list) and len(results) == RESPONSES
    errors = sum("error" in result for result in results)
    best, median = min(timings), statistics.median(timings)
    print(f"score_fhir: {RESPONSES} responses ({errors} with an error), {RUNS} runs")
    print(
        f"best {best * 1000:.1f} ms, median {median * 1000:.1f} ms, "
        f"{median / RESPONSES * 1e6:.1f} µs per response"
    )


if __name__ == "__main__":
    main()
