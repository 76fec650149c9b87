"""Exercise videos: recognised by their bytes, limited in size (in Dutch), kept private,
streamed only to the patient and her practice, and logged."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.workspace import videofiles
from ruggensteun.workspace.models import ExerciseVideo
from tests.workspace.conftest import (
    EXERCISE,
    MOV_BYTES,
    MP4_BYTES,
    WEBM_BYTES,
    store_video,
    upload,
    write_note,
)

# --- recognising a video ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (MP4_BYTES, "video/mp4"),
        (MOV_BYTES, "video/quicktime"),
        (WEBM_BYTES, "video/webm"),
        # Samsung: major brand "mp42" is enough; Sony: "XAVC" lists "mp42" as compatible.
        (b"\x00\x00\x00\x18ftypXAVC\x00\x00\x00\x00XAVCmp42", "video/mp4"),
    ],
)
def test_phone_videos_are_recognised_by_their_first_bytes(head, content_type):
    found = videofiles.detect_video_type(head[: videofiles.HEADER_BYTES])
    assert found is not None and found.content_type == content_type


@pytest.mark.parametrize(
    "head",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",  # a PDF
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # a photo
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",  # an iPhone photo (HEIC)
        b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A mp42isom",  # a voice memo (M4A)
        b"\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska",  # Matroska, not WebM
        b"",
        b"ftyp",
    ],
)
def test_other_files_are_not_taken_for_a_video(head):
    assert videofiles.detect_video_type(head) is None


# --- uploading ----------------------------------------------------------------------------


def post_video(client, patient, file, **extra):
    data = {"exercise_id": EXERCISE, "video": file, "recorded_on": "2026-03-09", **extra}
    return client.post(reverse("workspace:video_upload", args=[patient.pk]), data)


def test_the_therapist_uploads_a_phone_video_it_is_stored_privately_under_a_random_name(
    client, patient, therapist
):
    note = write_note(patient, therapist)
    client.force_login(therapist)
    file = upload(name="Petra Patiënt brug.mov", content=MOV_BYTES, content_type="video/mp4")
    response = post_video(client, patient, file, session_note=note.pk, description="Rug recht.")
    assert response.status_code == 302
    video = ExerciseVideo.objects.get()
    assert video.content_type == "video/quicktime"  # from the bytes, not the browser's claim
    assert video.size == len(MOV_BYTES)
    assert video.session_note == note and video.description == "Rug recht."
    path = Path(video.file.path).resolve()
    assert path.read_bytes() == MOV_BYTES
    private = (Path(settings.MEDIA_ROOT) / "private").resolve()
    assert private in path.parents
    assert Path(settings.STATIC_ROOT).resolve() not in path.parents
    assert "Petra" not in path.name and "brug" not in path.name and path.suffix == ".mov"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    event = AuditEvent.objects.filter(patient=patient, action="create").get()
    assert event.detail == {"video": video.pk, "exercise": EXERCISE, "bytes": len(MOV_BYTES)}


def test_a_private_file_has_no_url(video):
    with pytest.raises(ValueError, match="no URL"):
        video.file.url  # noqa: B018


def test_a_file_that_is_not_a_video_is_refused_in_dutch_even_with_a_video_name(
    client, patient, therapist
):
    client.force_login(therapist)
    fake = upload(name="oefening.mp4", content=b"%PDF-1.7\n" + b"x" * 100)
    response = post_video(client, patient, fake)
    assert response.status_code == 200
    assert "Dit bestand is geen video die we kunnen tonen." in response.content.decode()
    assert not ExerciseVideo.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "private").exists()


def test_a_video_over_the_size_limit_is_refused_in_dutch(client, patient, therapist, monkeypatch):
    monkeypatch.setattr(videofiles, "MAX_VIDEO_BYTES", 2 * 1024 * 1024)
    client.force_login(therapist)
    big = upload(content=MP4_BYTES + b"\x00" * (2 * 1024 * 1024))
    response = post_video(client, patient, big)
    page = response.content.decode()
    assert "Deze video is te groot: 3 MB. Het maximum is 2 MB." in page
    assert not ExerciseVideo.objects.exists()


def test_the_size_limit_is_50_mb():
    assert videofiles.MAX_VIDEO_BYTES == 50 * 1024 * 1024


def test_a_video_needs_an_exercise_from_the_library(client, patient, therapist):
    client.force_login(therapist)
    response = post_video(client, patient, upload(), exercise_id="dansen")
    assert response.status_code == 200
    assert not ExerciseVideo.objects.exists()


def test_a_session_of_another_patient_cannot_be_linked(client, patient, therapist, practice):
    from tests import personas

    other_note = write_note(personas.patient(practice, therapist, "Bea Bakker"), therapist)
    client.force_login(therapist)
    response = post_video(client, patient, upload(), session_note=other_note.pk)
    assert response.status_code == 200
    assert not ExerciseVideo.objects.exists()


# --- watching -----------------------------------------------------------------------------


def body(response):
    return b"".join(response.streaming_content)


def test_the_patient_watches_her_video_inline_and_it_is_logged(client, patient, video):
    client.force_login(patient.user)
    response = client.get(reverse("workspace:my_video", args=[video.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"].startswith("inline;")
    # A patient's video is patient data: never stored (ruggensteun/base/security.py).
    assert response["Cache-Control"] == "no-store"
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == MP4_BYTES
    played = AuditEvent.objects.get(what="workspace: video played")
    assert played.patient_id == patient.pk and played.actor == patient.user
    assert played.detail == {"video": video.pk, "exercise": EXERCISE}


@pytest.mark.parametrize("persona", ["therapist", "admin"])
def test_staff_of_her_practice_watch_her_video(client, request, patient, video, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("workspace:video", args=[patient.pk, video.pk]))
    assert response.status_code == 200
    assert body(response) == MP4_BYTES


def test_a_video_of_another_patient_is_not_found_under_this_patient(
    client, patient, therapist, practice
):
    from tests import personas

    other = store_video(personas.patient(practice, therapist, "Bea Bakker"), therapist)
    client.force_login(therapist)
    assert client.get(reverse("workspace:video", args=[patient.pk, other.pk])).status_code == 404
    client.force_login(patient.user)
    assert client.get(reverse("workspace:my_video", args=[other.pk])).status_code == 404


def test_nobody_else_gets_the_video_bytes(client, patient, video, outsider_therapist, practice):
    from tests import personas

    neighbour = personas.patient(practice, patient.therapist, "Nina Naaste")
    for user in (outsider_therapist, neighbour.user):
        client.force_login(user)
        for url in (
            reverse("workspace:my_video", args=[video.pk]),
            reverse("workspace:video", args=[patient.pk, video.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 404
            assert MP4_BYTES[:16] not in response.content


def test_a_range_is_answered_with_partial_content(client, patient, video):
    client.force_login(patient.user)
    url = reverse("workspace:my_video", args=[video.pk])
    response = client.get(url, headers={"Range": "bytes=4-11"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 4-11/{len(MP4_BYTES)}"
    assert response["Content-Length"] == "8"
    assert body(response) == b"ftypmp42"
    tail = client.get(url, headers={"Range": "bytes=-4"})
    assert tail.status_code == 206 and body(tail) == MP4_BYTES[-4:]
    beyond = client.get(url, headers={"Range": f"bytes={len(MP4_BYTES)}-"})
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(MP4_BYTES)}"
    # Only the start of a playback is logged as one.
    assert AuditEvent.objects.filter(what="workspace: video played").count() == 0
    client.get(url, headers={"Range": "bytes=0-"})
    assert AuditEvent.objects.filter(what="workspace: video played").count() == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-", (0, 99)),
        ("bytes=10-19", (10, 19)),
        ("bytes=90-500", (90, 99)),
        ("bytes=-10", (90, 99)),
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("items=0-1", None),
    ],
)
def test_byte_ranges_are_read_as_http_defines_them(header, expected):
    found = videofiles.byte_range(header, 100)
    assert (None if found is None else (found.start, found.end)) == expected


# --- deleting -----------------------------------------------------------------------------


def test_deleting_a_video_removes_the_file_and_is_logged(
    client, patient, therapist, video, django_capture_on_commit_callbacks
):
    path = Path(video.file.path)
    client.force_login(therapist)
    url = reverse("workspace:video_delete", args=[patient.pk, video.pk])
    assert client.get(url).status_code == 200  # asks first
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not ExerciseVideo.objects.exists()
    assert not path.exists()
    event = AuditEvent.objects.filter(patient=patient, action="delete").get()
    assert event.detail == {"video": video.pk, "exercise": EXERCISE}


def test_deleting_the_patients_record_deletes_her_video_files(
    patient, video, django_capture_on_commit_callbacks
):
    path = Path(video.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        patient.delete()
    assert not ExerciseVideo.objects.exists()
    assert not path.exists()


def test_deleting_needs_a_recent_authentication(client, patient, therapist, video):
    from ruggensteun.accounts.reauth import SESSION_KEY

    client.force_login(therapist)
    session = client.session
    session[SESSION_KEY] = 0  # authenticated long ago
    session.save()
    url = reverse("workspace:video_delete", args=[patient.pk, video.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:reauthenticate"))
    assert ExerciseVideo.objects.filter(pk=video.pk).exists()


# --- beside the exercise ------------------------------------------------------------------


def render_tag(user, patient, exercise_id=EXERCISE):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load workspace %}{% exercise_videos patient exercise_id %}")
    return template.render(
        Context({"request": request, "patient": patient, "exercise_id": exercise_id})
    )


def test_the_patient_sees_her_video_beside_the_exercise(patient, video):
    html = render_tag(patient.user, patient)
    assert "<video controls" in html
    assert reverse("workspace:my_video", args=[video.pk]) in html
    assert 'type="video/mp4"' in html
    assert "Uw video van deze oefening" in html
    assert render_tag(patient.user, patient, "walking").strip() == ""


@pytest.mark.parametrize(("persona", "queries"), [("patient", 1), ("therapist", 3)])
def test_the_tag_reads_the_videos_once_per_page(
    request, patient, therapist, persona, queries, django_assert_num_queries
):
    store_video(patient, therapist)
    store_video(patient, therapist, exercise_id="walking")
    viewer = request.getfixturevalue(persona)
    page_request = RequestFactory().get("/")
    page_request.user = getattr(viewer, "user", viewer)
    template = Template(
        "{% load workspace %}{% exercise_videos patient 'bridge' %}"
        "{% exercise_videos patient 'walking' %}{% exercise_videos patient 'cycling' %}"
    )
    # Is the viewer a patient (1), their memberships once for the role and the practice
    # (1), then the videos (1).
    with django_assert_num_queries(queries):
        html = template.render(Context({"request": page_request, "patient": patient}))
    assert html.count("<video") == 2


def test_staff_see_the_practice_address_and_outsiders_nothing(
    patient, therapist, video, outsider_therapist
):
    html = render_tag(therapist, patient)
    assert reverse("workspace:video", args=[patient.pk, video.pk]) in html
    assert render_tag(outsider_therapist, patient).strip() == ""
