"""Everything about a patient, for the patient: a ZIP with a readable PDF summary, all
their records as JSON, and their questionnaires as FHIR R4.

The JSON holds what ``EXPORTED`` lists: for every model about the patient, the fields that
go in and the fields (or the whole model) left out, each with the reason. The policy is in
docs/privacy.md: the patient gets their record (WGBO art. 7:456 BW), but not the notes the
therapist writes for the practice's file; those they ask the practice for, which hands over
the file except the therapist's personal work notes. A model or field not in the list is
not exported (tests/security/test_exports.py fails until it is decided).
"""

import io
import json
import secrets
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from ruggensteun.audit.models import AuditEvent
from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.fhir import bundle, entry, urn
from ruggensteun.clinical.triage.texts import load_texts
from ruggensteun.intake.models import TriageAssessment
from ruggensteun.intake.status import current_classification
from ruggensteun.mydata.progress import Progress, patient_progress
from ruggensteun.patients.models import Patient
from ruggensteun.pdf import html_to_pdf, kept
from ruggensteun.programme.display import plan_view
from ruggensteun.programme.models import WeeklyPlan
from ruggensteun.questionnaires.fhir_export import response_entries
from ruggensteun.questionnaires.models import QuestionnaireResponse
from ruggensteun.questionnaires.results import patient_results
from ruggensteun.signoff.status import signed_off_codes

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Exported:
    """What the download holds of one model about a patient.

    ``fields`` go in (the foreign key to the patient never: it is the patient); every other
    field is in ``left_out`` with the reason. ``lookup`` finds the patient's rows;
    ``whole_model`` (a reason) leaves the model out altogether.
    """

    fields: tuple[str, ...] = ()
    left_out: Mapping[str, str] = field(default_factory=dict)
    lookup: str = "patient"
    whole_model: str = ""


# The reasons, as they appear under "not_included" in the JSON.
WORK_NOTE = (
    "the therapist's note for the practice's file: ask your practice for your file "
    "(WGBO art. 7:456 BW; the therapist's personal work notes are excepted)"
)
KEY = "a key that opens something: never in a download"

