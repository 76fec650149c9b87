"""Helpers for the workspace tests: notes, videos in a private folder of their own, and
small files that start like real phone videos."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ruggensteun.workspace import videofiles
from ruggensteun.workspace.models import ExerciseVideo, SessionNote

EXERCISE = "bridge"

# The first bytes as phones write them: an ISO "ftyp" box (Android MP4, iPhone QuickTime)
# and an EBML header with the "webm" document type; the rest stands in for the frames.
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 4000
MOV_BYTES = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00" * 4000
WEBM_BYTES = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
    b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02" + b"\x00" * 4000
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a folder of this test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(name="oefening.mp4", content=MP4_BYTES, content_type="video/mp4"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def write_note(patient, therapist, held_on=date(2026, 3, 2), kind=SessionNote.Kind.INTAKE, **text):
    text.setdefault("findings", "Lage rugpijn, geen rode vlaggen.")
    return SessionNote.objects.create(
        patient=patient, written_by=therapist, kind=kind, held_on=held_on, **text
    )


def store_video(patient, therapist, content=MP4_BYTES, exercise_id=EXERCISE, **fields):
    file = upload(content=content)
    kind = videofiles.detect_video_type(content[: videofiles.HEADER_BYTES])
    assert kind is not None
    return ExerciseVideo.store(
        file, video_type=kind, patient=patient, by=therapist, exercise_id=exercise_id, **fields
    )


@pytest.fixture
def note(patient, therapist):
    return write_note(patient, therapist)


@pytest.fixture
def video(patient, therapist):
    return store_video(patient, therapist)
