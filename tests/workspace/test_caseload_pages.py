"""The caseload works out the figures and trends only for the rows of the page shown
(issue #15): the same rows, in the same order, with the same figures as when every row
is worked out in full, on every page."""

import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from ruggensteun.diary.models import CheckIn
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DayLog, WeeklyPlan
from ruggensteun.questionnaires.models import Assignment, InstrumentLicence
from ruggensteun.workspace.caseload import caseload_rows, complete_rows, week_adherence
from ruggensteun.workspace.views.patients import CASELOAD_PAGE_SIZE
from tests import personas
from tests.patients import builders

SHOWN = (
    "pathway",
    "risk",
    "week",
    "programme_status",
    "pain_intake",
    "pain_now",
    "pain_now_on",
    "disability_change",
    "adherence",
    "pain_trend",
    "disability_trend",
    "adherence_trend",
)


def figures(row):
    return (row.patient.pk, [r.code for r in row.reasons], *(getattr(row, f) for f in SHOWN))


def test_rows_completed_later_are_the_rows_completed_at_once(practice, therapist):
    builders.one_per_reason(practice, therapist)
    builders.many_patients(practice, therapist, 30, prefix="Veel")
    patients = Patient.objects.filter(practice=practice)
    full = caseload_rows(patients)
    light = caseload_rows(patients, complete=False)
    assert [row.patient.pk for row in light] == [row.patient.pk for row in full]
    assert not any(row.pain_trend or row.completed for row in light)
    complete_rows(light[:10])
    complete_rows(light[10:])
    assert [figures(row) for row in light] == [figures(row) for row in full]
    # Every kind of figure is there, so the comparison compares something.
    assert any(row.adherence_trend for row in full)
    assert any(row.disability_trend for row in full)
    assert any(row.pain_trend for row in full)


def test_the_second_page_shows_its_figures_too(client, practice, therapist):
    builders.many_patients(practice, therapist, CASELOAD_PAGE_SIZE + 20, prefix="Veel")
    client.force_login(therapist)
    first = client.get(reverse("patients:caseload")).content.decode()
    second = client.get(reverse("patients:caseload") + "?pagina=2").content.decode()
    for html in (first, second):
        body = html[html.index("<tbody>") : html.index("</tbody>")]
        assert re.search(r"<strong>\d+%</strong>", body)  # last week's adherence
        assert "sparkline" in body


def test_adherence_read_from_the_plan_parts_is_adherence_read_from_the_whole_plan(
    practice, therapist
):
    """The database takes the walking goal and the exercises' days out of the stored plan
    (PLAN_PARTS); counted from those, a week is what the whole plan counts."""
    builders.many_patients(practice, therapist, 20, prefix="Veel")
    rows = caseload_rows(Patient.objects.filter(practice=practice))
    weeks = [(row, week) for row in rows for week in row.adherence]
    assert len(weeks) > 20
    for row, week in weeks:
        plan = WeeklyPlan.objects.get(programme__patient_id=row.patient.pk, week=week.week)
        logs = DayLog.objects.filter(patient_id=row.patient.pk)
        assert week == week_adherence(plan, logs)


def test_an_overdue_licensed_questionnaire_counts_only_with_the_practices_licence(
    practice, therapist, other_practice
):
    """The caseload reads the licences of its one practice without joining the patients
    (as ``visible_to_patient``): another practice's licence does not count."""
    patient = builders.personas.patient(practice, therapist, "Olga Odi")
    Assignment.objects.create(
        patient=patient,
        instrument="odi",
        due_on=builders.today() - timedelta(days=3),
        source="therapist",
    )

    def overdue():
        (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk), complete=False)
        return row.facts.overdue

    assert overdue() == []
    InstrumentLicence.objects.create(practice=other_practice, instrument="odi")
    assert overdue() == []
    InstrumentLicence.objects.create(practice=practice, instrument="odi")
    assert overdue() == [("odi", builders.today() - timedelta(days=3))]


def test_the_order_reads_no_day_logs_and_no_whole_scores(practice, therapist):
    """Issue #15: working out the rows reads of the day logs only the weeks the figures
    show and of the plans only the values adherence counts."""
    builders.many_patients(practice, therapist, 20, prefix="Veel")
    patients = Patient.objects.filter(practice=practice)
    with CaptureQueriesContext(connection) as ordering:
        rows = caseload_rows(patients, complete=False)
    read = " ".join(query["sql"] for query in ordering.captured_queries)
    # The plan only inside the database's JSON functions, never a column read whole.
    assert '"programme_weeklyplan"."plan"' in read
    assert not re.search(r'"programme_weeklyplan"\."plan"(,\s*"|\s+FROM\b|\s+AS\b)', read)
    assert '"programme_daylog"."date" > ' in read  # the day logs of recent weeks only
    assert any(row.adherence for row in rows)


@pytest.mark.parametrize(("days", "reason"), [(0, True), (6, True), (7, False), (8, False)])
def test_a_flare_up_of_a_day_log_counts_for_a_week_in_the_caseload(
    practice, therapist, days, reason
):
    """The order reads only the last flare-up of the rule's week (FLARE_RECENT_DAYS)."""
    patient = personas.patient(practice, therapist, "Fleur Flare")
    DayLog.objects.create(
        patient=patient, date=builders.today() - timedelta(days=days), flare=True, pain=7
    )
    DayLog.objects.create(patient=patient, date=builders.today() + timedelta(days=1), flare=True)
    (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk), complete=False)
    assert ("flare_up" in row.codes) is reason
    if reason:
        day = formats.date_format(builders.today() - timedelta(days=days), "MONTH_DAY_FORMAT")
        assert row.reasons[0].text == f"Opstoot gemeld op {day}"