# The one list of what the download holds (issue #11, finding 4; docs/privacy.md).
EXPORTED: dict[str, Exported] = {
    "audit.AuditEvent": Exported(whole_model="in access_log, in a shorter form"),
    "diary.CheckIn": Exported(
        (
            "id", "submission_key", "period_start", "period_end", "pain", "walking_mode",
            "walking_minutes_week", "walking_minutes_days", "exercise_days", "sleep", "stress",
            "flare", "red_flags", "day_logs_filled", "assessment", "advice_urgency",
            "advice_rules", "created_at", "submitted_at", "triaged_at",
        )
    ),
    "diary.DiaryEntry": Exported(
        (
            "id", "submission_key", "felt_at", "pain", "regions", "activity", "activity_note",
            "duration", "medication", "created_at", "updated_at",
        )
    ),
    "diary.PainDiary": Exported(
        ("id", "is_on", "changed_at", "changed_by"), left_out={"note": WORK_NOTE}
    ),
    "intake.ClassificationDecision": Exported(
        (
            "id", "assessment", "decided_at", "decided_by", "duration_class", "pain_type",
            "pathway",
        ),
        left_out={"reason": WORK_NOTE},
    ),
    "intake.Intake": Exported(
        (
            "id", "answers", "screens_done", "advice_shown", "started_at", "completed_at",
            "stopped_for_emergency_at",
        )
    ),
    "intake.RedFlagAlert": Exported(
        (
            "id", "assessment", "rule_id", "urgency", "raised_at", "handled_at", "handled_by",
            "action", "notified_at", "patient_acted_at", "patient_message",
            "patient_message_read_at",
        ),
        left_out={"reason": WORK_NOTE},
    ),
    "intake.TriageAssessment": Exported(
        (
            "id", "created_at", "trigger", "urgency", "self_management_allowed", "summary",
            "details", "inputs",
        )
    ),
    "messaging.Message": Exported(
        (
            "id", "key", "author", "from_patient", "body", "created_at", "sent_at", "read_at",
            "flag_topics", "flag_rules", "safety", "safety_answers", "safety_urgency",
        )
    ),
    "mydata.DeletionRequest": Exported(
        (
            "id", "requested_at", "requested_by", "message", "handled_at", "handled_by",
            "outcome", "note",
        )
    ),
    "mydata.PrivacyConsent": Exported(("id", "version", "agreed_at")),
    "mydata.ReminderSettings": Exported(
        (
            "id", "programme_email", "questionnaire_email", "send_at", "paused_until",
            "stopped_at", "last_sent_on", "calendar_fetched_on", "updated_at",
        ),
        left_out={"calendar_secret": KEY, "calendar_token_hash": KEY},
    ),
    "programme.DayLog": Exported(
        (
            "id", "date", "walking_minutes", "exercise_sessions", "pain", "flare",
            "exposure_done", "updated_at",
        )
    ),
    "programme.DirectionalPreference": Exported(("id", "extension_eases_pain", "updated_at")),
    "programme.ExerciseFeedback": Exported(
        ("id", "exercise_id", "date", "kind", "still_painful_next_day", "created_at")
    ),
    "programme.ExercisePreference": Exported(("id", "category", "rank")),
    "programme.FearRating": Exported(("id", "activity_id", "rating", "rated_at")),
    "programme.FearRatingRequest": Exported(
        ("id", "reason", "requested_at", "requested_by", "answered_at")
    ),
    "programme.PlanChange": Exported(
        (
            "id", "plan", "kind", "exercise_id", "new_exercise_id", "before", "after",
            "changed_at", "changed_by",
        ),
        left_out={"reason": WORK_NOTE},
        lookup="plan__programme__patient",
    ),
    "programme.Programme": Exported(
        (
            "id", "status", "started_at", "started_by", "approve_each_week", "ended_at",
            "start_notice_read_at",
        )
    ),
    "programme.WeeklyPlan": Exported(
        (
            "id", "programme", "week", "starts_on", "status", "plan", "decision",
            "notify_therapist", "settings_used", "proposed_at", "approved_at", "approved_by",
        ),
        lookup="programme__patient",
    ),
    "questionnaires.Assignment": Exported(
        (
            "id", "instrument", "due_on", "source", "schedule_week", "assigned_by",
            "created_at", "completed_at", "withdrawn_at", "withdrawn_by", "last_reminded_on",
            "reminders_sent",
        )
    ),
    "questionnaires.QuestionnaireResponse": Exported(
        (
            "id", "assignment", "instrument", "instrument_version", "language", "answers",
            "activities", "activities_fixed", "answered_in", "status", "started_at",
            "updated_at", "submitted_at", "scores", "submission_key",
        )
    ),
    "today.ModuleAnswer": Exported(
        ("id", "module_id", "question_id", "chosen", "correct", "answered_at")
    ),
    "today.ModuleRead": Exported(("id", "module_id", "read_at")),
    "today.Submission": Exported(("id", "key", "received_at")),
    "today.Tick": Exported(
        ("id", "date", "kind", "item", "minutes", "ticked_at", "undone_at")
    ),
    "workspace.CaseSummary": Exported(
        whole_model="a copy of the caseload's figures worked out from the data in this "
        "download, kept to show the list faster; deleted with your record"
    ),
    "workspace.Discharge": Exported(
        whole_model="the therapist's discharge summary: ask your practice (WGBO art. 7:456 BW)"
    ),
    "workspace.ExerciseVideo": Exported(
        whole_model="video files: watch them in the app or ask your practice"
    ),
    "workspace.SessionNote": Exported(
        whole_model="the therapist's notes of your sessions: ask your practice "
        "(WGBO art. 7:456 BW)"
    ),
}  # fmt: skip
# The models left out altogether, with the reason.
NOT_EXPORTED: dict[str, str] = {
    label: policy.whole_model for label, policy in EXPORTED.items() if policy.whole_model
}
# Never in a download, whatever the list says: the keys that open something.
SECRET_FIELDS = ("secret", "token", "hash", "password")


def _patient_models() -> list[tuple[type[models.Model], Exported]]:
    """(model, policy) for every model of the list whose rows go into the download."""
    found = []
    for label, policy in EXPORTED.items():
        if policy.whole_model:
            continue
        try:
            model = apps.get_model(label)
        except LookupError:  # an app not installed
            continue
        found.append((model, policy))
    return sorted(found, key=lambda pair: pair[0]._meta.label)


