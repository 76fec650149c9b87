"""Time the heaviest pages over HTTP against a running server, with the floor (/gezond/)
in the same run (issue #15). See benchmarks/README.md.

    .venv/bin/python benchmarks/pages.py --server 127.0.0.1:8000 --data var/bench.json \
        --rounds 50 [--warmup 1] [--queries] [--json var/pages.json]

``--data`` is the JSON object ``manage.py bench_data`` printed. Each round requests every
page once, in the same order, the floor first; the timings are the client's wall time of
one request over the loopback (the server's time plus a fraction of a millisecond).
``patient_page_first`` is the patient page of a patient not shown before in the run (the
patients of the caseload's first page, one per round, so it needs at most 50 rounds for
fresh ones); ``patient_page`` is the same patient again. ``checkin`` is the patient's
check-in POST: a valid check-in of the week the form asks about (read from the form
once), sent each round with a fresh idempotency key, so each one is stored, triaged and
written into the week's day logs (answered with a redirect, 302). ``report_pdf`` is
the progress report: the kept PDF, or, when its content is new (the first request, or
after a check-in changed it) and no worker has drawn it yet, the page that says it is being made
(issue #15); both count, and the output says how many rounds answered which.
``--pages`` times only the pages named (the floor always).

``--warmup N`` (default 1): N untimed rounds of every page first, so the figures are those
of a warm server (imports, templates, caches, connections of both workers);
``patient_page_first`` warms up with patients the timed rounds do not use.

The query count (``--queries``): each page requested once more in this process with
Django's test client and ``CaptureQueriesContext`` on the same database (so run it with the
server's settings in the environment: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS). It needs no
code in the server and no setting that a production server could leave on, and it counts
the same queries the query-count tests count, on the benchmark's data.

At the end the check-ins it sent (by their submission keys, nothing else) are deleted
again, with the same settings, so every run measures the same data: they would pile up
on the patient whose pages are timed (200 more a run of 200 rounds; the progress report,
which reads them all, took 97 ms with the 26 of the data and 153 ms with 846).
"""

import argparse
import http.client
import json
import re
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

FLOOR = "/gezond/"
LOGIN = "/inloggen/"
CODE = "/inloggen/code/"
TOTP_SECRET = "RUGGENSTEUNDEMOVOORTOTPAPPS23456"  # README, "Demo accounts"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
PATIENT_LINK = re.compile(rb'href="/praktijk/patienten/(\d+)/"')
CHECKIN = "/mijn/check-in/"
FORM = re.compile(r"<form\b.*?</form>", re.S)
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
PAGES = (
    "caseload",
    "patient_page_first",
    "patient_page",
    "today",
    "checkin",
    "progress",
    "report_pdf",
    "outcome_csv",
)
# The calm answer of a choice, when the form offers it: "no" to every red-flag question
# and to a flare-up, the walking of the week as one number.
CALM = ("nee", "none", "week")
# Numbers typed into the form: the week's walking, or a day's.
MINUTES = {"walking_minutes_week": "140"}
DAY_MINUTES = "20"


def totp() -> str:
    """The demo authenticator's code now (django-otp's TOTP, as the server checks it)."""
    import base64

    from django_otp.oath import TOTP

    code = TOTP(base64.b32decode(TOTP_SECRET))
    code.t0, code.step, code.digits = 0, 30, 6
    return f"{code.token():06d}"


def export_form(csrf: str) -> dict[str, str]:
    today = date.today()
    return {
        "csrfmiddlewaretoken": csrf,
        "first": (today - timedelta(days=365)).isoformat(),
        "last": today.isoformat(),
        "scope": "active",
        "csv_format": "excel_nl",
    }


