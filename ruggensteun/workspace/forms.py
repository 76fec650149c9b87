from datetime import date
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruggensteun.clinical.programme.exercises import load_exercises
from ruggensteun.patients.dates import EARLIEST_DAY, LATEST_DAY, earliest_day
from ruggensteun.patients.models import Patient
from ruggensteun.programme.labels import CATEGORY_NAMES
from ruggensteun.workspace import videofiles
from ruggensteun.workspace.models import Discharge, SessionNote

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _plausible(day: date) -> date:
    """A day between 1900 and 2100, the database's bounds (issue #11, finding 1)."""
    if day < EARLIEST_DAY:
        raise forms.ValidationError(_("Deze datum ligt te ver in het verleden."))
    if day > LATEST_DAY:
        raise forms.ValidationError(_("Deze datum ligt te ver in de toekomst."))
    return day


def _not_in_the_future(day: date, patient: Patient | None = None) -> date:
    """A day that has been: not after today, not before the patient's birth (1900 when
    unknown). Issue #11, finding 1: the year 1 once took pages down."""
    if day > timezone.localdate():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
    if day < EARLIEST_DAY:
        raise forms.ValidationError(_("Deze datum ligt te ver in het verleden."))
    if day < earliest_day(patient):
        raise forms.ValidationError(_("Deze datum ligt vóór de geboortedatum van de patiënt."))
    return day