def _left_out() -> dict[str, Any]:
    """What is not in the download, for the JSON's "not_included": whole models and fields
    (keys unnamed: they are no part of the record)."""
    found: dict[str, Any] = {}
    for label, policy in sorted(EXPORTED.items()):
        notes = {name: reason for name, reason in policy.left_out.items() if reason != KEY}
        if policy.whole_model or notes:
            found[label] = policy.whole_model or notes
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


class _Names:
    """People's names for the foreign keys to users (one query per person, cached)."""

    def __init__(self) -> None:
        self.cache: dict[int, str] = {}

    def __call__(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in self.cache:
            User = apps.get_model(settings.AUTH_USER_MODEL)
            user = User.objects.filter(pk=user_id).only("full_name").first()
            self.cache[user_id] = user.full_name if user else ""
        return self.cache[user_id]


def _row(instance: models.Model, policy: Exported, names: _Names) -> dict[str, Any]:
    """The fields of ``policy`` (never a key, a file or the patient's own foreign key)."""
    row: dict[str, Any] = {}
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for name in policy.fields:
        model_field = instance._meta.get_field(name)
        if any(word in name for word in SECRET_FIELDS):
            continue
        if isinstance(model_field, models.FileField):
            continue
        if model_field.is_relation:
            if model_field.related_model is Patient:
                continue
            related_id = getattr(instance, model_field.attname)
            row[name] = names(related_id) if model_field.related_model is User else related_id
            continue
        row[name] = _plain(getattr(instance, model_field.attname))
    return row


def _profile(patient: Patient) -> dict[str, Any]:
    user = patient.user
    return {
        "name": user.full_name,
        "email": user.email,
        "language": user.language,
        "date_of_birth": _plain(patient.date_of_birth),
        "sex": patient.sex,
        "practice": patient.practice.name,
        "therapist": patient.therapist.full_name,
        "account_since": _plain(user.date_joined),
        "patient_since": _plain(patient.created_at),
    }


def _access_log(patient: Patient) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(patient=patient).order_by("at", "id")
    return [
        {
            "at": _plain(event.at),
            "who": event.actor_email,
            "action": event.action,
            "what": event.what,
        }
        for event in events
    ]


def patient_records(patient: Patient) -> dict[str, Any]:
    """All the patient's records, as plain JSON values."""
    names = _Names()
    records: dict[str, list[dict[str, Any]]] = {}
    for model, policy in _patient_models():
        rows = model._default_manager.filter(**{policy.lookup: patient}).order_by("pk")
        records[model._meta.label] = [_row(instance, policy, names) for instance in rows]
    return {
        "format": "ruggensteun-export",
        "version": FORMAT_VERSION,
        "created_at": _plain(timezone.now()),
        "patient": _profile(patient),
        "records": records,
        "access_log": _access_log(patient),
        "not_included": _left_out(),
    }


# --- FHIR ---------------------------------------------------------------------------------

GENDERS = {"female": "female", "male": "male", "other": "other"}


def _patient_uuid(patient: Patient) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/patients/{patient.pk}")


def fhir_bundle(patient: Patient, language: str) -> dict[str, Any]:
    """A FHIR R4 Bundle (collection): the Patient and every submitted questionnaire with
    its scores as Observations (the questionnaires app's builders)."""
    patient_id = _patient_uuid(patient)
    subject = urn(patient_id)
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(patient_id),
        "active": patient.user.is_active,
        "name": [{"text": patient.user.full_name}],
        "telecom": [{"system": "email", "value": patient.user.email}],
        "communication": [
            {
                "language": {
                    "coding": [{"system": "urn:ietf:bcp:47", "code": patient.user.language}]
                },
                "preferred": True,
            }
        ],
        "managingOrganization": {"display": patient.practice.name},
    }
    if patient.sex in GENDERS:
        resource["gender"] = GENDERS[patient.sex]
    if patient.date_of_birth:
        resource["birthDate"] = patient.date_of_birth.isoformat()
    entries: list[dict[str, Any]] = [entry(subject, resource)]
    responses = QuestionnaireResponse.objects.for_patient(patient).submitted().chronological()
    signed_off = signed_off_codes(patient.practice_id)  # once, not once a response
    for response in responses:
        entries += response_entries(response, subject, language, signed_off=signed_off)
    return bundle(entries, timestamp=timezone.now())


