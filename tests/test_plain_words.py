"""Therapist pages speak plain words (issue #12): no rule ids, field names, spec tags or
internal codes in the text a therapist reads; the source of a rule one click away behind
"Waarom?"; the audit log in sentences."""

import csv
import io
import re
import uuid
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import get_resolver, reverse
from django.utils import translation

from ruggensteun.audit.log import record
from ruggensteun.audit.models import AuditEvent
from ruggensteun.audit.words import PAGES, describe
from ruggensteun.clinical.triage.fields import FIELDS
from ruggensteun.clinical.triage.rules import RULES
from ruggensteun.diary.models import CheckIn
from ruggensteun.intake import assessment, wording
from ruggensteun.intake.models import ClassificationDecision, Intake, RedFlagAlert
from tests.accounts.helpers import pass_second_factor
from tests.intake.test_triage_workspace import calm_answers
from tests.patients import builders
from tests.questionnaires.conftest import submitted

RULE_IDS = [rule.id for rule in RULES]
FIELD_NAMES = [field.name for field in FIELDS]
# Every rule id but AAA, which physiotherapists use as the name of the condition itself.
FORBIDDEN = re.compile(
    "|".join(
        [
            *(rf"\b{rule_id}\b" for rule_id in RULE_IDS if rule_id != "AAA"),
            *(rf"\b{name}\b" for name in FIELD_NAMES if "_" in name),
            r"_item_",
            r"\[[DSPI]\]",
            r"§",
            r"\.md\b",
            r"\b[a-z]+:[a-z_]+\b",  # a URL name such as questionnaires:step
            r"\b(nonspecific|radicular|subacute|medium|exercise|psychologically_informed)\b",
            r"\b(acute|chronic|advice|emergency|urgent|routine|sick_leave)\b",
            r"\b(fabq_pa|fabq_w|tsk17_total)\b",
        ]
    )
)


