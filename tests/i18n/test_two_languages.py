"""Two languages, really (issue #12): every page a patient sees speaks their language.

Each patient page is rendered for a Dutch and for an English patient with realistic data (a
running programme, answered questionnaires, check-ins, diary entries, a message after a
save), and its visible text (tags, scripts and styles stripped; alt, title, aria-label and
placeholder attributes kept) must hold none of a short list of words of the other language.
Proper names (the practice, the people, their e-mail addresses) are taken out first.
"""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from ruggensteun.accounts.models import Invitation
from ruggensteun.clinical.instruments.registry import INSTRUMENT_CODES
from ruggensteun.diary.models import PainDiary
from ruggensteun.intake import assessment, flow
from ruggensteun.intake.models import Intake
from ruggensteun.mydata.progress import short_date
from ruggensteun.mydata.reminders import stop_token
from ruggensteun.programme.models import DayLog, ExerciseFeedback
from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.models import Assignment
from tests import personas
from tests.diary.conftest import diary_post
from tests.intake.test_triage_workspace import calm_answers
from tests.mydata.conftest import give_programme
from tests.objects import diary_entry, sent_checkin
from tests.questionnaires.conftest import PSK_ACTIVITIES, PSK_SCORES, QBPDS_50, submitted

# Words that belong to one language only. Small on purpose: each one is unambiguous
# ("of" is Dutch too, "met" and "is" English too, "week" both: left out).
DUTCH_ONLY = (
    "de",
    "en",
    "van",
    "voor",
    "naar",
    "bij",
    "uw",
    "u",
    "niet",
    "het",
    "een",
    "opslaan",
    "volgende",
    "vorige",
    "pijn",
    "vragenlijst",
    "oefening",
    "oefeningen",
    "wk",
    "mei",
    "juni",
    "jun.",
    "okt.",
    "mrt.",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
)
ENGLISH_ONLY = (
    "with",
    "to",
    "for",
    "the",
    "your",
    "you",
    "and",
    "save",
    "next",
    "previous",
    "pain",
    "questionnaire",
    "exercise",
    "wk",
    "june",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
OTHER_LANGUAGE = {"nl": ENGLISH_ONLY, "en": DUTCH_ONLY}
# A decimal point between digits is English; Dutch writes "6,0" (and English "6.0").
# One decimal only: "10.00 uur" is a Dutch time of day, "127.0.0.1" an address.
WRONG_DECIMAL = {
    "nl": re.compile(r"(?<![\d.,])\d+\.\d(?![\d.,])"),
    "en": re.compile(r"(?<![\d.,])\d+,\d(?![\d.,])"),
}

VISIBLE_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
SKIPPED_ELEMENTS = ("script", "style", "template")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class VisibleText(HTMLParser):
    """The words a reader (or a screen reader) meets on the page in its own language.

    An element marked with another ``lang`` (the language switch's "Nederlands"/"English")
    or with ``translate="no"`` is left out: it is meant to stay as it is."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)
        self.page_language: str | None = None

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        hidden = (
            self._hidden()
            or tag in SKIPPED_ELEMENTS
            # Marked as not to be translated: a bibliography's titles (guidelines, studies)
            # stay in the language they were published in.
            or values.get("translate") == "no"
            # The page's own language is checked apart (Walk.check); an element inside
            # it in the other language is there on purpose.
            or (tag != "html" and (values.get("lang") or self.language)[:2] != self.language)
        )
        if tag == "html":
            self.page_language = values.get("lang")
        if not hidden:
            self.parts += [values[name] or "" for name in VISIBLE_ATTRIBUTES if name in values]
            if tag == "input" and values.get("type") in ("submit", "button"):
                self.parts.append(values.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def read_page(html: str, language: str) -> tuple[str | None, str]:
    """The page's ``lang`` and its visible text."""
    parser = VisibleText(language)
    parser.feed(html)
    parser.close()
    return parser.page_language, " ".join(" ".join(parser.parts).split())


def foreign_words(text: str, language: str, proper_names: tuple[str, ...]) -> list[str]:
    for name in proper_names:
        text = text.replace(name, " ")
    found = []
    for word in OTHER_LANGUAGE[language]:
        pattern = re.escape(word) + (r"(?=\s|$|[,;:!?)])" if word.endswith(".") else r"\b")
        for match in re.finditer(r"(?<![\w.-])" + pattern, text, re.IGNORECASE):
            found.append(_context(text, match))
    found += [_context(text, match) for match in WRONG_DECIMAL[language].finditer(text)]
    return found


def _context(text: str, match: re.Match) -> str:
    start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
    return f"{match.group(0)!r} in '...{text[start:end]}...'"


class Walk:
    """One client session through a list of pages; every page's foreign words collected."""

    def __init__(self, client, language: str, proper_names: tuple[str, ...]) -> None:
        self.client = client
        self.language = language
        self.proper_names = proper_names
        self.problems: list[str] = []
        self.seen: list[str] = []

    def check(self, response, label: str) -> None:
        where = response.request["PATH_INFO"]
        self.seen.append(where)
        if response.status_code != 200:
            self.problems.append(f"{label} ({where}): status {response.status_code}")
            return
        if response.headers["Content-Language"] != self.language:
            self.problems.append(
                f"{label} ({where}): Content-Language {response.headers['Content-Language']}"
            )
        page_language, text = read_page(response.content.decode(), self.language)
        if page_language != self.language:
            self.problems.append(f"{label} ({where}): <html lang={page_language}>")
        for problem in foreign_words(text, self.language, self.proper_names):
            self.problems.append(f"{label} ({where}): {problem}")

    def get(self, url: str, label: str | None = None):
        response = self.client.get(url, follow=True)
        self.check(response, label or url)
        return response

    def post(self, url: str, data: dict, label: str | None = None):
        response = self.client.post(url, data, follow=True)
        self.check(response, label or f"POST {url}")
        return response

    def report(self) -> str:
        return f"{len(self.problems)} foreign words:\n" + "\n".join(self.problems)


def names_of(*people) -> tuple[str, ...]:
    names: list[str] = []
    for user in people:
        names += [user.email, user.full_name, *user.full_name.split()]
    return tuple(sorted(set(names), key=len, reverse=True))


def build_patient(practice, therapist, name: str, language: str):
    """A patient three weeks into her programme: day logs, every kind of questionnaire
    answered, an open one, a check-in, diary entries and exercise feedback."""
    patient = personas.patient(practice, therapist, name, language=language)
    programme = give_programme(patient, therapist, weeks=3, pains=[7, 6, 5])
    Intake.objects.filter(patient=patient).update(completed_at=timezone.now())
    plan = programme.plans.get(week=3)
    # One better day in week 1: its mean pain has a decimal (6.6), written per language.
    first_day = programme.plans.get(week=1).starts_on
    DayLog.objects.filter(patient=patient, date=first_day).update(pain=4)
    today = timezone.localdate()
    PainDiary.objects.create(patient=patient, is_on=True, changed_by=therapist)
    checkin = sent_checkin(patient)
    entry = diary_entry(patient, felt_at=timezone.now() - timedelta(days=1))
    month = timedelta(days=30)
    for when in (timezone.now() - 2 * month, timezone.now() - timedelta(days=1)):
        done = submitted(patient, "nprs", {"1": 6}, when=when).assignment
        submitted(patient, "qbpds", QBPDS_50, when=when)
        submitted(patient, "psk", PSK_SCORES, when=when, activities=PSK_ACTIVITIES)
    # Open questionnaires besides the schedule's own: their names on the start page.
    for instrument in ("nprs", "qbpds", "psk"):
        Assignment.objects.get_or_create(
            patient=patient, instrument=instrument, due_on=today, defaults={"source": "therapist"}
        )
    open_assignments = list(
        Assignment.objects.filter(patient=patient, completed_at__isnull=True, due_on__lte=today)
    )
    exercise_id = plan.plan["exercises"][0]["id"]
    feedback = ExerciseFeedback.objects.create(
        patient=patient, exercise_id=exercise_id, date=today - timedelta(days=1), kind="too_painful"
    )
    return {
        "patient": patient,
        "checkin": checkin,
        "entry": entry,
        "open": open_assignments[0],
        "all_open": open_assignments,
        "done": done,
        "exercise_ids": [exercise["id"] for exercise in plan.plan["exercises"]],
        "module_ids": list(plan.plan["education"]),
        "feedback": feedback,
    }


LANGUAGES = ("nl", "en")
PRACTICE = "Fysiotherapie Zuiderzee"  # a proper name: taken out before the check


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_patient_page_speaks_the_patients_language(client, db, language):
    practice = personas.practice(PRACTICE)
    therapist = personas.therapist(practice, "Tessa Therapeut")
    data = build_patient(practice, therapist, "Petra Patiënt", language)
    patient = data["patient"]
    client.force_login(patient.user)
    walk = Walk(client, language, (PRACTICE, *names_of(patient.user, therapist)))

    for name in (
        "web:home",
        "web:patient_home",
        "today:learn",
        "today:flare_up_plan",
        "diary:checkin",
        "diary:diary",
        "diary:entry_new",
        "mydata:progress",
        "mydata:reminders",
        "mydata:own_data",
        "mydata:request_deletion",
        "accounts:settings",
        "accounts:password_change",
        "accounts:password_change_done",
        "mydata:privacy",
        "mydata:privacy_decline",
        "questionnaires:mine",
        "programme:fear_ratings",
        "programme:preferences",
        "intake:done",
    ):
        walk.get(reverse(name), name)
    for module_id in data["module_ids"]:
        walk.get(reverse("today:module", args=[module_id]), f"module {module_id}")
    for exercise_id in data["exercise_ids"]:
        walk.get(reverse("today:exercise", args=[exercise_id]), f"exercise {exercise_id}")
    walk.get(reverse("diary:checkin_done", args=[data["checkin"].pk]), "diary:checkin_done")
    walk.get(reverse("diary:entry_edit", args=[data["entry"].pk]), "diary:entry_edit")
    walk.get(reverse("diary:entry_delete", args=[data["entry"].pk]), "diary:entry_delete")
    walk.get(reverse("questionnaires:done", args=[data["done"].pk]), "questionnaires:done")
    for assignment in data["all_open"]:
        walk.get(reverse("questionnaires:start", args=[assignment.pk]), assignment.instrument)
    walk.post(reverse("questionnaires:start", args=[data["open"].pk]), {}, "questionnaire begun")
    walk.get(reverse("questionnaires:intro", args=[data["open"].pk]), "questionnaires:intro")
    walk.get(reverse("questionnaires:step", args=[data["open"].pk, 1]), "questionnaires:step")
    walk.get(reverse("questionnaires:review", args=[data["open"].pk]), "questionnaires:review")

    # Messages after a save, as the patient reads them on the next page.
    walk.post(
        reverse("accounts:settings"),
        {"full_name": patient.user.full_name, "language": language, "phone": ""},
        "settings saved",
    )
    walk.post(
        reverse("diary:entry_new"), diary_post(activity_note="", medication=""), "diary saved"
    )

    # From an e-mail, without logging in: the page knows the patient by the link.
    client.logout()
    walk.get(reverse("mydata:stop_reminders", args=[stop_token(patient)]), "stop reminders")

    assert len(walk.seen) >= 30 + len(data["all_open"])
    assert not walk.problems, walk.report()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_intake_and_the_advice_speak_the_patients_language(client, db, language):
    practice = personas.practice(PRACTICE)
    therapist = personas.therapist(practice, "Tessa Therapeut")
    newcomer = personas.patient(practice, therapist, "Nina Nieuw", language=language)
    flagged = personas.patient(practice, therapist, "Frits Koorts", language=language)
    Intake.objects.create(patient=flagged.user.patient, answers=calm_answers(fever=True))
    assessment.assess(flagged, "intake")
    names = (PRACTICE, *names_of(newcomer.user, flagged.user, therapist))

    client.force_login(newcomer.user)
    walk = Walk(client, language, names)
    walk.get(reverse("intake:start"), "intake:start")
    for screen in flow.screens():
        walk.get(reverse("intake:screen", args=[screen.id]), f"intake screen {screen.id}")
    # A screen sent without answers: the errors are in the patient's language too.
    first = flow.screens()[0]
    walk.post(reverse("intake:screen", args=[first.id]), {}, "intake screen errors")

    client.force_login(flagged.user)
    walk.get(reverse("intake:advice"), "intake:advice")
    walk.get(reverse("web:patient_home"), "home in lockdown")

    assert len(walk.seen) == len(flow.screens()) + 4
    assert not walk.problems, walk.report()


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_invitation_and_password_rules_speak_the_invitees_language(
    client, db, mailoutbox, django_capture_on_commit_callbacks, language
):
    """The invitee's language is the one the therapist chose on the invite form: the e-mail,
    the accept page and the password rules. The login page follows the visitor's choice
    (the language cookie)."""
    practice = personas.practice(PRACTICE)
    therapist = personas.therapist(practice, "Tessa Therapeut")
    client.force_login(therapist)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("patients:invite"),
            {
                "full_name": "Ivo Invité",
                "email": "ivo@test.example",
                "date_of_birth": "1980-02-03",
                "sex": "male",
                "phone": "",
                "language": language,
                "therapist": therapist.pk,
            },
        )
    client.logout()
    invitation = Invitation.objects.get(user__email="ivo@test.example")
    assert invitation.user.language == language
    (email,) = mailoutbox
    token = re.search(r"/uitnodiging/([^/\s]+)/", email.body).group(1)
    names = (PRACTICE, *names_of(invitation.user, therapist))
    mail_text = re.sub(r"https?://\S+", " ", f"{email.subject} {email.body}")
    for name in names:
        mail_text = mail_text.replace(name, " ")
    assert not foreign_words(mail_text, language, names)

    walk = Walk(client, language, names)
    walk.get(reverse("accounts:accept_invitation", args=[token]), "accept invitation")
    # Too short, too common and all digits: Django's own rules, in the invitee's language.
    page = walk.post(
        reverse("accounts:accept_invitation", args=[token]),
        {"new_password1": "12345", "new_password2": "12345"},
        "password rules",
    )
    assert page.context["form"].errors
    client.cookies["django_language"] = language
    walk.get(reverse("accounts:login"), "accounts:login")
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        walk.get(reverse(f"accounts:{name}"), name)
    walk.get(
        reverse("accounts:password_reset_confirm", args=["MQ", "verlopen"]), "expired reset link"
    )

    assert not walk.problems, walk.report()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "2 dec. 2026 · 9 mei 2026 · 2 dec. · 2 december 2026 · 6,6"),
        ("en", "2 Dec 2026 · 9 May 2026 · 2 Dec · 2 December 2026 · 6.6"),
    ],
)
def test_dates_and_decimals_are_written_the_languages_way(language, expected):
    """By format name (ruggensteun/formats), not spelt out in each template."""
    template = Template(
        '{{ day|date:"SHORT_DATE_FORMAT" }} · {{ may|date:"SHORT_DATE_FORMAT" }} · '
        '{{ day|date:"MONTH_DAY_FORMAT" }} · {{ day|date }} · {{ pain|floatformat:1 }}'
    )
    context = Context({"day": date(2026, 12, 2), "may": date(2026, 5, 9), "pain": 6.57})
    with translation.override(language):
        assert template.render(context) == expected
    # The same short date where Python writes it (the score charts' labels).
    assert short_date(date(2026, 12, 2), language) == expected.split(" · ")[2]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "Pijnscore (NPRS)"), ("en", "Pain score (NPRS)")],
)
def test_instrument_names_for_patients_come_in_their_language(language, expected):
    with translation.override(language):
        assert catalog.display_name("nprs") == expected
        names = [catalog.display_name(code) for code in INSTRUMENT_CODES]
    assert all(
        f"({catalog.short_name(code)})" in name
        for code, name in zip(INSTRUMENT_CODES, names, strict=True)
    )


def test_the_invitees_own_switch_goes_before_the_therapists_choice_and_sticks(client, db):
    """The language switch works on the invitation page too (the cookie it sets), and
    the language chosen there becomes the new account's."""
    practice = personas.practice(PRACTICE)
    therapist = personas.therapist(practice, "Tessa Therapeut")
    invitee = personas.patient(practice, therapist, "Ivo Invité", language="en")
    invitee.user.set_unusable_password()
    invitee.user.save()
    _invitation, token = Invitation.issue(
        user=invitee.user, practice=practice, kind=Invitation.Kind.PATIENT, invited_by=therapist
    )
    url = reverse("accounts:accept_invitation", args=[token])
    assert "Welcome, Ivo" in client.get(url).content.decode()

    client.post(reverse("accounts:set_language"), {"language": "nl", "next": url})
    assert "Welkom, Ivo" in client.get(url).content.decode()
    password = "mijn-rug-wordt-beter-7"
    response = client.post(url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    invitee.user.refresh_from_db()
    assert invitee.user.language == "nl"
    assert invitee.user.check_password(password)
