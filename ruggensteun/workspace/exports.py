"""Outcome exports for quality registration: a CSV and a FHIR R4 Bundle of the same
episodes, pseudonymised.

Nothing that names a patient leaves the practice: no name, e-mail address, birth date or
database id; a patient is a stable pseudonym (``PracticeExportKey``), an age band and a sex.
Free text is left out too (a PSK activity in the patient's own words could name someone).

Nothing links an export to a named one either (issue #11, finding 2): every id in the
Bundle is a uuid5 of the pseudonym in a namespace made from the practice's export key (so
no submission key or database id appears); questionnaire times are given to the day and an
episode's start and end to the ISO week (the CSV's ``episode_*_week`` columns, the Bundle's
``meta.tag``; the FHIR periods use the Monday of that week, as FHIR has no week type).

Scores of an instrument whose text the practice has not signed off (``signoff`` app) are
provisional: named in the CSV's last column, and "preliminary" Observations in the Bundle.
"""

import csv
import hashlib
import hmac
import io
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from ruggensteun.accounts.models import Practice
from ruggensteun.clinical.fhir import bundle, entry, urn
from ruggensteun.clinical.instruments.fhir import CANONICAL_BASE, SURVEY_CATEGORY
from ruggensteun.clinical.instruments.scoring import round_for_display
from ruggensteun.patients.models import Patient
from ruggensteun.pdf import kept
from ruggensteun.questionnaires.fhir_export import response_entries
from ruggensteun.signoff.status import signed_off_codes
from ruggensteun.workspace.episodes import (
    MIC_INSTRUMENTS,
    OUTCOME_INSTRUMENTS,
    Episode,
    age_band,
    episodes_for,
    in_period,
)
from ruggensteun.workspace.models import PracticeExportKey

UCUM = "http://unitsofmeasure.org"
EPISODE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/episode"
PATHWAY_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/pathway"
DISCHARGE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/discharge-reason"
GENDER_SYSTEM = "http://hl7.org/fhir/administrative-gender"
THERAPY_CATEGORY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "therapy",
            "display": "Therapy",
        }
    ]
}
# Stable ids for the Bundle's resources: uuid5 of the pseudonym and what they say, in a
# namespace of the practice (``export_namespace``).
EXPORT_NAMESPACE = uuid.UUID("6f1c7d52-3a8e-4c1e-9d55-2b7f0d1e8a43")
PRECISION_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/export-precision"
# HL7 v3 ObservationValue "PSEUDED": the data were pseudonymised.
PSEUDONYMISED = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
    "code": "PSEUDED",
    "display": "pseudonymized",
}
PRECISION_TAGS = [
    {
        "system": PRECISION_SYSTEM,
        "code": "times-to-day",
        "display": "Questionnaire times (authored, effectiveDateTime) are given to the day",
    },
    {
        "system": PRECISION_SYSTEM,
        "code": "episode-to-iso-week",
        "display": "Episode periods start on the Monday of the ISO week of the real date",
    },
]


def export_namespace(key: PracticeExportKey) -> uuid.UUID:
    """The practice's namespace for export ids: without the key's secret no one can tell
    which response or patient an id stands for."""
    digest = hmac.new(key.secret.encode(), b"export-ids", hashlib.sha256).hexdigest()
    return uuid.uuid5(EXPORT_NAMESPACE, digest)


