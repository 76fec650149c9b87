"""Everything the therapist's sessions page shows of one patient, in a fixed number of
queries: the episode, the session notes with their earlier versions, the videos and the
discharges."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from ruggensteun.patients.models import Patient
from ruggensteun.workspace.episodes import episode_start
from ruggensteun.workspace.models import (
    Discharge,
    ExerciseVideo,
    SessionNote,
    SessionNoteVersion,
)


@dataclass
class CaseFile:
    patient: Patient
    start: date
    notes: list[SessionNote]
    videos: list[ExerciseVideo]
    discharges: list[Discharge] = field(default_factory=list)

    @property
    def discharge(self) -> Discharge | None:
        """The discharge in force, if any."""
        return next((d for d in self.discharges if d.in_force), None)

    @property
    def reopened(self) -> list[Discharge]:
        return [d for d in self.discharges if not d.in_force]

    @property
    def sessions(self) -> int:
        return len(self.notes)


def case_file(patient: Patient) -> CaseFile:
    versions = SessionNoteVersion.objects.select_related("written_by")
    notes = list(
        SessionNote.objects.for_patient(patient)
        .select_related("written_by", "updated_by")
        .prefetch_related(Prefetch("versions", queryset=versions))
    )
    videos = list(ExerciseVideo.objects.for_patient(patient).select_related("uploaded_by"))
    for note in notes:  # for the template: each note with its own videos
        note.attached_videos = [video for video in videos if video.session_note_id == note.pk]
    discharges = list(
        Discharge.objects.filter(patient=patient).select_related("discharged_by", "reopened_by")
    )
    return CaseFile(
        patient=patient,
        start=episode_start(patient),
        notes=notes,
        videos=videos,
        discharges=discharges,
    )
