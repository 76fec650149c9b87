"""Issue #11, finding 8: a video over the limit is refused while it streams in (an upload
handler of that view), not after all of it reached the disk; WebM is recognised by the
DocType element of its EBML header, not by the bytes "webm" anywhere near it."""

from pathlib import Path

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse

from ruggensteun.workspace import videofiles
from ruggensteun.workspace.models import ExerciseVideo
from tests.workspace.conftest import EXERCISE, MP4_BYTES, WEBM_BYTES, upload

MB = 1024 * 1024
LIMIT = 2 * MB


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# What the handlers that keep an upload (in memory or in a temporary file) were given.
passed_on: list[int] = []


class BytesPassedOn(FileUploadHandler):
    """Stands first in FILE_UPLOAD_HANDLERS, so just after the view's own size limit:
    counts the bytes that go on towards memory or the disk, and passes them on."""

    def receive_data_chunk(self, raw_data, start):
        passed_on.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def counted(settings, monkeypatch):
    monkeypatch.setattr(videofiles, "MAX_VIDEO_BYTES", LIMIT)
    settings.FILE_UPLOAD_HANDLERS = [
        f"{__name__}.BytesPassedOn",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # big files go to a temporary file
    passed_on.clear()
    return passed_on


def post_video(client, patient, content, **fields):
    # The video first, the other fields after it, as the browser sends the form.
    data = {
        "exercise_id": EXERCISE,
        "video": upload(content=content),
        "description": "Rug recht houden.",
        "recorded_on": "2026-03-09",
        **fields,
    }
    return client.post(reverse("workspace:video_upload", args=[patient.pk]), data)


def test_a_video_over_the_limit_stops_at_the_limit_and_is_refused_in_dutch(
    client, patient, therapist, counted, media
):
    client.force_login(therapist)
    response = post_video(client, patient, MP4_BYTES + b"\x00" * (3 * LIMIT))
    assert response.status_code == 200
    assert sum(counted) <= LIMIT  # not the 6 MB that were sent
    page = response.content.decode()
    assert "Deze video is te groot: 7 MB. Het maximum is 2 MB." in page
    assert "Dit veld is verplicht" not in page  # the fields after the video still came
    assert "Rug recht houden." in page
    assert not ExerciseVideo.objects.exists()
    assert not (Path(media) / "private").exists()


def test_a_video_just_under_the_limit_is_stored_whole(client, patient, therapist, counted):
    client.force_login(therapist)
    content = MP4_BYTES + b"\x00" * (LIMIT - len(MP4_BYTES))
    response = post_video(client, patient, content)
    assert response.status_code == 302
    video = ExerciseVideo.objects.get()
    assert video.size == LIMIT
    assert Path(video.file.path).read_bytes() == content
    assert sum(counted) == LIMIT


def test_two_files_cannot_add_up_past_the_limit(client, patient, therapist, counted):
    client.force_login(therapist)
    half = MP4_BYTES + b"\x00" * (LIMIT // 2 + 10)
    data = {
        "exercise_id": EXERCISE,
        "video": [upload(content=half), upload(content=half)],
        "recorded_on": "2026-03-09",
    }
    client.post(reverse("workspace:video_upload", args=[patient.pk]), data)
    assert sum(counted) <= LIMIT


def test_the_upload_keeps_its_csrf_check(patient, therapist):
    client = Client(enforce_csrf_checks=True)
    client.force_login(therapist)
    response = post_video(client, patient, MP4_BYTES)
    assert response.status_code == 403
    assert not ExerciseVideo.objects.exists()


def test_an_outsider_is_refused_before_anything_is_stored(
    client, patient, outsider_therapist, counted
):
    client.force_login(outsider_therapist)
    assert post_video(client, patient, MP4_BYTES).status_code == 404
    assert not ExerciseVideo.objects.exists()


# --- WebM by its DocType -------------------------------------------------------------------


def ebml(*elements: bytes) -> bytes:
    body = b"".join(elements)
    assert len(body) < 127
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(body)]) + body


def element(element_id: bytes, data: bytes) -> bytes:
    return element_id + bytes([0x80 | len(data)]) + data


DOCTYPE = b"\x42\x82"
EBML_VERSION = b"\x42\x86"
VOID = b"\xec"


@pytest.mark.parametrize(
    "head",
    [
        # "webm" inside another element's data, the real DocType is Matroska.
        ebml(element(EBML_VERSION, DOCTYPE + b"\x84webm"), element(DOCTYPE, b"matroska")),
        # A DocType that contains "webm" but is not "webm".
        ebml(element(DOCTYPE, b"xwebm")),
        ebml(element(DOCTYPE, b"webmx")),
        # Matroska followed by "webm" in a Void element.
        ebml(element(DOCTYPE, b"mkv"), element(VOID, b"webm")),
        # A DocType that runs past the header's end.
        b"\x1a\x45\xdf\xa3\x83" + DOCTYPE + b"\x84webm",
    ],
)
def test_webm_is_only_a_file_whose_doctype_is_webm(head):
    assert videofiles.detect_video_type(head) is None


@pytest.mark.parametrize(
    "head",
    [
        WEBM_BYTES[: videofiles.HEADER_BYTES],  # as a phone writes it
        ebml(element(DOCTYPE, b"webm")),
        ebml(element(DOCTYPE, b"webm\x00\x00")),  # zero padding is allowed
        # A two-byte size (0x40 0x04 = 4) is read as well as a one-byte one.
        b"\x1a\x45\xdf\xa3\x88" + DOCTYPE + b"\x40\x04webm",
    ],
)
def test_a_webm_doctype_is_recognised(head):
    assert videofiles.detect_video_type(head) == videofiles.WEBM
