"""The therapist's record of the care episode: session notes (with their earlier versions),
videos of the patient doing an exercise, the discharge, and the practice's key for
pseudonymised exports.

The usual care journey has 2-4 sessions (programme.md §8): intake and explanation, review of
the exercises, checking execution and coaching, and an evaluation some weeks later.
"""

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.models import Practice
from ruggensteun.patients.dates import EARLIEST_DAY, LATEST_DAY
from ruggensteun.patients.models import Patient
from ruggensteun.workspace.storage import private_storage
from ruggensteun.workspace.videofiles import VIDEO_TYPES, VideoType

# --- session notes ------------------------------------------------------------------------


class SessionNoteQuerySet(models.QuerySet):
    def for_patient(self, patient: Patient) -> "SessionNoteQuerySet":
        """The patient's notes, newest session first."""
        return self.filter(patient=patient).order_by("-held_on", "-id")

    def next_kind_for(self, patient: Patient) -> str:
        """The kind the next session usually is: the journey's order, then "other"."""
        held = self.filter(patient=patient).count()
        journey = SessionNote.JOURNEY
        return journey[held] if held < len(journey) else SessionNote.Kind.OTHER

    def counts_by_patient(self, patients: Any) -> dict[int, int]:
        """Number of sessions per patient id (one query; patients without notes are absent).

        ``patients`` is a Patient queryset or a list of ids.
        """
        rows = (
            self.filter(patient__in=patients)
            .order_by()
            .values("patient_id")
            .annotate(sessions=Count("id"))
        )
        return {row["patient_id"]: row["sessions"] for row in rows}


class SessionNote(models.Model):
    """What happened in one treatment session, written by the therapist."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("intake en uitleg")
        EXERCISE_REVIEW = "exercise_review", _("oefeningen en adviezen bespreken")
        COACHING = "coaching", _("uitvoering controleren en coachen")
        EVALUATION = "evaluation", _("evaluatie")
        OTHER = "other", _("anders")

    # programme.md §8: the usual sessions, in their usual order.
    JOURNEY = (Kind.INTAKE, Kind.EXERCISE_REVIEW, Kind.COACHING, Kind.EVALUATION)
    # The free-text parts, in the order a note is read.
    TEXT_FIELDS = ("findings", "explanation", "agreements")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="session_notes")
    kind = models.CharField(_("soort sessie"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("datum van de sessie"))
    findings = models.TextField(_("bevindingen"), blank=True)
    explanation = models.TextField(_("uitleg en advies"), blank=True)
    agreements = models.TextField(_("afspraken"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The one-time key of the form that wrote the note: the same form sent twice (a double
    # click, two saves at once) stores one note (issue #11, finding 12). Empty for notes
    # written before the key existed.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = SessionNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["patient", "-held_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "submission_key"], name="one_session_note_per_submission"
            ),
            # Issue #11, finding 1: the database's wide bounds (the form checks the birth).
            models.CheckConstraint(
                condition=Q(held_on__gte=EARLIEST_DAY, held_on__lte=LATEST_DAY),
                name="session_note_held_on_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on} ({self.patient_id})"

    def content(self) -> dict[str, str]:
        """What the note says, as a version keeps it."""
        return {
            "kind": self.kind,
            "held_on": self.held_on.isoformat(),
            **{name: getattr(self, name) for name in self.TEXT_FIELDS},
        }

    @transaction.atomic
    def revise(self, changes: dict[str, Any], by: Any) -> list[str]:
        """Apply ``changes`` (field -> new value); the version before is kept. Returns the
        names of the fields that changed (none: nothing is saved)."""
        changed = [name for name, value in changes.items() if getattr(self, name) != value]
        if not changed:
            return []
        before = SessionNote.objects.select_for_update().get(pk=self.pk)
        SessionNoteVersion.objects.create(
            note=self,
            content=before.content(),
            written_by_id=before.updated_by_id or before.written_by_id,
            written_at=before.updated_at or before.created_at,
        )
        for name in changed:
            setattr(self, name, changes[name])
        self.updated_at = timezone.now()
        self.updated_by = by
        self.save(update_fields=[*changed, "updated_at", "updated_by"])
        return changed


class SessionNoteVersion(models.Model):
    """An earlier wording of a session note, kept when someone changes it: a clinical record
    stays traceable."""

    note = models.ForeignKey(SessionNote, on_delete=models.CASCADE, related_name="versions")
    content = models.JSONField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self) -> str:
        return f"Version of note {self.note_id} from {self.written_at:%Y-%m-%d %H:%M}"

    def get(self, name: str) -> str:
        return str(self.content.get(name, ""))

    @property
    def kind_label(self) -> str:
        kind = self.content.get("kind", "")
        return str(SessionNote.Kind(kind).label) if kind in SessionNote.Kind.values else kind


# --- exercise videos ----------------------------------------------------------------------


def video_path(video: "ExerciseVideo", filename: str) -> str:
    """A random name with the extension of the type found in the file: nothing of the
    patient or of the uploaded file's name is in it."""
    return f"videos/{uuid.uuid4().hex}{VIDEO_TYPES[video.content_type].extension}"