class Browser:
    """Cookies and the proxy's headers, as .ci/smoke.py talks to gunicorn."""

    def __init__(self, server: str, host: str) -> None:
        self.address, _, port = server.partition(":")
        self.port = int(port)
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, bytes, float]:
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", "X-Real-IP": "192.0.2.15"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{path}"
        connection = http.client.HTTPConnection(self.address, self.port, timeout=60)
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            elapsed = time.perf_counter() - started
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, content, elapsed
        finally:
            connection.close()

    def csrf(self, path: str) -> str:
        status, page, _ = self.request("GET", path)
        found = CSRF.search(page)
        if status != 200 or not found:
            raise SystemExit(f"{path}: {status}, no form")
        return found.group(1).decode()

    def log_in(self, email: str, password: str, *, staff: bool) -> None:
        form = {"csrfmiddlewaretoken": self.csrf(LOGIN), "username": email, "password": password}
        status, _page, _ = self.request("POST", LOGIN, form)
        if status != 302:
            raise SystemExit(f"login as {email}: {status}")
        if not staff:
            return
        # A code is used once per 30 s step: a login soon after another waits for the next.
        for _attempt in range(2):
            form = {"csrfmiddlewaretoken": self.csrf(CODE), "code": totp()}
            status, page, _ = self.request("POST", CODE, form)
            if status == 302:
                return
            time.sleep(30 - time.time() % 30 + 1)
        errors = re.findall(rb'class="[^"]*error[^"]*"[^>]*>([^<]+)', page)
        raise SystemExit(f"two-factor code for {email}: {status} {errors}")