def iso_week(day: date) -> str:
    """``2026-W05``: the ISO 8601 week of ``day``."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Column:
    key: str
    meaning: Any  # lazy text for the export page's legend


COLUMNS = (
    Column("pseudonym", _("vaste code per patiënt in deze praktijk (geen naam of geboortedatum)")),
    Column("age_band", _("leeftijdsgroep aan het begin, in jaren")),
    Column("sex", _("geslacht: female, male of other")),
    Column("pathway", _("zorgpad: advice, exercise of psychologically_informed")),
    Column(
        "episode_start_week",
        _("begin: de week (ISO, zoals 2026-W05) van de intake (of van het aanmelden)"),
    ),
    Column(
        "episode_end_week",
        _("einde: de week (ISO) van het afsluiten; leeg als de behandeling loopt"),
    ),
    Column("discharge_reason", _("reden van afsluiten")),
    Column("duration_weeks", _("duur in weken, tot het afsluiten of tot vandaag")),
    Column("sessions", _("aantal sessies (sessieverslagen)")),
    Column("nprs_intake", _("pijn (NPRS 0-10), eerste meting")),
    Column("nprs_final", _("pijn (NPRS), laatste meting")),
    Column("nprs_improvement", _("verbetering in punten (eerste min laatste)")),
    Column("nprs_mic_points", _("NPRS: minimaal belangrijke verbetering in punten (2) bereikt")),
    Column("nprs_mic_30pct", _("NPRS: 30% verbetering bereikt")),
    Column("qbpds_intake", _("beperkingen (QBPDS 0-100), eerste meting")),
    Column("qbpds_final", _("beperkingen (QBPDS), laatste meting")),
    Column("qbpds_improvement", _("verbetering in punten (eerste min laatste)")),
    Column("qbpds_mic_points", _("QBPDS: minimaal belangrijke verbetering in punten (20) bereikt")),
    Column("qbpds_mic_30pct", _("QBPDS: 30% verbetering bereikt")),
    Column("psk_mean_intake", _("PSK, gemiddelde van de activiteiten, eerste meting")),
    Column("psk_mean_final", _("PSK, gemiddelde, laatste meting")),
    Column("gpe_final", _("globaal ervaren effect (GPE 1-7), laatste meting")),
    Column("gpe_improved", _("GPE 1 of 2: hersteld of sterk verbeterd")),
    Column(
        "provisional",
        _(
            "voorlopig: de vragenlijsten in deze rij (nprs, qbpds, psk, gpe) waarvan de tekst "
            "nog niet goedgekeurd is; leeg als alles goedgekeurd is"
        ),
    ),
)


@dataclass(frozen=True)
class CsvFormat:
    delimiter: str
    decimal_comma: bool


# Excel with Dutch or Belgian settings reads ";" with decimal commas; everything else ",".
EXCEL_NL = CsvFormat(";", decimal_comma=True)
STANDARD = CsvFormat(",", decimal_comma=False)


def _flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _number(value: Any, places: int, fmt: CsvFormat) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, Fraction) and value.denominator == 1:
        value = int(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Fraction | Decimal):
        text = str(round_for_display(value, places))
        return text.replace(".", ",") if fmt.decimal_comma else text
    return str(value)


def outcome_row(
    episode: Episode,
    pseudonym: str,
    fmt: CsvFormat,
    *,
    signed_off: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """One episode; ``signed_off`` is the practice's ``signed_off_codes`` (fetched once)."""
    patient = episode.patient
    row = {
        "pseudonym": pseudonym,
        "age_band": age_band(patient.age_on(episode.start)),
        "sex": patient.sex,
        "pathway": episode.pathway or "",
        "episode_start_week": iso_week(episode.start),
        "episode_end_week": iso_week(episode.end) if episode.closed else "",
        "discharge_reason": episode.discharge.reason if episode.discharge else "",
        "duration_weeks": _number(episode.duration_weeks, 1, fmt),
        "sessions": str(episode.sessions),
    }
    for code in MIC_INSTRUMENTS:
        outcome = episode.final_outcome(code)
        change = outcome.change
        row[f"{code}_intake"] = _number(outcome.baseline_value, 1, fmt)
        row[f"{code}_final"] = _number(outcome.follow_up_value, 1, fmt)
        row[f"{code}_improvement"] = _number(change.improvement if change else None, 1, fmt)
        row[f"{code}_mic_points"] = _flag(change.mic_met if change else None)
        row[f"{code}_mic_30pct"] = _flag(change.thirty_percent_met if change else None)
    psk = episode.final_outcome("psk")
    row["psk_mean_intake"] = _number(psk.baseline_value, 2, fmt)
    row["psk_mean_final"] = _number(psk.follow_up_value, 2, fmt)
    gpe = episode.final("gpe")
    row["gpe_final"] = _number(gpe.score("value") if gpe else None, 0, fmt)
    row["gpe_improved"] = _flag(gpe.score("improved") if gpe else None)
    scored = {
        "nprs": row["nprs_intake"] or row["nprs_final"],
        "qbpds": row["qbpds_intake"] or row["qbpds_final"],
        "psk": row["psk_mean_intake"] or row["psk_mean_final"],
        "gpe": row["gpe_final"],
    }
    row["provisional"] = " ".join(
        code for code, value in scored.items() if value and code not in signed_off
    )
    return row


