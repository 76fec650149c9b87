"""The practice admin's list of e-mails that could not be sent (issue #14).

Every e-mail goes out through the task queue (``base.mail``); one that the mail server
refused, or that still failed after its last try, is stored as a ``base.MailFailure``
with the id of its practice. Here the admin reads them: to whom, what kind, when, and why
in words, never the subject or the body. Reading the page is audited (it names addresses).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.roles import admin_practice, admin_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.base.models import MailFailure

SHOWN = 200  # the newest; older ones stay in the database

# The kinds the senders give (``queue_email(kind=...)``), in words.
KINDS = {
    "invitation": _("Uitnodiging"),
    "questionnaire_reminder": _("Herinnering vragenlijst"),
    "daily_reminder": _("Dagelijkse herinnering"),
    "red_flag_alert": _("Melding rode vlag (aan de praktijk)"),
    "red_flag_message": _("Bericht van de therapeut (aan de patiënt)"),
    "programme_start": _("Programma gestart"),
}

REASONS = {
    MailFailure.Reason.REFUSED: _("De mailserver weigerde dit bericht. Klopt het e-mailadres?"),
    MailFailure.Reason.TEMPORARY: _(
        "De mailserver vroeg steeds om het later nog eens te proberen. Na de laatste poging "
        "is het opgegeven."
    ),
    MailFailure.Reason.TIMEOUT: _("De mailserver gaf geen antwoord, ook niet na enkele pogingen."),
    MailFailure.Reason.UNREACHABLE: _(
        "De mailserver was niet bereikbaar, ook niet na enkele pogingen."
    ),
    MailFailure.Reason.OTHER: _("Er ging iets anders mis bij het versturen."),
}


@admin_required
def mail_failures(request: HttpRequest) -> HttpResponse:
    practice = admin_practice(request.user)
    failures = list(MailFailure.objects.filter(practice_id=practice.pk)[:SHOWN])
    for failure in failures:
        failure.kind_words = KINDS.get(failure.kind, failure.kind)
        failure.reason_words = REASONS.get(failure.reason, REASONS[MailFailure.Reason.OTHER])
    record_request(request, Action.LIST, practice=practice, detail={"mail_failures": len(failures)})
    return render(
        request,
        "accounts/mail_failures.html",
        {"practice": practice, "failures": failures, "shown": SHOWN},
    )
