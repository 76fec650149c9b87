"""Profile one page in this process with pyinstrument (issue #15), on the benchmark data:

    DATABASE_URL=... DEBUG=false SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1 \
      .venv/bin/python benchmarks/profile_page.py --data var/bench.json caseload [--times 5]

Logs in as pages.py does (the therapist for staff pages, the patient for theirs), requests
the page once to warm up, then ``--times`` more under the profiler (``--cold``: the drawn
charts forgotten before each request), and prints the
profile (per request on average) and the median time. ``checkin`` profiles the patient's
check-in POST as pages.py sends it (a fresh idempotency key each time).
"""

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruggensteun.settings")

PATIENT_PAGES = {"today", "progress", "checkin"}


def forget_charts() -> None:
    """As for a page not shown before: Django's cache emptied (the charts themselves are
    drawn in every request: they take well under a millisecond)."""
    from django.core.cache import cache

    cache.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="no chart drawn before")
    parser.add_argument("page")
    args = parser.parse_args()
    import django

    django.setup()
    import pages
    from django.test import Client
    from pyinstrument import Profiler

    data = json.loads(Path(args.data).read_text())
    client = Client(HTTP_HOST=args.host, HTTP_X_FORWARDED_PROTO="https", secure=True)
    client.post(
        pages.LOGIN,
        {
            "username": data["therapist" if args.page not in PATIENT_PAGES else "patient"],
            "password": data["password"],
        },
    )
    if args.page not in PATIENT_PAGES:
        for _attempt in range(2):
            if client.post(pages.CODE, {"code": pages.totp()}).status_code == 302:
                break
            time.sleep(30 - time.time() % 30 + 1)
    checkin = args.page == "checkin"
    path = pages.CHECKIN if checkin else data["urls"][args.page]
    form = pages.export_form("") if args.page == "outcome_csv" else None
    if checkin:
        form = pages.checkin_form(client.get(path).content.decode())

    def request() -> float:
        if args.cold:
            forget_charts()
        started = time.perf_counter()
        if checkin:
            response = client.post(path, {**form, "submission_key": str(uuid.uuid4())})
        else:
            response = client.post(path, form) if form else client.get(path)
        assert response.status_code == (302 if checkin else 200), response.status_code
        return time.perf_counter() - started

    request()
    profiler = Profiler(interval=0.001)
    times = []
    with profiler:
        for _ in range(args.times):
            times.append(request())
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{args.page}: median {1000 * statistics.median(times):.1f} ms over {args.times}")


if __name__ == "__main__":
    main()