class VisibleText(HTMLParser):
    """The text a reader sees (not attributes, scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def codes_in(text: str) -> list[str]:
    return sorted({found.group(0) for found in FORBIDDEN.finditer(text)})


@pytest.fixture
def flagged(patient, therapist):
    """A patient with red flags in both legs and for malignancy, yellow flags, a decision,
    a handled alert and a check-in with a yes to a red-flag question."""
    patient.date_of_birth = patient.date_of_birth.replace(year=1960)
    patient.save()
    submitted(
        patient,
        "startback",
        dict(zip(map(str, range(1, 10)), (1, 0, 0, 0, 1, 1, 1, 0, 3), strict=True)),
        when=builders.days_ago(3),
    )
    Intake.objects.create(
        patient=patient,
        answers=calm_answers(
            leg_pain="below_knee",
            leg_pain_sides="both",
            leg_tingling_numbness=True,
            weight_loss=True,
            work_status="sick_leave",
            work_physical_load="heavy",
            recovery_expectation=3,
            duration_weeks=3,
        ),
        completed_at=builders.days_ago(2),
    )
    found = assessment.assess(patient, "intake")
    ClassificationDecision.objects.create(
        patient=patient,
        assessment=found,
        decided_by=therapist,
        duration_class="subacute",
        pain_type="radicular",
        pathway="exercise",
        reason="Klachten bestaan langer dan de patiënt dacht.",
    )
    handled = RedFlagAlert.objects.get(patient=patient, rule_id="MALIGNANCY")
    handled.handled_at = builders.days_ago(1)
    handled.handled_by = therapist
    handled.action = RedFlagAlert.Action.CALLED_PATIENT
    handled.save()
    CheckIn.objects.create(
        patient=patient,
        submission_key=uuid.uuid4(),
        period_start=builders.today() - timedelta(days=7),
        period_end=builders.today() - timedelta(days=1),
        pain=5,
        red_flags={"saddle_numbness": False, "leg_weakness": "some", "new_trauma": True},
        submitted_at=builders.days_ago(1),
    )
    return patient


def staff_page(client, user, url) -> str:
    client.force_login(user)
    pass_second_factor(client, user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


THERAPIST_PAGES = [
    ("patients:caseload", False),
    ("patients:detail", True),
    ("intake:triage", True),
    ("diary:patient_checkins", True),
    ("questionnaires:scores", True),
    ("workspace:sessions", True),
]


@pytest.mark.parametrize(("name", "for_patient"), THERAPIST_PAGES)
def test_no_therapist_page_shows_a_code_in_its_text(client, therapist, flagged, name, for_patient):
    url = reverse(name, args=[flagged.pk] if for_patient else [])
    text = visible(staff_page(client, therapist, url))
    assert codes_in(text) == []


def test_the_red_flag_has_a_name_and_the_answers_in_words(client, therapist, flagged):
    html = staff_page(client, therapist, reverse("patients:detail", args=[flagged.pk]))
    text = visible(html)
    assert "Mogelijk caudasyndroom: klachten in beide benen" in text
    assert "Pijn in: beide benen" in text
    assert "Tintelingen of doof gevoel in been of voet: ja" in text
    # The id is only in a data attribute, for the code and the tests.
    assert 'data-rule="CES_BILATERAL"' in html and "CES_BILATERAL" not in text
    # The emergency comes before the flag to discuss at the next appointment.
    assert html.index('data-rule="CES_BILATERAL"') < html.index('data-rule="AGE"')


def test_why_names_the_guideline_and_what_the_rule_checks(client, therapist, flagged):
    html = staff_page(client, therapist, reverse("intake:triage", args=[flagged.pk]))
    start = html.index('<details class="why" data-rule="CES_BILATERAL">')
    why = visible(html[start : html.index("</details>", start)])
    assert why.startswith("Waarom?")
    assert "NHG-Standaard Lumbosacraal radiculair syndroom" in why
    assert "tintelingen, een doof gevoel of krachtverlies" in why


def test_the_triage_page_gives_classification_and_yellow_flags_in_words(client, therapist, flagged):
    text = visible(staff_page(client, therapist, reverse("intake:triage", args=[flagged.pk])))
    assert "lumbosacraal radiculair syndroom" in text
    assert "STarT Back vraag 6 (maakt zich vaak zorgen): eens" in text
    assert "Herstelverwachting: 3 van 10" in text
    assert "Werk: ziekgemeld" in text
    # The decision history and the handled flag, too.
    assert "subacuut (7 tot en met 12 weken)" in text and "oefentherapie" in text
    assert "Mogelijk maligniteit" in text


def test_the_check_in_list_says_which_red_flag_questions_were_yes(client, therapist, flagged):
    url = reverse("diary:patient_checkins", args=[flagged.pk])
    text = visible(staff_page(client, therapist, url))
    assert "Kracht in been of voet: wat minder kracht" in text
    assert "Gevallen of ongeluk sinds de vorige check-in: ja" in text


def test_an_english_therapist_reads_the_red_flag_in_english(client, therapist, flagged):
    therapist.language = "en"
    therapist.save()
    html = staff_page(client, therapist, reverse("patients:detail", args=[flagged.pk]))
    assert "Possible cauda equina syndrome: symptoms in both legs" in html
    assert "Why?" in html


# --- the programme's plan -------------------------------------------------------------------


@pytest.fixture
def in_programme(patient, therapist):
    """A patient whose week 1 runs, with a programme-rule reason on every choice."""
    from ruggensteun.programme import planning
    from tests.programme.conftest import classify

    classify(patient, therapist)
    planning.start_programme(patient, therapist, approve_each_week=False, today=builders.today())
    return patient


PLAN_PAGES = ["programme:overview", "patients:detail"]


@pytest.mark.parametrize("name", PLAN_PAGES)
def test_the_plan_gives_its_sources_in_words_behind_why(client, therapist, in_programme, name):
    html = staff_page(client, therapist, reverse(name, args=[in_programme.pk]))
    text = visible(html)
    assert codes_in(text) == []
    # Each choice keeps its rule for whoever checks the engine, out of the reading text.
    rules = re.findall(r'<details class="why" data-rule="([^"]+)"', html)
    assert rules and all(rule.startswith("programme.md") for rule in rules)
    assert "Dit volgt het programma van Ruggensteun: de opbouw week na week." in text
    assert "Het is een ontwerpkeuze van Ruggensteun, geen regel uit een richtlijn." in text


def test_a_plan_rule_in_words():
    from ruggensteun.programme.wording import rule_words

    with translation.override("nl"):
        words = rule_words(
            "programme.md §2 revision 2: STENOSIS flag, no extension exercises (NHG M55); "
            "programme.md §4 selection: category order by phase [D]"
        )
        assert words.parts == (
            "welke onderdelen wanneer komen, en wat veilig is en de keuze van de oefeningen"
        )
        assert words.design_choice and words.revised
        assert words.guidelines == "NHG-Standaard Lumbosacraal radiculair syndroom"
        plain = rule_words("programme.md §7 flare-up plan")
        assert (plain.parts, plain.design_choice, plain.revised, plain.guidelines) == (
            "het opstootplan",
            False,
            False,
            "",
        )
        assert rule_words("something else").parts == ""
    with translation.override("en"):
        assert rule_words("programme.md §5 hold [D]").parts == "the build-up week by week"


def test_the_printed_report_has_no_why(client, therapist, in_programme):
    """A PDF cannot open "Waarom?": the progress report leaves the sources out, and keeps the
    reasons."""
    from tests.reports.test_pdfs import download

    _reader, text = download(client, therapist, in_programme, "voortgangsverslag")
    assert "Wandelen" in text
    assert "Waarom?" not in text
    assert "programma van Ruggensteun" not in text
    assert codes_in(text) == []


# --- the tables are complete ---------------------------------------------------------------


def test_every_rule_has_a_name_and_a_reason_with_a_source():
    for rule_id in RULE_IDS:
        assert rule_id in wording.RULE_NAMES, rule_id
        assert wording.rule_checks(rule_id) and wording.rule_sources(rule_id), rule_id


def test_every_field_and_every_choice_has_words():
    for field in FIELDS:
        assert field.name in wording.FIELD_LABELS, field.name
        for choice in field.choices:
            assert choice in wording.CHOICE_WORDS[field.name], (field.name, choice)


def test_an_unknown_rule_or_field_still_reads_as_words():
    assert wording.rule_name("NEW_RULE") == "Andere rode vlag"
    assert wording.answer_line("new_field", True) == "Andere vraag: ja"


def _url_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = pattern.namespace or ""
            yield from _url_names(
                pattern, f"{namespace}:{inner}".strip(":") if inner else namespace
            )
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_page_has_words_in_the_audit_log():
    missing = [name for name in _url_names(get_resolver()) if name not in PAGES]
    assert missing == []


# --- the audit log -------------------------------------------------------------------------


def test_the_audit_log_describes_entries_as_sentences():
    with translation.override("nl"):
        assert describe("questionnaires:step", "update") == "Vragenlijst beantwoord"
        assert describe("patients:detail", "view") == "Patiëntpagina bekeken"
        assert describe("red flag CES handled", "update") == (
            "Rode vlag afgehandeld: Mogelijk caudasyndroom"
        )
        assert describe("programme week 3: walking", "update") == (
            "Week 3 van het programma gewijzigd"
        )
        # Unknown codes are still words, never the code.
        assert describe("programme:something_new", "view") == "Programma: andere pagina bekeken"
        assert describe("whatever", "create") == "Andere pagina of handeling aangemaakt"


def test_the_audit_page_and_csv_show_words_with_the_code_apart(client, admin, patient):
    record(admin, AuditEvent.Action.UPDATE, "questionnaires:step", patient=patient)
    html = staff_page(client, admin, reverse("audit:log"))
    text = visible(html)
    assert "Vragenlijst beantwoord" in text
    assert codes_in(text) == []
    response = client.post(reverse("audit:export"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    row = next(row for row in rows if row["what"] == "questionnaires:step")
    assert row["description"] == "Vragenlijst beantwoord"