def checkin_form(html: str) -> dict[str, str]:
    """A valid, calm check-in from the check-in page's form: its hidden fields (the week
    asked about), the calm or middle answer of every choice, minutes walked; a fresh
    ``submission_key`` is set per request."""
    form = next((f for f in FORM.findall(html) if 'name="submission_key"' in f), None)
    if form is None:
        raise SystemExit(f"{CHECKIN}: no check-in form (is a week ended to ask about?)")
    data: dict[str, str] = {}
    choices: dict[str, list[str]] = {}
    for tag in INPUT.findall(form):
        attributes = dict(ATTRIBUTE.findall(tag))
        name, kind = attributes.get("name"), attributes.get("type", "text")
        if not name:
            continue
        if kind == "hidden":
            data[name] = attributes.get("value", "")
        elif kind == "radio":
            choices.setdefault(name, []).append(attributes.get("value", ""))
        elif kind in ("number", "text"):
            data[name] = MINUTES.get(name, DAY_MINUTES)
    for name, values in choices.items():
        calm = [value for value in values if value in CALM]
        data[name] = calm[0] if calm else values[len(values) // 2]
    return data


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


PDF_ANSWERS = ("file", "being made")


def pdf_answer(body: bytes) -> str:
    """The report's answer: the PDF, or the page that says it is being made."""
    if body.startswith(b"%PDF"):
        return "file"
    if b'id="pdf-progress"' in body:
        return "being made"
    raise SystemExit("report_pdf: neither a PDF nor the page that it is being made")


def measure(
    server: str,
    host: str,
    data: dict[str, Any],
    rounds: int,
    pages: set[str],
    warmup: int = 1,
    answers: dict[str, int] | None = None,
    sent: list[str] | None = None,
) -> dict[str, list[float]]:
    """The timings of ``rounds`` rounds after ``warmup`` untimed ones; ``answers`` counts
    the timed report_pdf answers by kind (PDF_ANSWERS), ``sent`` gets the submission key
    of every check-in sent."""
    urls = data["urls"]
    staff, patient = Browser(server, host), Browser(server, host)
    staff.log_in(data["therapist"], data["password"], staff=True)
    patient.log_in(data["patient"], data["password"], staff=False)
    _status, caseload, _ = staff.request("GET", urls["caseload"])
    own = urls["patient_page"]
    others = [
        f"/praktijk/patienten/{pk.decode()}/"
        for pk in dict.fromkeys(PATIENT_LINK.findall(caseload))
        if f"/praktijk/patienten/{pk.decode()}/" != own
    ]
    csv_csrf = staff.csrf("/praktijk/uitkomsten/")
    _status, page, _ = patient.request("GET", CHECKIN)
    checkin = checkin_form(page.decode())
    times: dict[str, list[float]] = {}
    answers = {} if answers is None else answers
    answers.update(dict.fromkeys(PDF_ANSWERS, 0))
    sent = [] if sent is None else sent
    warm = False

    def timed(
        name: str,
        browser: Browser,
        method: str,
        path: str,
        form: Any = None,
        expect: int | tuple[int, ...] = 200,
    ) -> bytes:
        if name not in pages:
            return b""
        status, body, elapsed = browser.request(method, path, form)
        if status not in (expect if isinstance(expect, tuple) else (expect,)):
            raise SystemExit(f"{name} {path}: {status}")
        if not warm:
            times.setdefault(name, []).append(elapsed)
        return body

    def one_round(first: str | None) -> None:
        timed("floor", Browser(server, host), "GET", FLOOR)
        timed("caseload", staff, "GET", urls["caseload"])
        if first:
            timed("patient_page_first", staff, "GET", first)
        timed("patient_page", staff, "GET", own)
        timed("today", patient, "GET", urls["today"])
        fresh = {**checkin, "submission_key": str(uuid.uuid4())}
        if "checkin" in pages:
            sent.append(fresh["submission_key"])
        timed("checkin", patient, "POST", CHECKIN, fresh, expect=302)
        timed("progress", patient, "GET", urls["progress"])
        report = timed("report_pdf", staff, "GET", urls["report_pdf"])
        if report and not warm:
            answers[pdf_answer(report)] += 1
        # A practice over EXPORT_TASK_FROM_PATIENTS (100) gets its export from a task: the
        # POST orders it and is sent to the page that offers it (302; issue #14).
        timed("outcome_csv", staff, "POST", urls["outcome_csv"], export_form(csv_csrf), (200, 302))

    pages = pages | {"floor"}
    # The timed rounds see the caseload's first patients; the warm-up the ones after them.
    fresh_for_warmup = others[rounds : rounds + warmup]
    warm = True
    for number in range(warmup):
        one_round(fresh_for_warmup[number] if number < len(fresh_for_warmup) else None)
        print(f"warm-up {number + 1}/{warmup}", file=sys.stderr, end="\r")
    warm = False
    for number in range(rounds):
        one_round(others[number % len(others)] if others else None)
        print(f"round {number + 1}/{rounds}", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    if len(others) < rounds:
        print(f"note: {len(others)} patients for the first views", file=sys.stderr)
    if len(fresh_for_warmup) < warmup and "patient_page_first" in pages:
        print(
            f"note: {len(fresh_for_warmup)} of {warmup} warm-up rounds had a patient the "
            "timed rounds do not see; the others warmed up without patient_page_first",
            file=sys.stderr,
        )
    return times


def set_up_django() -> None:
    """Django in this process, with the server's settings from the environment."""
    import os

    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruggensteun.settings")
    django.setup()


def count_queries(
    host: str, data: dict[str, Any], names: set[str], sent: list[str]
) -> dict[str, int]:
    """Each page once more, in this process, with the queries counted; the check-in's
    submission key is added to ``sent``."""
    set_up_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    urls = data["urls"]
    extra = {"HTTP_HOST": host, "HTTP_X_FORWARDED_PROTO": "https", "secure": True}
    staff, patient = Client(**extra), Client(**extra)
    staff.post(LOGIN, {"username": data["therapist"], "password": data["password"]})
    for _attempt in range(2):  # the HTTP login may have used this step's code
        if staff.post(CODE, {"code": totp()}).status_code == 302:
            break
        time.sleep(30 - time.time() % 30 + 1)
    patient.post(LOGIN, {"username": data["patient"], "password": data["password"]})
    counts = {}
    checkin = checkin_form(patient.get(CHECKIN).content.decode())
    checkin["submission_key"] = str(uuid.uuid4())
    sent.append(checkin["submission_key"])
    pages = [
        ("floor", Client(**extra), FLOOR, None),
        ("caseload", staff, urls["caseload"], None),
        ("patient_page", staff, urls["patient_page"], None),
        ("today", patient, urls["today"], None),
        ("checkin", patient, CHECKIN, checkin),
        ("progress", patient, urls["progress"], None),
        ("report_pdf", staff, urls["report_pdf"], None),
        ("outcome_csv", staff, urls["outcome_csv"], export_form("")),
    ]
    first = "patient_page_first" in names
    for name, client, path, form in pages:
        if name not in names | {"floor"} and not (name == "patient_page" and first):
            continue
        with CaptureQueriesContext(connection) as captured:
            response = client.post(path, form) if form else client.get(path)
        # A check-in answers with a redirect, and so does a large practice's outcome
        # export (made by a task: the page that says it is being made).
        expected = {"checkin": (302,), "outcome_csv": (200, 302)}.get(name, (200,))
        if response.status_code not in expected:
            raise SystemExit(f"queries of {name}: {response.status_code}")
        counts[name] = len(captured)
    if "patient_page" in counts:
        counts["patient_page_first"] = counts["patient_page"]
    return counts


def forget_checkins(email: str, sent: list[str]) -> int:
    """Delete the check-ins this run sent as the patient (module docstring); returns how
    many there were."""
    set_up_django()
    from ruggensteun.diary.models import CheckIn

    _total, deleted = CheckIn.objects.filter(
        patient__user__email=email, submission_key__in=sent
    ).delete()
    return deleted.get(CheckIn._meta.label, 0)


def summary(
    times: dict[str, list[float]], queries: dict[str, int], answers: dict[str, int] | None = None
) -> dict[str, Any]:
    floor = statistics.median(times["floor"])
    result = {}
    for name, values in times.items():
        median = statistics.median(values)
        result[name] = {
            "median_ms": round(1000 * median, 1),
            "p95_ms": round(1000 * percentile(values, 0.95), 1),
            "p99_ms": round(1000 * percentile(values, 0.99), 1),
            "ratio": round(median / floor, 1),
            "queries": queries.get(name),
            "n": len(values),
            "samples_ms": [round(1000 * value, 1) for value in values],
        }
    if answers and "report_pdf" in result:
        result["report_pdf"]["answers"] = dict(answers)
    return result


def table(result: dict[str, Any]) -> str:
    lines = [
        "| page | queries | median ms | p95 ms | p99 ms | ratio |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, row in result.items():
        queries = "" if row["queries"] is None else row["queries"]
        lines.append(
            f"| {name} | {queries} | {row['median_ms']} | {row['p95_ms']} | "
            f"{row['p99_ms']} | x{row['ratio']} |"
        )
    if "answers" in result.get("report_pdf", {}):
        counts = result["report_pdf"]["answers"]
        lines.append("")
        lines.append(
            f"report_pdf: {counts['file']} rounds answered the file, "
            f"{counts['being made']} that it is being made"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="127.0.0.1:8000", help="gunicorn's HOST:PORT")
    parser.add_argument("--host", default="127.0.0.1", help="the Host header (ALLOWED_HOSTS)")
    parser.add_argument("--data", required=True, help="the JSON bench_data printed")
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument(
        "--warmup", type=int, default=1, help="untimed rounds of every page first (default 1)"
    )
    parser.add_argument("--queries", action="store_true", help="count queries (see above)")
    parser.add_argument("--json", help="also write the result to this file")
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help=f"the pages to time, comma-separated (default all: {','.join(PAGES)})",
    )
    args = parser.parse_args()
    pages = {name.strip() for name in args.pages.split(",") if name.strip()}
    if pages - set(PAGES):
        parser.error(f"unknown pages: {', '.join(sorted(pages - set(PAGES)))}")
    data = json.loads(Path(args.data).read_text())
    if args.warmup < 0:
        parser.error("--warmup must be 0 or more")
    answers: dict[str, int] = {}
    sent: list[str] = []
    times = measure(args.server, args.host, data, args.rounds, pages, args.warmup, answers, sent)
    queries = count_queries(args.host, data, pages, sent) if args.queries else {}
    if sent:
        print(f"{forget_checkins(data['patient'], sent)} check-ins sent deleted", file=sys.stderr)
    result = summary(times, queries, answers)
    print(table(result))
    output = json.dumps(result, indent=2)
    print(output)
    if args.json:
        Path(args.json).write_text(output + "\n")


if __name__ == "__main__":
    main()