# --- the PDF summary ----------------------------------------------------------------------

DURATION_WORDS = {
    "acute": gettext_lazy("Uw klachten waren korter dan 6 weken aanwezig (acuut)."),
    "subacute": gettext_lazy("Uw klachten waren 6 tot 12 weken aanwezig (subacuut)."),
    "chronic": gettext_lazy(
        "Uw klachten waren langer dan 12 weken aanwezig, of kwamen vaak terug (chronisch)."
    ),
}
PAIN_TYPE_WORDS = {
    "nonspecific": gettext_lazy(
        "Er is geen aanwijzing voor een bepaalde oorzaak. Dat heet aspecifieke lage rugpijn: "
        "het komt veel voor en is niet gevaarlijk."
    ),
    "radicular": gettext_lazy(
        "De pijn straalt uit naar het been. Dat kan komen door een geprikkelde zenuw "
        "(radiculaire pijn)."
    ),
}
RISK_WORDS = {
    "low": gettext_lazy("De kans dat uw klachten lang blijven, is klein."),
    "medium": gettext_lazy("De kans dat uw klachten lang blijven, is gemiddeld."),
    "high": gettext_lazy(
        "De kans dat uw klachten lang blijven, is groter. Daarom krijgt u extra begeleiding."
    ),
}


@dataclass
class TriageWords:
    day: date
    advice: str
    findings: list[str]


def triage_words(patient: Patient, language: str) -> TriageWords | None:
    """The latest triage outcome in plain words: its advice and the classification."""
    latest = TriageAssessment.objects.latest_for(patient)
    if latest is None:
        return None
    advice = load_texts().advice.get(latest.urgency)  # type: ignore[call-overload]
    findings = []
    classification = current_classification(patient)
    if classification is not None:
        for words, value in (
            (DURATION_WORDS, classification.duration_class),
            (PAIN_TYPE_WORDS, classification.pain_type),
            (RISK_WORDS, classification.startback_risk),
        ):
            if value in words:
                findings.append(str(words[value]))
    return TriageWords(
        day=timezone.localdate(latest.created_at),
        advice=text(advice.patient, language) if advice else "",
        findings=findings,
    )


def _latest_plan(patient: Patient) -> WeeklyPlan | None:
    return (
        WeeklyPlan.objects.of_patient(patient)
        .exclude(status=WeeklyPlan.Status.PROPOSED)
        .order_by("-starts_on", "-week")
        .first()
    )


@dataclass
class CheckInLine:
    period_start: date | None
    period_end: date | None
    pain: int | None
    walking: int | None
    exercise_days: int | None
    sleep: str
    stress: str
    flare: bool | None


def weekly_checkins(patient: Patient) -> list[CheckInLine]:
    """The weekly check-ins the patient sent, oldest first, when the diary app keeps them.

    Read field by field, so a change there costs a blank cell here, never the download.
    """
    try:
        model = apps.get_model("diary", "CheckIn")
    except LookupError:
        return []
    rows = model._default_manager.filter(patient=patient, submitted_at__isnull=False)
    return [
        CheckInLine(
            period_start=getattr(row, "period_start", None),
            period_end=getattr(row, "period_end", None),
            pain=getattr(row, "pain", None),
            walking=getattr(row, "walking_total", None),
            exercise_days=getattr(row, "exercise_days", None),
            sleep=str(getattr(row, "sleep_words", "") or ""),
            stress=str(getattr(row, "stress_words", "") or ""),
            flare=getattr(row, "flare", None),
        )
        for row in rows.order_by("submitted_at", "pk")
    ]


def summary_context(patient: Patient, language: str, progress: Progress) -> dict[str, Any]:
    plan = _latest_plan(patient)
    return {
        "patient": patient,
        "language": language,
        "today": timezone.localdate(),
        "triage": triage_words(patient, language),
        "results": patient_results(patient, language, chart=False),
        "progress": progress,
        "plan": plan,
        "plan_view": plan_view(plan.engine_plan, language) if plan else None,
        "checkins": weekly_checkins(patient),
    }