def outcome_csv(episodes: list[Episode], key: PracticeExportKey, fmt: CsvFormat) -> bytes:
    """The CSV file: a header row, one row per episode; UTF-8 with a byte order mark so
    Excel reads the characters right."""
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=[column.key for column in COLUMNS], delimiter=fmt.delimiter
    )
    writer.writeheader()
    signed_off = signed_off_codes(key.practice_id)
    for episode in episodes:
        pseudonym = key.pseudonym(episode.patient.pk)
        writer.writerow(outcome_row(episode, pseudonym, fmt, signed_off=signed_off))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- FHIR ---------------------------------------------------------------------------------


def pseudonym_system(practice: Practice) -> str:
    return f"{CANONICAL_BASE}/NamingSystem/practice-{practice.pk}-pseudonym"


def _strip_free_text(resource: dict[str, Any]) -> None:
    """Leave out PSK activities in the patient's own words (a list code stays)."""
    if resource.get("resourceType") != "QuestionnaireResponse":
        return
    resource["item"] = [
        item
        for item in resource.get("item", [])
        if not any("valueString" in answer for answer in item.get("answer", []))
    ]


def _coded(system: str, code: str) -> dict[str, Any]:
    return {"valueCodeableConcept": {"coding": [{"system": system, "code": code}]}}


@dataclass
class _EpisodeResources:
    """Collects one episode's Bundle entries; every figure is an Observation about the
    pseudonymised subject over the episode's period."""

    episode: Episode
    pseudonym: str
    subject: dict[str, Any]
    entries: list[dict[str, Any]]
    namespace: uuid.UUID

    def observe(
        self,
        code: str,
        display: str,
        value: dict[str, Any],
        *,
        category: dict[str, Any] | None = None,
        derived_from: tuple[str, ...] = (),
        status: str = "final",
    ) -> None:
        resource_id = str(uuid.uuid5(self.namespace, f"{self.pseudonym}/{code}"))
        period = {"start": week_monday(self.episode.start).isoformat()}
        if self.episode.closed:
            period["end"] = week_monday(self.episode.end).isoformat()
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": resource_id,
            "status": status,
            "code": {"coding": [{"system": EPISODE_SYSTEM, "code": code, "display": display}]},
            "subject": self.subject,
            "effectivePeriod": period,
            **value,
        }
        if category is not None:
            resource["category"] = [category]
        if derived_from:
            resource["derivedFrom"] = [{"reference": reference} for reference in derived_from]
        self.entries.append(entry(urn(resource_id), resource))


