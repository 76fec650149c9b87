"""Exercise videos: the therapist uploads and deletes them; the patient and the practice
watch them. The file is only ever sent by these views, after the access check."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ruggensteun.accounts.reauth import recent_auth_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.base.numbers import parse_int
from ruggensteun.patients.access import own_patient_view, patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.workspace import videofiles
from ruggensteun.workspace.forms import VideoUploadForm
from ruggensteun.workspace.models import ExerciseVideo


@csrf_exempt  # checked in _upload, after the size limit is in place
def upload(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The size limit counts the video while it streams in (not after it all reached the
    disk). Upload handlers must be set before anything reads the body, and the CSRF check
    reads it: so the check follows here (Django's documented way)."""
    size_limit = videofiles.VideoSizeLimit(request)
    request.upload_handlers.insert(0, size_limit)
    return _upload(request, patient_id, size_limit=size_limit)


@csrf_protect
@patient_view
def _upload(
    request: HttpRequest, patient: Patient, *, size_limit: videofiles.VideoSizeLimit
) -> HttpResponse:
    form = VideoUploadForm(
        request.POST or None,
        request.FILES or None,
        patient=patient,
        language=request.LANGUAGE_CODE,
        size_limit=size_limit,
    )
    if request.method == "POST" and form.is_valid():
        assert form.video_type is not None
        data = form.cleaned_data
        video = ExerciseVideo.store(
            data["video"],
            video_type=form.video_type,
            patient=patient,
            by=request.user,
            exercise_id=data["exercise_id"],
            session_note=data["session_note"],
            description=data["description"],
            recorded_on=data["recorded_on"],
        )
        record_request(
            request,
            Action.CREATE,
            patient=patient,
            detail={"video": video.pk, "exercise": video.exercise_id, "bytes": video.size},
        )
        messages.success(request, _("De video is opgeslagen. De patiënt ziet hem bij de oefening."))
        return redirect("workspace:sessions", patient_id=patient.pk)
    initial_note = parse_int(request.GET.get("sessie"))
    if request.method == "GET" and initial_note is not None:
        form.initial["session_note"] = initial_note
    return render(request, "workspace/video_upload.html", {"patient": patient, "form": form})


def _stream(request: HttpRequest, video: ExerciseVideo) -> HttpResponse:
    range_header = request.headers.get("Range", "")
    if not range_header or range_header.startswith("bytes=0-"):
        # One entry per playback (its first request), on top of the access decorator's.
        record_request(
            request,
            Action.VIEW,
            patient=video.patient,
            what="workspace: video played",
            detail={"video": video.pk, "exercise": video.exercise_id},
        )
    return videofiles.stream(
        video.file.open("rb"),
        size=video.size,
        content_type=video.content_type,
        filename=video.download_name,
        range_header=range_header,
    )


@patient_view
def staff_video(request: HttpRequest, patient: Patient, video_id: int) -> HttpResponse:
    video = get_object_or_404(ExerciseVideo.objects.for_patient(patient), pk=video_id)
    video.patient = patient
    return _stream(request, video)


@own_patient_view
def own_video(request: HttpRequest, patient: Patient, video_id: int) -> HttpResponse:
    video = get_object_or_404(ExerciseVideo.objects.for_patient(patient), pk=video_id)
    video.patient = patient
    return _stream(request, video)


@patient_view
@recent_auth_required()
def delete(request: HttpRequest, patient: Patient, video_id: int) -> HttpResponse:
    video = get_object_or_404(ExerciseVideo.objects.for_patient(patient), pk=video_id)
    if request.method == "POST":
        detail = {"video": video.pk, "exercise": video.exercise_id}
        video.delete()
        record_request(request, Action.DELETE, patient=patient, detail=detail)
        messages.success(request, _("De video is verwijderd."))
        return redirect("workspace:sessions", patient_id=patient.pk)
    return render(request, "workspace/video_delete.html", {"patient": patient, "video": video})