def summary_html(patient: Patient, language: str) -> str:
    progress = patient_progress(patient, language, chart_prefix="pdf-")
    return render_to_string("mydata/pdf/summary.html", summary_context(patient, language, progress))


def summary_pdf(patient: Patient, language: str) -> bytes:
    """The summary as a PDF (the site's one renderer: it loads nothing from outside)."""
    return html_to_pdf(summary_html(patient, language))


# --- the ZIP ------------------------------------------------------------------------------

FILES = {
    "pdf": "ruggensteun-overzicht.pdf",
    "json": "ruggensteun-gegevens.json",
    "fhir": "ruggensteun-fhir.json",
    "readme": "LEESMIJ.txt",
}


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode()


def export_zip(patient: Patient) -> bytes:
    """The patient's download, in their own language."""
    language = patient.user.language
    with translation.override(language):
        pdf = summary_pdf(patient, language)
        readme = render_to_string("mydata/export_readme.txt", {"patient": patient, "files": FILES})
        records = patient_records(patient)
        bundle = fhir_bundle(patient, language)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(FILES["readme"], readme)
        archive.writestr(FILES["pdf"], pdf)
        archive.writestr(FILES["json"], _json(records))
        archive.writestr(FILES["fhir"], _json(bundle))
    return buffer.getvalue()


def download_name(patient: Patient) -> str:
    return f"ruggensteun-{timezone.localdate().isoformat()}.zip"


def exported_models() -> Iterable[str]:
    return [model._meta.label for model, _policy in _patient_models()]


__all__ = ["NOT_EXPORTED", "_"]


# --- A large download, made by a task (issue #14) -----------------------------------------
#
# A patient with more than OWN_EXPORT_TASK_FROM_ROWS day logs and questionnaires (default
# 1000: years of use) gets the ZIP from a task: the page says it is being made, then
# offers it. The ZIP and its order are kept by ``ruggensteun.pdf.kept`` ("own-exports")
# under a random token and pruned after KEPT_FILES_DAYS; only the patient can fetch it,
# and every download is logged as an export, as the direct download is.

OWN_EXPORT_KIND = "own-exports"
DEFAULT_TASK_FROM_ROWS = 1000


def own_export_in_task(patient: Patient) -> bool:
    from ruggensteun.programme.models import DayLog

    limit = int(getattr(settings, "OWN_EXPORT_TASK_FROM_ROWS", DEFAULT_TASK_FROM_ROWS))
    rows = DayLog.objects.filter(patient=patient).count()
    rows += QuestionnaireResponse.objects.filter(patient=patient).count()
    return rows > limit


def order_own_export(patient: Patient) -> str:
    """Write the order down and queue the task (after the commit); returns the token."""
    token = secrets.token_urlsafe(24)
    order = {"status": "waiting", "patient_id": patient.pk, "ordered_at": str(timezone.now())}
    kept.write_json(OWN_EXPORT_KIND, f"{token}.json", order)
    transaction.on_commit(lambda: make_own_export.enqueue(token, patient.pk), robust=True)
    return token


@task()
def make_own_export(token: str, patient_id: int) -> None:
    order = kept.read_json(OWN_EXPORT_KIND, f"{token}.json")
    if order is None:  # pruned before it ran
        return
    patient = Patient.objects.select_related("user").get(pk=patient_id)
    try:
        content = export_zip(patient)
    except Exception:
        kept.write_json(OWN_EXPORT_KIND, f"{token}.json", {**order, "status": "failed"})
        raise
    kept.write(OWN_EXPORT_KIND, f"{token}.data", content)
    filename = download_name(patient)
    kept.write_json(
        OWN_EXPORT_KIND, f"{token}.json", {**order, "status": "ready", "filename": filename}
    )


def own_order(token: str, patient: Patient) -> dict[str, Any] | None:
    """The order behind ``token`` when it is this patient's, else None."""
    if not token or not kept.NAME.match(token):
        return None
    order = kept.read_json(OWN_EXPORT_KIND, f"{token}.json")
    if order is None or order.get("patient_id") != patient.pk:
        return None
    return order


def own_file(token: str) -> bytes | None:
    return kept.read(OWN_EXPORT_KIND, f"{token}.data")
