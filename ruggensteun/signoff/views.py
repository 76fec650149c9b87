"""The clinical texts page: every patient-facing clinical text set with its status, the
review of one set, its sign-off and the import of an instrument's official text.

All practice staff see the status and the texts (read-only); only the practice's clinical
lead imports and signs off (403 for everyone else). Imports and sign-offs are logged.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.accounts.reauth import recent_auth_required
from ruggensteun.accounts.roles import is_practice_staff, staff_practice, staff_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.clinical.instruments import names
from ruggensteun.clinical.instruments.official_text import OfficialTextError, read_official_text
from ruggensteun.clinical.instruments.official_text import file_sha256 as sha256_of
from ruggensteun.clinical.instruments.registry import (
    INSTRUMENT_CODES,
    UnknownInstrumentError,
    get_instrument,
)
from ruggensteun.signoff.forms import ImportForm, SignOffForm
from ruggensteun.signoff.models import ImportedText, SignOff
from ruggensteun.signoff.status import (
    current_imports,
    is_clinical_lead,
    practice_statuses,
    status_of,
)
from ruggensteun.signoff.texts import INSTRUMENT_PREFIX, TextSet, key_from_slug, known_key, text_set

ViewFunc = Callable[..., HttpResponse]


def clinical_lead_required(view: ViewFunc) -> ViewFunc:
    """Practice staff whose membership of their practice is the clinical lead's; 403 else."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_practice_staff(request.user) or not is_clinical_lead(
            request.user, staff_practice(request.user)
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _key(slug: str) -> str:
    key = key_from_slug(slug)
    if not known_key(key):
        raise Http404
    return key


def _lines(found: TextSet) -> list[dict[str, Any]]:
    """The lines with a label a reader understands."""
    labels = {
        "intro": _("Uitleg"),
        "question": _("Vraag %(ref)s"),
        "answer": _("Antwoord %(ref)s"),
        "text": "%(ref)s",
    }
    return [{"line": line, "label": labels[line.kind] % {"ref": line.ref}} for line in found.lines]


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    practice = staff_practice(request.user)
    statuses = practice_statuses(practice, request.LANGUAGE_CODE)
    return render(
        request,
        "signoff/overview.html",
        {
            "practice": practice,
            "statuses": statuses,
            "is_lead": is_clinical_lead(request.user, practice),
            "short_names": names.SHORT_NAMES,
        },
    )


@staff_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    key = _key(slug)
    practice = staff_practice(request.user)
    found = text_set(key, current_imports(practice), request.LANGUAGE_CODE)
    history = list(SignOff.objects.filter(practice=practice, text_set=key).order_by("-signed_at"))
    status = status_of(found, history)
    imports = (
        list(
            ImportedText.objects.for_practice(practice)
            .filter(instrument=found.instrument)
            .order_by("-imported_at", "-id")
        )
        if found.instrument
        else []
    )
    is_lead = is_clinical_lead(request.user, practice)
    return render(
        request,
        "signoff/review.html",
        {
            "text_set": found,
            "status": status,
            "lines": _lines(found),
            "history": history,
            "imports": imports,
            "is_lead": is_lead,
            "form": SignOffForm(initial={"text_hash": found.hash}) if is_lead else None,
        },
    )


@require_POST
@clinical_lead_required
@recent_auth_required(minutes=10)
def sign(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign off the text exactly as the review page showed it (its hash comes back)."""
    key = _key(slug)
    practice = staff_practice(request.user)
    found = text_set(key, current_imports(practice), request.LANGUAGE_CODE)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("signoff:review", slug=found.slug)
    if form.cleaned_data["text_hash"] != found.hash:
        messages.error(
            request,
            _("De tekst is veranderd sinds u hem opende. Lees hem opnieuw en keur dan goed."),
        )
        return redirect("signoff:review", slug=found.slug)
    user: Any = request.user
    sign_off = SignOff.objects.create(
        practice=practice,
        text_set=key,
        text_hash=found.hash,
        imported_text=found.imported,
        signed_by=user,
        signed_by_name=user.get_full_name(),
        signed_by_email=user.email,
    )
    record_request(
        request,
        Action.UPDATE,
        practice=practice,
        what="clinical text sign-off",
        detail={
            "text_set": key,
            "text_hash": found.hash,
            "sign_off_id": sign_off.pk,
            "imported_text_id": found.imported.pk if found.imported else None,
        },
    )
    messages.success(request, _("Goedgekeurd: %(title)s.") % {"title": found.title})
    return redirect("signoff:review", slug=found.slug)


@clinical_lead_required
def import_text(request: HttpRequest, code: str) -> HttpResponse:
    if code not in INSTRUMENT_CODES:
        raise Http404
    try:
        definition = get_instrument(code)
    except UnknownInstrumentError:  # pragma: no cover - INSTRUMENT_CODES says it exists
        raise Http404 from None
    practice = staff_practice(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.read()
        try:
            official = read_official_text(
                data, definition, language=form.cleaned_data["language"] or None
            )
        except OfficialTextError as error:
            problems = [_(problem.template) % dict(problem.params) for problem in error.problems]
        else:
            user: Any = request.user
            upload: Any = form.cleaned_data["file"]
            imported = ImportedText.objects.create(
                practice=practice,
                instrument=code,
                language=official.language,
                text=official.to_json(),
                file_name=str(upload.name)[:255],
                file_sha256=sha256_of(data),
                imported_by=user,
                imported_by_email=user.email,
            )
            record_request(
                request,
                Action.CREATE,
                practice=practice,
                what="official questionnaire text",
                detail={
                    "instrument": code,
                    "imported_text_id": imported.pk,
                    "file_sha256": imported.file_sha256,
                    "language": official.language,
                },
            )
            messages.success(
                request,
                _(
                    "De tekst van de %(instrument)s is ingelezen. Patiënten lezen hem vanaf nu. "
                    "Lees hem hieronder na en keur hem goed."
                )
                % {"instrument": names.short_name(code)},
            )
            return redirect("signoff:review", slug=f"{INSTRUMENT_PREFIX}{code}".replace(":", "-"))
    return render(
        request,
        "signoff/import.html",
        {
            "definition": definition,
            "short_name": names.short_name(code),
            "form": form,
            "problems": problems,
        },
    )