def episode_entries(
    episode: Episode,
    pseudonym: str,
    subject: dict[str, Any],
    language: str,
    *,
    namespace: uuid.UUID,
    signed_off: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """The responses behind the outcomes (the first and the last of each instrument) with
    their score Observations, and an Observation per figure of the episode. Scores (and
    the MIC judgements on them) of instruments not in ``signed_off`` are preliminary.

    ``namespace``: the practice's ``export_namespace``; every id is a uuid5 in it."""
    found = _EpisodeResources(episode, pseudonym, subject, [], namespace)
    responses: dict[str, tuple[str, ...]] = {}
    for code in OUTCOME_INSTRUMENTS:
        outcome = episode.final_outcome(code)
        used = [m.response for m in (outcome.baseline, outcome.follow_up) if m is not None]
        references = []
        for response in used:
            assert response.submitted_at is not None
            response_id = uuid.uuid5(namespace, f"{pseudonym}/response/{response.submission_key}")
            day = timezone.localdate(response.submitted_at).isoformat()
            entries = response_entries(
                response, "", language, signed_off=signed_off, response_id=response_id
            )
            for item in entries:
                resource = item["resource"]
                resource["subject"] = subject
                # Times to the day: the moment of submitting is in the named exports.
                if "authored" in resource:
                    resource["authored"] = day
                if "effectiveDateTime" in resource:
                    resource["effectiveDateTime"] = day
                _strip_free_text(resource)
                found.entries.append(item)
            references.append(urn(response_id))
        responses[code] = tuple(references)
    weeks = {"value": float(episode.duration_weeks), "unit": "wk", "system": UCUM, "code": "wk"}
    found.observe(
        "sessions",
        "Number of treatment sessions",
        {"valueInteger": episode.sessions},
        category=THERAPY_CATEGORY,
    )
    found.observe(
        "duration", "Episode duration", {"valueQuantity": weeks}, category=THERAPY_CATEGORY
    )
    if episode.pathway:
        found.observe("pathway", "Care pathway", _coded(PATHWAY_SYSTEM, episode.pathway))
    if episode.discharge is not None:
        reason = _coded(DISCHARGE_SYSTEM, episode.discharge.reason)
        found.observe("discharge-reason", "Discharge reason", reason)
    band = age_band(episode.patient.age_on(episode.start))
    if band:
        found.observe("age-band", "Age band (years)", {"valueString": band})
    if episode.patient.sex:
        found.observe("sex", "Administrative sex", _coded(GENDER_SYSTEM, episode.patient.sex))
    for code in MIC_INSTRUMENTS:
        change = episode.final_outcome(code).change
        if change is None:
            continue
        flags = (
            ("mic-points", "minimal important change in points", change.mic_met),
            ("mic-30-percent", "30% improvement", change.thirty_percent_met),
        )
        for suffix, words, value in flags:
            if value is None:
                continue
            found.observe(
                f"{code}-{suffix}",
                f"{code.upper()}: {words} reached ({change.source})",
                {"valueBoolean": value},
                category=SURVEY_CATEGORY,
                derived_from=responses[code],
                status="final" if code in signed_off else "preliminary",
            )
    return found.entries


def outcome_bundle(
    episodes: list[Episode], key: PracticeExportKey, language: str
) -> dict[str, Any]:
    """A FHIR R4 Bundle (type "collection") of the same data as the CSV."""
    system = pseudonym_system(key.practice)
    signed_off = signed_off_codes(key.practice_id)
    namespace = export_namespace(key)
    entries: list[dict[str, Any]] = []
    for episode in episodes:
        pseudonym = key.pseudonym(episode.patient.pk)
        subject = {"identifier": {"system": system, "value": pseudonym}}
        entries += episode_entries(
            episode, pseudonym, subject, language, namespace=namespace, signed_off=signed_off
        )
    return bundle(
        entries,
        timestamp=timezone.now(),
        meta={"security": [PSEUDONYMISED], "tag": PRECISION_TAGS},
    )


def export_filename(first: date, last: date, extension: str) -> str:
    return f"ruggensteun-uitkomsten-{first.isoformat()}-{last.isoformat()}.{extension}"


# --- Large exports, made by a task (issues #14, #15) -------------------------------------
#
# An export of a practice with more than EXPORT_TASK_FROM_PATIENTS patients (default 100)
# is made by a task instead of inside the request: the page says it is being made and
# offers the file when it is there. The file and its description are kept by
# ``ruggensteun.pdf.kept`` ("exports") under a random token and pruned after
# KEPT_FILES_DAYS; only staff of the same practice can fetch it, after a recent login,
# and every download is audited for the export and for each patient in it.

EXPORT_KIND = "exports"
DEFAULT_TASK_FROM_PATIENTS = 100


@dataclass(frozen=True)
class MadeExport:
    content: bytes
    content_type: str
    filename: str
    patient_ids: list[int]


def make_export(
    practice: Practice, choice: dict[str, str], language: str, today: date
) -> MadeExport:
    """The export itself, the same bytes inside a request or in a task. ``choice`` holds
    the form's first, last (ISO dates), scope, csv_format and format (csv or fhir)."""
    first, last = date.fromisoformat(choice["first"]), date.fromisoformat(choice["last"])
    chosen = in_period(
        episodes_for(
            Patient.objects.filter(practice=practice), today, answers=choice["format"] == "fhir"
        ),
        first=first,
        last=last,
        ended=choice["scope"] == "ended",
    )
    key = PracticeExportKey.for_practice(practice)
    ids = [episode.patient.pk for episode in chosen]
    if choice["format"] == "fhir":
        with translation.override(language):
            data = outcome_bundle(chosen, key, language)
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
        return MadeExport(
            content, "application/fhir+json", export_filename(first, last, "json"), ids
        )
    fmt = EXCEL_NL if choice["csv_format"] == "excel_nl" else STANDARD
    with translation.override(language):
        content = outcome_csv(chosen, key, fmt)
    return MadeExport(content, "text/csv; charset=utf-8", export_filename(first, last, "csv"), ids)


def in_task(practice: Practice) -> bool:
    limit = int(getattr(settings, "EXPORT_TASK_FROM_PATIENTS", DEFAULT_TASK_FROM_PATIENTS))
    return Patient.objects.filter(practice=practice).count() > limit


def order_export(practice: Practice, user_id: int, choice: dict[str, str], language: str) -> str:
    """Write the order down and queue the task (after the commit); returns the token."""
    token = secrets.token_urlsafe(24)
    kept.write_json(
        EXPORT_KIND,
        f"{token}.json",
        {
            "status": "waiting",
            "practice_id": practice.pk,
            "user_id": user_id,
            "choice": choice,
            "ordered_at": timezone.now().isoformat(),
        },
    )
    today = timezone.localdate().isoformat()
    transaction.on_commit(
        lambda: make_export_task.enqueue(token, practice.pk, choice, language, today),
        robust=True,
    )
    return token


@task()
def make_export_task(
    token: str, practice_id: int, choice: dict[str, str], language: str, today: str
) -> None:
    order = kept.read_json(EXPORT_KIND, f"{token}.json")
    if order is None:  # pruned before it ran
        return
    try:
        made = make_export(
            Practice.objects.get(pk=practice_id), choice, language, date.fromisoformat(today)
        )
    except Exception:
        kept.write_json(EXPORT_KIND, f"{token}.json", {**order, "status": "failed"})
        raise
    kept.write(EXPORT_KIND, f"{token}.data", made.content)
    kept.write_json(
        EXPORT_KIND,
        f"{token}.json",
        {
            **order,
            "status": "ready",
            "content_type": made.content_type,
            "filename": made.filename,
            "patient_ids": made.patient_ids,
            "made_at": timezone.now().isoformat(),
        },
    )


def order_of(token: str, practice: Practice) -> dict[str, Any] | None:
    """The order behind ``token`` when it is this practice's, else None."""
    if not token or not kept.NAME.match(token):
        return None
    order = kept.read_json(EXPORT_KIND, f"{token}.json")
    if order is None or order.get("practice_id") != practice.pk:
        return None
    return order


def made_file(token: str) -> bytes | None:
    return kept.read(EXPORT_KIND, f"{token}.data")