class ExerciseVideoQuerySet(models.QuerySet):
    def for_patient(self, patient: Patient) -> "ExerciseVideoQuerySet":
        return self.filter(patient=patient).order_by("-recorded_on", "-id")

    def of_exercise(self, exercise_id: str) -> "ExerciseVideoQuerySet":
        return self.filter(exercise_id=exercise_id)


class ExerciseVideo(models.Model):
    """A short phone video of the patient doing an exercise, to watch again at home.

    The file lives in private storage (never under a public URL) and is only streamed by
    the views that check access.
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="exercise_videos")
    exercise_id = models.CharField(_("oefening"), max_length=64)
    session_note = models.ForeignKey(
        SessionNote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="videos",
        verbose_name=_("sessie"),
    )
    file = models.FileField(storage=private_storage, upload_to=video_path, max_length=200)
    content_type = models.CharField(max_length=32)
    size = models.PositiveBigIntegerField()
    description = models.CharField(_("toelichting voor de patiënt"), max_length=200, blank=True)
    recorded_on = models.DateField(_("opgenomen op"), default=timezone.localdate)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ExerciseVideoQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_on", "-id"]
        indexes = [models.Index(fields=["patient", "exercise_id"])]
        constraints = [
            models.CheckConstraint(  # issue #11, finding 1
                condition=Q(recorded_on__gte=EARLIEST_DAY, recorded_on__lte=LATEST_DAY),
                name="video_recorded_on_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"Video of {self.exercise_id} ({self.patient_id}, {self.recorded_on})"

    @property
    def download_name(self) -> str:
        return f"{self.exercise_id}-{self.recorded_on.isoformat()}{self.extension}"

    @property
    def extension(self) -> str:
        return PurePosixPath(self.file.name).suffix

    @classmethod
    def store(
        cls, upload: Any, *, video_type: VideoType, patient: Patient, by: Any, **fields: Any
    ) -> "ExerciseVideo":
        """Save an uploaded video (already recognised as ``video_type``) and its row."""
        video = cls(
            patient=patient,
            uploaded_by=by,
            content_type=video_type.content_type,
            size=upload.size,
            **fields,
        )
        video.file.save("video", upload, save=False)
        try:
            video.save()
        except Exception:
            video.file.storage.delete(video.file.name)
            raise
        return video


def delete_video_file(sender: type[ExerciseVideo], instance: ExerciseVideo, **kwargs: Any) -> None:
    """``post_delete``: remove the file once the deletion is committed, however the row went
    (a therapist deleting it, or the patient's whole record being deleted)."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- discharge ----------------------------------------------------------------------------


class DischargeQuerySet(models.QuerySet):
    def current(self) -> "DischargeQuerySet":
        """Discharges in force (not reopened)."""
        return self.filter(reopened_at__isnull=True)

    def current_for(self, patient: Patient) -> "Discharge | None":
        return self.current().filter(patient=patient).first()


class Discharge(models.Model):
    """The therapist closes the episode; reopening keeps the row with the reason.

    At most one discharge per patient is in force at a time. Closing the episode (which
    ends the programme too) is ``workspace.discharge.close_episode``.
    """

    class Reason(models.TextChoices):
        GOALS_REACHED = "goals_reached", _("doelen bereikt")
        REFERRED = "referred", _("verwezen")
        STOPPED_BY_PATIENT = "stopped_by_patient", _("gestopt door de patiënt")
        OTHER = "other", _("anders")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="discharges")
    discharged_on = models.DateField(_("datum van afsluiten"))
    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices)
    summary = models.TextField(_("samenvatting"))
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField(_("reden voor heropenen"), blank=True)

    objects = DischargeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(reopened_at__isnull=True),
                name="one_discharge_in_force_per_patient",
            ),
            models.CheckConstraint(  # issue #11, finding 1
                condition=Q(discharged_on__gte=EARLIEST_DAY, discharged_on__lte=LATEST_DAY),
                name="discharge_on_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Discharge of {self.patient_id} on {self.discharged_on}"

    @property
    def in_force(self) -> bool:
        return self.reopened_at is None

    def reopen(self, *, by: Any, reason: str) -> bool:
        """Reopen the episode; False when it already was."""
        updated = Discharge.objects.filter(pk=self.pk, reopened_at__isnull=True).update(
            reopened_at=timezone.now(), reopened_by=by, reopen_reason=reason
        )
        if updated:
            self.refresh_from_db()
        return bool(updated)


# --- pseudonyms for exports ---------------------------------------------------------------


class PracticeExportKey(models.Model):
    """The practice's secret for pseudonyms in outcome exports.

    A pseudonym is an HMAC of the patient's id with this secret: stable across exports of
    the same practice (so a registry can follow a patient over time), meaningless without
    the secret, and different in every practice.
    """

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="export_key")
    secret = models.CharField(max_length=64, default=secrets.token_hex, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Export key of {self.practice}"

    @classmethod
    def for_practice(cls, practice: Practice) -> "PracticeExportKey":
        key, _created = cls.objects.get_or_create(practice=practice)
        return key

    def pseudonym(self, patient_id: int) -> str:
        digest = hmac.new(
            self.secret.encode(), f"patient:{patient_id}".encode(), hashlib.sha256
        ).hexdigest()
        return f"RS-{digest[:16].upper()}"

    def pseudonyms(self, patient_ids: Iterable[int]) -> dict[int, str]:
        return {patient_id: self.pseudonym(patient_id) for patient_id in patient_ids}


# --- the caseload's stored rows (issue #15) --------------------------------------------------


class CaseChanges(models.Model):
    """How often the data a patient's caseload row is made of have changed: counted by the
    database itself (triggers on every table the row reads, migration 0003), so no write
    escapes it: not a ``QuerySet.update``, a ``bulk_create``, a raw statement or another
    program. Only the triggers write it. No foreign key: a trigger may count a change of a
    patient who is being deleted."""

    patient_id = models.BigIntegerField(primary_key=True)
    changes = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"patient {self.patient_id}: {self.changes} changes"


class CaseSummary(models.Model):
    """A patient's caseload row as worked out from their data (``caseload.py``): the
    facts the attention rules read and the figures the row shows, made on a day in a time
    zone, with the patient's ``CaseChanges`` count read before the data. It is current
    while that count has not moved and the day, the zone and the format are today's; else
    the caseload works it out anew. Only the caseload writes it; the red-flag alerts are
    never part of it (read fresh each time). One JSON value a patient, so a caseload stores
    its rows in one statement (SQLite takes at most 999 values a statement)."""

    patient = models.OneToOneField(
        Patient, primary_key=True, on_delete=models.CASCADE, related_name="case_summary"
    )
    data = models.JSONField()

    def __str__(self) -> str:
        return f"case summary of patient {self.patient_id}"