class SessionNoteForm(forms.ModelForm):
    class Meta:
        model = SessionNote
        fields = ["kind", "held_on", "findings", "explanation", "agreements"]
        widgets = {
            "held_on": DATE_INPUT,
            "kind": forms.RadioSelect,
            "findings": forms.Textarea(attrs={"rows": 4}),
            "explanation": forms.Textarea(attrs={"rows": 4}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "findings": gettext_lazy("Wat u zag en wat de patiënt vertelde."),
            "explanation": gettext_lazy("Welke uitleg en adviezen u gaf, en welke oefeningen."),
            "agreements": gettext_lazy("Wat u samen afsprak, en wanneer u elkaar weer ziet."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = SessionNote.Kind.choices  # no empty choice: every session has a kind

    def clean_held_on(self) -> date:
        patient = self.instance.patient if self.instance.patient_id else None
        return _not_in_the_future(self.cleaned_data["held_on"], patient)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(name, "").strip() for name in SessionNote.TEXT_FIELDS):
            raise forms.ValidationError(_("Schrijf iets op in ten minste één van de tekstvelden."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The posted values, for ``SessionNote.revise``."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def exercise_choices(language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The library by category, for a select with groups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for exercise in load_exercises():
        label = str(CATEGORY_NAMES.get(exercise.category, exercise.category))
        groups.setdefault(label, []).append((exercise.id, exercise.name.get(language)))
    return list(groups.items())


class VideoUploadForm(forms.Form):
    exercise_id = forms.ChoiceField(label=gettext_lazy("Oefening"))
    video = forms.FileField(
        label=gettext_lazy("Video"),
        help_text=gettext_lazy("Een korte video van de telefoon: mp4, mov of webm, tot 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/quicktime,video/webm"}),
    )
    session_note = forms.ModelChoiceField(
        label=gettext_lazy("Bij sessie"),
        queryset=SessionNote.objects.none(),
        required=False,
        empty_label=gettext_lazy("geen"),
    )
    description = forms.CharField(
        label=gettext_lazy("Toelichting voor de patiënt"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Bijvoorbeeld: let op dat uw rug recht blijft."),
    )
    recorded_on = forms.DateField(label=gettext_lazy("Opgenomen op"), widget=DATE_INPUT)

    def __init__(
        self,
        *args: Any,
        patient: Patient,
        language: str,
        size_limit: videofiles.VideoSizeLimit | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("recorded_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        # The upload handler that stopped a file over the limit while it came in: then no
        # file arrived, and the form says why (not "required").
        self.stopped_at_limit = size_limit is not None and size_limit.too_large
        self.sent_bytes = size_limit.request_bytes if size_limit is not None else 0
        if self.stopped_at_limit:
            self.fields["video"].required = False
        self.fields["exercise_id"].choices = [("", "—"), *exercise_choices(language)]
        notes = self.fields["session_note"]
        assert isinstance(notes, forms.ModelChoiceField)
        notes.queryset = SessionNote.objects.for_patient(patient)
        self.patient = patient
        notes.label_from_instance = lambda note: (
            f"{note.held_on:%d-%m-%Y} · {note.get_kind_display()}"
        )
        self.video_type: videofiles.VideoType | None = None

    def clean_recorded_on(self) -> date:
        return _not_in_the_future(self.cleaned_data["recorded_on"], self.patient)

    def clean_video(self) -> UploadedFile:
        upload = self.cleaned_data["video"]
        if self.stopped_at_limit:
            # The size the browser sent (the video and a few form fields), at least the limit.
            raise self._too_large(max(self.sent_bytes, videofiles.MAX_VIDEO_BYTES + 1))
        if upload.size > videofiles.MAX_VIDEO_BYTES:
            raise self._too_large(upload.size)
        self.video_type = videofiles.sniff(upload)
        if self.video_type is None:
            raise forms.ValidationError(
                _(
                    "Dit bestand is geen video die we kunnen tonen. Kies een video van de "
                    "telefoon in mp4, mov of webm."
                )
            )
        return upload

    def _too_large(self, size: int) -> forms.ValidationError:
        megabyte = 1024 * 1024
        return forms.ValidationError(
            _(
                "Deze video is te groot: %(size)s MB. Het maximum is %(limit)s MB. "
                "Neem een kortere video op, of kies een lagere kwaliteit op de telefoon."
            )
            % {"size": -(-size // megabyte), "limit": videofiles.MAX_VIDEO_BYTES // megabyte}
        )


class DischargeForm(forms.ModelForm):
    class Meta:
        model = Discharge
        fields = ["discharged_on", "reason", "summary"]
        widgets = {
            "discharged_on": DATE_INPUT,
            "reason": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "summary": gettext_lazy(
                "Kort: het beloop, de uitkomst en het advies voor daarna. "
                "Dit komt ook in het ontslagverslag."
            ),
        }

    def __init__(self, *args: Any, starts_on: date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("discharged_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        assert isinstance(reason, forms.ChoiceField)
        reason.choices = Discharge.Reason.choices
        self.starts_on = starts_on

    def clean_discharged_on(self) -> date:
        day = _not_in_the_future(self.cleaned_data["discharged_on"])
        if day < self.starts_on:
            raise forms.ValidationError(
                _("De behandeling begon op %(start)s; kies die dag of later.")
                % {"start": self.starts_on.strftime("%d-%m-%Y")}
            )
        return day


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Waarom heropent u de behandeling?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ExportForm(forms.Form):
    SCOPES = [
        ("ended", gettext_lazy("behandelingen die in deze periode zijn afgesloten")),
        ("active", gettext_lazy("alle behandelingen die in deze periode liepen")),
    ]
    FORMATS = [
        ("excel_nl", gettext_lazy("Excel (Nederlands/Belgisch): puntkomma, decimale komma")),
        ("standard", gettext_lazy("standaard CSV: komma, decimale punt")),
    ]

    first = forms.DateField(label=gettext_lazy("Van"), widget=DATE_INPUT)
    last = forms.DateField(label=gettext_lazy("Tot en met"), widget=DATE_INPUT)
    scope = forms.ChoiceField(
        label=gettext_lazy("Welke behandelingen"), choices=SCOPES, widget=forms.RadioSelect
    )
    csv_format = forms.ChoiceField(
        label=gettext_lazy("Soort CSV"), choices=FORMATS, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "first": today.replace(month=1, day=1),
                "last": today,
                "scope": "ended",
                "csv_format": "excel_nl",
            },
        )
        super().__init__(*args, **kwargs)

    def clean_first(self) -> date:
        return _plausible(self.cleaned_data["first"])

    def clean_last(self) -> date:
        return _plausible(self.cleaned_data["last"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last and first > last:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return cleaned