def test_reasons_are_worded_in_the_language_of_the_rows_completed(practice, therapist):
    """The words of a reason are worked out lazily, but a completed row has them in the
    language active when it was completed (a report is rendered after it is made)."""
    patient = personas.patient(practice, therapist, "Fleur Flare")
    DayLog.objects.create(patient=patient, date=builders.today(), flare=True)
    with translation.override("en"):
        (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk))
    (reason,) = row.reasons
    with translation.override("en"):
        english = reason.words()
    with translation.override("nl"):
        assert reason.text == english != reason.words()


@pytest.mark.parametrize(
    ("days", "hour", "reason"),
    [(0, 0, True), (6, 0, True), (6, 23, True), (7, 23, False), (8, 12, False)],
)
def test_a_flare_up_of_a_check_in_counts_for_a_week_in_the_caseload(
    practice, therapist, days, hour, reason
):
    """The order reads only the check-ins with a flare-up since the first day of the
    rule's week (FLARE_RECENT_DAYS), from its first moment in the practice's time zone."""
    patient = personas.patient(practice, therapist, "Fleur Flare")
    submitted = builders.days_ago(days, hour=hour)
    CheckIn.objects.create(
        patient=patient,
        submission_key=uuid.uuid4(),
        period_start=builders.today() - timedelta(days=days + 7),
        period_end=builders.today() - timedelta(days=days + 1),
        flare=True,
        submitted_at=submitted,
    )
    (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk), complete=False)
    assert ("flare_up" in row.codes) is reason
    if reason:
        day = formats.date_format(timezone.localdate(submitted), "MONTH_DAY_FORMAT")
        assert row.reasons[0].text == f"Opstoot gemeld op {day}"


def _tags(html):
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize(
    "params",
    [
        None,
        {"q": "de <b>", "scope": "practice"},
        {"pathway": "bogus", "risk": "high", "reason": "any"},
        {"q": "a\x00b", "scope": "elsewhere", "therapist": "x"},
        {"therapist": "THERAPIST", "reason": "flare_up", "pathway": "none"},
    ],
)
def test_the_filters_written_by_hand_are_what_djangos_widgets_write(
    client, practice, therapist, params
):
    """The caseload writes its six filters in its own template (issue #15): the same
    labels, ids, values, choices, errors and aria attributes as ``as_field_group``."""
    from ruggensteun.workspace.caseload import FILTERS, CaseloadForm

    if params and params.get("therapist") == "THERAPIST":
        params = {**params, "therapist": str(therapist.pk)}
    client.force_login(therapist)
    response = client.get(reverse("patients:caseload"), params or {})
    assert response.status_code == 200
    html = response.content.decode()
    shown = html[html.index('role="search"') : html.index('<div class="filter-actions">')]
    form = CaseloadForm(params, user=therapist)
    for language in ("nl", "en"):
        with translation.override(language):
            django = "".join(f"<div>{form[name].as_field_group()}</div>" for name in FILTERS)
            if language == "nl":
                assert _tags(django) in _tags(shown)
            by_hand = response.context["form"].filters()
            assert [field.label for field in by_hand] == [
                str(form[name].label_tag()).split(">", 1)[1].rsplit("<", 1)[0] for name in FILTERS
            ]
    if params and "bogus" in params.values():
        assert 'aria-invalid="true" aria-describedby="id_pathway_error"' in shown


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_figures_are_written_as_the_template_filters_write_them(
    client, practice, therapist, language
):
    """The figures, the week and last week's days are worked out once per value (issue
    #15): as ``floatformat:"-1"`` and the translated words write them, in the therapist's
    language."""
    from django.template.defaultfilters import floatformat

    builders.many_patients(practice, therapist, 20, prefix="Veel")
    therapist.language = language
    therapist.save(update_fields=["language"])
    client.force_login(therapist)
    html = client.get(reverse("patients:caseload")).content.decode()
    rows = list(client.get(reverse("patients:caseload")).context["page"])
    checked = 0
    with translation.override(language):
        for row in rows:
            if row.pain_intake is not None and row.pain_now is not None:
                pain = floatformat(row.pain_intake, "-1"), floatformat(row.pain_now, "-1")
                assert f"{pain[0]} → <strong>{pain[1]}</strong>" in html
                checked += 1
            if row.disability_change is not None:
                assert f"{floatformat(row.disability_delta, '-1')}</span>" in html
            if row.week and not row.facts.discharged:
                assert f"<td>{translation.gettext('week %(week)s') % {'week': row.week}}" in html
            week = row.last_week
            if week and week.percent is not None:
                words = translation.gettext(
                    "%(done)s/%(planned)s oefendagen, wandeldoel %(walked)s/7"
                ) % {
                    "done": week.exercise_days,
                    "planned": week.exercise_days_planned,
                    "walked": week.walking_days,
                }
                assert f'<span class="th-note">{words}</span>' in html
                checked += 1
    assert checked > 10
    assert ("exercise days" in html) is (language == "en")
