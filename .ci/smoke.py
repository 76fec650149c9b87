"""Smoke test through a running production configuration (.ci/production-smoke).

Standard library only, so it runs with any Python: it talks to gunicorn directly as the
proxy would (X-Forwarded-Proto: https, X-Real-IP, the public Host), keeps the cookies
itself (they are Secure, and this connection is plain HTTP), logs in as a demo patient,
posts a check-in with the CSRF token read from the form, and checks the health URL, the
HTTPS redirect and HSTS, and that a static file is served (WhiteNoise).

Usage: smoke.py HOST:PORT PUBLIC_HOST EMAIL [EMAIL ...]
(the e-mails are demo patients, tried in order until one has a check-in to fill in).
Prints the id of the stored check-in on its last line.
"""

import http.client
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

PASSWORD = "ruggensteun-demo"  # README, "Demo accounts"


class Failure(Exception):
    pass


class Browser:
    def __init__(self, address: str, public_host: str) -> None:
        self.host, _, port = address.partition(":")
        self.port = int(port)
        self.public_host = public_host
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | list[tuple[str, str]] | None = None,
        *,
        https: bool = True,
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": self.public_host, "X-Real-IP": "192.0.2.10"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            origin = f"https://{self.public_host}"
            headers["Origin"] = origin
            headers["Referer"] = origin + path
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, {k.lower(): v for k, v in response.getheaders()}, content
        finally:
            connection.close()

    def get(self, path: str, **kwargs: bool) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict[str, str] | list[tuple[str, str]]):
        return self.request("POST", path, form)


class FormReader(HTMLParser):
    """The inputs of the first form whose class includes ``css_class``."""

    def __init__(self, css_class: str | None = None) -> None:
        super().__init__()
        self.css_class = css_class
        self.inside = False
        self.done = False
        self.hidden: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self.numbers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and not self.inside:
            classes = a.get("class", "").split()
            self.inside = self.css_class is None or self.css_class in classes
        elif tag == "input" and self.inside:
            kind, name = a.get("type", "text"), a.get("name", "")
            if kind == "hidden":
                self.hidden[name] = a.get("value", "")
            elif kind == "radio":
                self.radios.setdefault(name, []).append(a.get("value", ""))
            elif kind == "number":
                self.numbers.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside, self.done = False, True


def read_form(html: bytes, css_class: str | None = None) -> FormReader:
    reader = FormReader(css_class)
    reader.feed(html.decode())
    return reader


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


def log_in(browser: Browser, email: str) -> None:
    status, _, page = browser.get("/inloggen/")
    expect(status == 200, f"login page: {status}")
    token = read_form(page).hidden.get("csrfmiddlewaretoken")
    expect(bool(token), "login page: no CSRF token")
    status, _headers, _ = browser.post(
        "/inloggen/",
        {"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
    )
    expect(status == 302, f"login as {email}: {status} (wrong password or throttled?)")
    expect("sessionid" in browser.cookies, "login: no session cookie")


def check_in_answers(form: FormReader) -> list[tuple[str, str]]:
    """A calm week: no red flag, some pain, walking for the week as a whole."""
    answers = list(form.hidden.items())
    for name, values in form.radios.items():
        if name.startswith("rf_"):
            calm = [v for v in ("nee", "none") if v in values]
            expect(bool(calm), f"check-in: no calm answer to {name}: {values}")
            answers.append((name, calm[0]))
        elif name == "flare":
            answers.append((name, "nee"))
        elif name == "walking_mode":
            answers.append((name, "week"))
        elif name == "pain":
            answers.append((name, "3"))
        else:
            answers.append((name, values[len(values) // 2]))
    if "walking_minutes_week" in form.numbers:
        answers.append(("walking_minutes_week", "90"))
    return answers


def check_in(address: str, public_host: str, emails: list[str]) -> int:
    for email in emails:
        browser = Browser(address, public_host)
        log_in(browser, email)
        status, _, page = browser.get("/mijn/check-in/")
        form = read_form(page, "checkin-form")
        if status != 200 or "submission_key" not in form.hidden:
            print(f"  {email}: no check-in to fill in ({status}); next patient")
            continue
        status, headers, _ = browser.post("/mijn/check-in/", check_in_answers(form))
        location = urlsplit(headers.get("location", "")).path
        done = re.fullmatch(r"/mijn/check-in/(\d+)/", location)
        expect(status == 302 and bool(done), f"check-in as {email}: {status} {location!r}")
        status, _, _ = browser.get(location)
        expect(status == 200, f"check-in result page: {status}")
        print(f"  {email}: check-in stored ({location})")
        return int(done.group(1))
    raise Failure("no demo patient had a check-in to fill in")


def main(address: str, public_host: str, emails: list[str]) -> None:
    visitor = Browser(address, public_host)
    status, _, body = visitor.get("/gezond/", https=False)
    expect(status == 200 and body.startswith(b"ok\n"), f"/gezond/: {status} {body[:200]!r}")
    print("  /gezond/ answers 200 over plain HTTP (not redirected)")

    status, headers, _ = visitor.get("/inloggen/", https=False)
    expect(
        status == 301 and headers.get("location", "").startswith("https://"),
        f"plain HTTP is not redirected to HTTPS: {status}",
    )
    status, headers, page = visitor.get("/inloggen/")
    expect(status == 200, f"login page over HTTPS: {status}")
    expect("max-age=" in headers.get("strict-transport-security", ""), "no HSTS header")
    print("  HTTP redirects to HTTPS; HTTPS answers with HSTS")

    stylesheet = re.search(rb'href="(/static/css/ruggensteun\.[0-9a-f]{12}\.css)"', page)
    expect(bool(stylesheet), "the page does not link the hashed stylesheet (manifest?)")
    path = stylesheet.group(1).decode()
    status, headers, css = visitor.get(path)
    expect(status == 200 and len(css) > 1000, f"static file {path}: {status}")
    expect("max-age=" in headers.get("cache-control", ""), f"{path}: no long cache lifetime")
    print(f"  static file served by WhiteNoise: {path} ({len(css)} bytes)")

    print(check_in(address, public_host, emails))


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    try:
        main(sys.argv[1], sys.argv[2], sys.argv[3:])
    except Failure as failure:
        sys.exit(f"SMOKE FAILED: {failure}")
