"""What an audit entry records, in words for the admin (issue #12): "Vragenlijst
beantwoord" for ``questionnaires:step``, "Patiëntpagina bekeken" for ``patients:detail``.

The log stores the code (``AuditEvent.what``: the view's URL name or a fixed phrase such
as "classification decision"); this is the one table that turns it into words. An entry
whose code is not in the table is still described in words (by its app, or as "another
page or action"), never as the code itself; the CSV export keeps the code in a column of
its own.
"""

import re
from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruggensteun.audit.models import AuditEvent

Action = AuditEvent.Action

# "<the thing> bekeken": how each action reads after the name of what it was done to.
ACTION_PHRASES: dict[str, Promise] = {
    Action.VIEW: gettext_lazy("%(thing)s bekeken"),
    Action.LIST: gettext_lazy("%(thing)s bekeken"),
    Action.CREATE: gettext_lazy("%(thing)s aangemaakt"),
    Action.UPDATE: gettext_lazy("%(thing)s gewijzigd"),
    Action.DELETE: gettext_lazy("%(thing)s verwijderd"),
    Action.EXPORT: gettext_lazy("%(thing)s geëxporteerd"),
    Action.DENIED: gettext_lazy("Geen toegang: %(thing)s"),
}

# Every page by its URL name: what it shows or changes.
PAGES: dict[str, Promise] = {
    "web:home": gettext_lazy("Startpagina"),
    "web:patient_home": gettext_lazy("Startpagina van de patiënt"),
    "web:health": gettext_lazy("Controle of de app werkt"),
    "web:practice": gettext_lazy("Praktijkoverzicht"),
    "web:manifest": gettext_lazy("Gegevens om de app te installeren"),
    "web:service_worker": gettext_lazy("Onderdeel van de app voor gebruik zonder internet"),
    "web:offline": gettext_lazy("Pagina zonder verbinding"),
    "push:subscribe": gettext_lazy("Pushabonnement van een toestel"),
    "push:unsubscribe": gettext_lazy("Pushabonnement van een toestel"),
    "messaging:thread": gettext_lazy("Berichten van de patiënt"),
    "messaging:safety_check": gettext_lazy("Veiligheidsvragen bij een bericht of vraag"),
    "messaging:staff_thread": gettext_lazy("Berichten van de patiënt (praktijk)"),
    "messaging:settings": gettext_lazy("Instellingen voor berichten"),
    "patients:timeline": gettext_lazy("Eerdere gebeurtenissen van de patiënt"),
    "accounts:login": gettext_lazy("Inloggen"),
    "accounts:logout": gettext_lazy("Uitloggen"),
    "accounts:two_factor_verify": gettext_lazy("Code van de tweestapsverificatie"),
    "accounts:reauthenticate": gettext_lazy("Opnieuw bevestigen met wachtwoord en code"),
    "accounts:two_factor": gettext_lazy("Tweestapsverificatie"),
    "accounts:two_factor_setup": gettext_lazy("Tweestapsverificatie instellen"),
    "accounts:new_recovery_codes": gettext_lazy("Herstelcodes"),
    "accounts:accept_invitation": gettext_lazy("Uitnodiging"),
    "accounts:settings": gettext_lazy("Accountinstellingen"),
    "accounts:set_language": gettext_lazy("Taal"),
    "accounts:team": gettext_lazy("Team van de praktijk"),
    "accounts:invite_staff": gettext_lazy("Uitnodiging voor een medewerker"),
    "accounts:set_clinical_lead": gettext_lazy("Klinisch eindverantwoordelijke"),
    "accounts:deactivate_member": gettext_lazy("Medewerker"),
    "accounts:reactivate_member": gettext_lazy("Medewerker"),
    "accounts:change_member_role": gettext_lazy("Rol van een medewerker"),
    "accounts:resend_staff_invitation": gettext_lazy("Uitnodiging voor een medewerker"),
    "accounts:withdraw_staff_invitation": gettext_lazy("Uitnodiging voor een medewerker"),
    "accounts:contact_card": gettext_lazy("Contactkaart van de praktijk"),
    "accounts:password_change": gettext_lazy("Wachtwoord"),
    "accounts:password_change_done": gettext_lazy("Wachtwoord"),
    "accounts:password_reset": gettext_lazy("Wachtwoord vergeten"),
    "accounts:password_reset_done": gettext_lazy("Wachtwoord vergeten"),
    "accounts:password_reset_confirm": gettext_lazy("Nieuw wachtwoord"),
    "accounts:password_reset_complete": gettext_lazy("Nieuw wachtwoord"),
    "questionnaires:mine": gettext_lazy("Vragenlijsten van de patiënt"),
    "questionnaires:start": gettext_lazy("Vragenlijst"),
    "questionnaires:intro": gettext_lazy("Uitleg bij een vragenlijst"),
    "questionnaires:step": gettext_lazy("Vraag uit een vragenlijst"),
    "questionnaires:review": gettext_lazy("Antwoorden op een vragenlijst"),
    "questionnaires:done": gettext_lazy("Vragenlijst klaar"),
    "questionnaires:overview": gettext_lazy("Overzicht van de vragenlijsten"),
    "questionnaires:instruments": gettext_lazy("Lijst van vragenlijsten"),
    "questionnaires:questionnaire_fhir": gettext_lazy("Vragenlijst als FHIR-bestand"),
    "questionnaires:response": gettext_lazy("Antwoorden op een vragenlijst"),
    "questionnaires:withdraw": gettext_lazy("Klaargezette vragenlijst"),
    "questionnaires:practice_settings": gettext_lazy("Instellingen voor vragenlijsten"),
    "questionnaires:scores": gettext_lazy("Scores van de vragenlijsten"),
    "questionnaires:assign": gettext_lazy("Klaargezette vragenlijst"),
    "questionnaires:export_fhir": gettext_lazy("Scores als FHIR-bestand"),
    "intake:start": gettext_lazy("Intake"),
    "intake:advice": gettext_lazy("Advies na de intake"),
    "intake:acted": gettext_lazy("Melding 'ik heb gebeld'"),
    "intake:message_read": gettext_lazy("Bericht van de therapeut"),
    "intake:done": gettext_lazy("Intake klaar"),
    "intake:screen": gettext_lazy("Intakevragen"),
    "intake:triage": gettext_lazy("Triage en zorgpad"),
    "intake:handle_alert": gettext_lazy("Rode vlag"),
    "programme:library": gettext_lazy("Oefeningen"),
    "programme:exercise": gettext_lazy("Oefening"),
    "programme:settings": gettext_lazy("Instellingen van het programma"),
    "programme:overview": gettext_lazy("Programma"),
    "programme:start": gettext_lazy("Start van het programma"),
    "programme:approve_each_week": gettext_lazy("Elke week goedkeuren"),
    "programme:status": gettext_lazy("Status van het programma"),
    "programme:approve": gettext_lazy("Goedkeuring van een week"),
    "programme:adopt_goal": gettext_lazy("Doel van de patiënt"),
    "programme:remove_goal": gettext_lazy("Doel van de patiënt"),
    "programme:change_walking": gettext_lazy("Wandeldoel"),
    "programme:change_exercise": gettext_lazy("Oefening in het plan"),
    "programme:fear_ratings": gettext_lazy("Angst voor bewegingen"),
    "programme:ask_fear_ratings": gettext_lazy("Vraag naar angst voor bewegingen"),
    "programme:preferences": gettext_lazy("Voorkeur bij oefeningen"),
    "workspace:sessions": gettext_lazy("Sessieverslagen"),
    "workspace:note_new": gettext_lazy("Sessieverslag"),
    "workspace:note_edit": gettext_lazy("Sessieverslag"),
    "workspace:discharge": gettext_lazy("Afsluiting van de behandeling"),
    "workspace:reopen": gettext_lazy("Afgesloten behandeling"),
    "workspace:video_upload": gettext_lazy("Video"),
    "workspace:video": gettext_lazy("Video"),
    "workspace:video_delete": gettext_lazy("Video"),
    "workspace:my_video": gettext_lazy("Video"),
    "workspace:exports": gettext_lazy("Uitkomsten"),
    "workspace:export_download": gettext_lazy("Uitkomsten"),
    "workspace:export_made": gettext_lazy("Uitkomsten"),
    "workspace:export_file": gettext_lazy("Uitkomsten"),
    "workspace:dashboard": gettext_lazy("Cijfers van de praktijk"),
    "outcomes:similar": gettext_lazy("Patiënten zoals deze patiënt"),
    "outcomes:recovery": gettext_lazy("Herstel in de praktijk"),
    "outcomes:sharing": gettext_lazy("Instellingen voor vergelijken en delen"),
    "today:tick": gettext_lazy("Vinkje bij vandaag"),
    "today:own_walk": gettext_lazy("Eigen wandeling"),
    "today:start_notice_read": gettext_lazy("Melding 'uw programma is gestart'"),
    "today:exercise": gettext_lazy("Oefening"),
    "today:feedback": gettext_lazy("Reactie op een oefening"),
    "today:next_day": gettext_lazy("Volgende dag"),
    "today:flare_up_plan": gettext_lazy("Plan bij een opstoot"),
    "today:learn": gettext_lazy("Uitleg"),
    "search:search": gettext_lazy("Zoeken in de uitleg en de oefeningen"),
    "today:module": gettext_lazy("Uitleg"),
    "today:module_read": gettext_lazy("Uitleg"),
    "diary:checkin": gettext_lazy("Wekelijkse check-in"),
    "diary:checkin_done": gettext_lazy("Uitkomst van de check-in"),
    "diary:diary": gettext_lazy("Pijndagboek"),
    "diary:entry_new": gettext_lazy("Meting in het pijndagboek"),
    "diary:entry_edit": gettext_lazy("Meting in het pijndagboek"),
    "diary:entry_delete": gettext_lazy("Meting in het pijndagboek"),
    "diary:patient_checkins": gettext_lazy("Check-ins"),
    "diary:patient_diary": gettext_lazy("Pijndagboek"),
    "diary:diary_switch": gettext_lazy("Pijndagboek aan of uit"),
    "mydata:progress": gettext_lazy("Voortgang"),
    "mydata:reminders": gettext_lazy("Herinneringen"),
    "mydata:own_data": gettext_lazy("Eigen gegevens"),
    "mydata:download": gettext_lazy("Eigen gegevens"),
    "mydata:own_export": gettext_lazy("Eigen gegevens"),
    "mydata:own_export_file": gettext_lazy("Eigen gegevens"),
    "mydata:request_deletion": gettext_lazy("Verzoek om verwijdering"),
    "mydata:stop_reminders": gettext_lazy("Herinneringen"),
    "mydata:calendar_feed": gettext_lazy("Agenda-koppeling"),
    "mydata:deletion_requests": gettext_lazy("Verzoeken om verwijdering"),
    "mydata:handle_deletion": gettext_lazy("Verzoek om verwijdering"),
    "mydata:privacy": gettext_lazy("Privacyverklaring"),
    "mydata:privacy_agree": gettext_lazy("Privacyverklaring"),
    "mydata:privacy_decline": gettext_lazy("Privacyverklaring"),
    "reports:documents": gettext_lazy("Verslagen"),
    "reports:pdf": gettext_lazy("Verslag (pdf)"),
    "reports:my_handout": gettext_lazy("Oefenfolder (pdf)"),
    "signoff:overview": gettext_lazy("Klinische teksten"),
    "signoff:review": gettext_lazy("Klinische tekst"),
    "signoff:sign": gettext_lazy("Klinische tekst"),
    "signoff:import": gettext_lazy("Officiële tekst van een vragenlijst"),
    "patients:caseload": gettext_lazy("Patiëntenlijst"),
    "patients:invite": gettext_lazy("Uitnodiging voor een patiënt"),
    "patients:detail": gettext_lazy("Patiëntpagina"),
    "patients:resend_invitation": gettext_lazy("Uitnodiging voor een patiënt"),
    "audit:log": gettext_lazy("Auditlog"),
    "accounts:mail_failures": gettext_lazy("E-mails die niet verstuurd konden worden"),
    "audit:export": gettext_lazy("Auditlog"),
}

# Where the page and the action together read better as one sentence of their own.
SENTENCES: dict[tuple[str, str], Promise] = {
    ("questionnaires:step", Action.UPDATE): gettext_lazy("Vragenlijst beantwoord"),
    ("questionnaires:start", Action.UPDATE): gettext_lazy("Vragenlijst begonnen"),
    ("questionnaires:review", Action.UPDATE): gettext_lazy("Vragenlijst ingestuurd"),
    ("questionnaires:assign", Action.UPDATE): gettext_lazy("Vragenlijst klaargezet"),
    ("questionnaires:withdraw", Action.UPDATE): gettext_lazy("Vragenlijst ingetrokken"),
    ("intake:screen", Action.UPDATE): gettext_lazy("Intakevragen beantwoord"),
    ("intake:acted", Action.UPDATE): gettext_lazy("Patiënt meldt: ik heb gebeld"),
    ("intake:message_read", Action.UPDATE): gettext_lazy("Bericht van de therapeut gelezen"),
    ("intake:handle_alert", Action.UPDATE): gettext_lazy("Rode vlag afgehandeld"),
    ("today:tick", Action.UPDATE): gettext_lazy("Oefening of wandeling afgevinkt"),
    ("today:module_read", Action.UPDATE): gettext_lazy("Uitleg gelezen"),
    ("diary:checkin", Action.CREATE): gettext_lazy("Check-in ingevuld"),
    ("diary:entry_new", Action.CREATE): gettext_lazy("Meting in het pijndagboek gezet"),
    ("workspace:note_new", Action.CREATE): gettext_lazy("Sessieverslag geschreven"),
    ("workspace:video_upload", Action.CREATE): gettext_lazy("Video opgeslagen"),
    ("workspace:reopen", Action.UPDATE): gettext_lazy("Behandeling heropend"),
    ("reports:pdf", Action.EXPORT): gettext_lazy("Verslag gedownload (pdf)"),
    ("reports:my_handout", Action.EXPORT): gettext_lazy("Oefenfolder gedownload (pdf)"),
    ("mydata:download", Action.EXPORT): gettext_lazy("Eigen gegevens gedownload"),
    ("mydata:own_export_file", Action.EXPORT): gettext_lazy("Eigen gegevens gedownload"),
    ("mydata:request_deletion", Action.CREATE): gettext_lazy("Verwijdering aangevraagd"),
}

# The fixed phrases code writes instead of a URL name (``what=...`` in the views).
PHRASES: dict[str, Promise] = {
    "patient invited": gettext_lazy("Patiënt uitgenodigd"),
    "classification decision": gettext_lazy("Classificatie en zorgpad vastgelegd"),
    "clinical text sign-off": gettext_lazy("Klinische tekst goedgekeurd"),
    "official questionnaire text": gettext_lazy("Officiële tekst van een vragenlijst ingelezen"),
    "audit: log export (CSV)": gettext_lazy("Auditlog geëxporteerd (CSV)"),
    "workspace: outcome export": gettext_lazy("Uitkomsten geëxporteerd"),
    "workspace: video played": gettext_lazy("Video afgespeeld"),
    "fear ratings": gettext_lazy("Angst voor bewegingen ingevuld"),
    "exercise preferences": gettext_lazy("Voorkeur bij oefeningen ingevuld"),
    "fear ratings asked": gettext_lazy("Gevraagd naar angst voor bewegingen"),
    "programme settings": gettext_lazy("Instellingen van het programma gewijzigd"),
    "programme started": gettext_lazy("Programma gestart"),
    "programme week approved": gettext_lazy("Week goedgekeurd"),
    "programme approve each week": gettext_lazy("Keuze 'elke week goedkeuren' gewijzigd"),
    "programme status": gettext_lazy("Programma gepauzeerd, hervat of beëindigd"),
    "programme: week proposed": gettext_lazy("Nieuwe week voorgesteld"),
    "programme: week started": gettext_lazy("Nieuwe week gestart"),
    "team: patients moved to another therapist": gettext_lazy(
        "Patiënten overgedragen aan een collega"
    ),
    "team: staff member deactivated": gettext_lazy("Medewerker gedeactiveerd"),
    "team: staff member reactivated": gettext_lazy("Medewerker weer actief gemaakt"),
    "team: role changed": gettext_lazy("Rol van een medewerker gewijzigd"),
    "team: invitation sent again": gettext_lazy("Uitnodiging opnieuw verstuurd"),
    "team: invitation withdrawn": gettext_lazy("Uitnodiging ingetrokken"),
    "own phone number": gettext_lazy("Eigen telefoonnummer gewijzigd"),
    "clinical lead": gettext_lazy("Klinisch eindverantwoordelijke gewijzigd"),
    "practice contact card": gettext_lazy("Contactkaart van de praktijk gewijzigd"),
    "questionnaire schedule": gettext_lazy("Schema van de vragenlijsten gewijzigd"),
    "licence confirm_licence": gettext_lazy("Licentie voor een vragenlijst bevestigd"),
    "licence withdraw_licence": gettext_lazy("Licentie voor een vragenlijst ingetrokken"),
    "mydata: reminders stopped by e-mail link": gettext_lazy(
        "Herinneringen gestopt met de link in de e-mail"
    ),
    "mydata: calendar feed": gettext_lazy("Agenda-koppeling opgehaald"),
    "mydata: privacy statement agreed": gettext_lazy("Privacyverklaring geaccepteerd"),
    "mydata: account closed, personal details removed": gettext_lazy(
        "Account gesloten, persoonsgegevens verwijderd"
    ),
    "mydata: deletion request not carried out": gettext_lazy(
        "Verzoek om verwijdering niet uitgevoerd"
    ),
    "two-factor authenticator app": gettext_lazy("Authenticator-app ingesteld"),
    "two-factor recovery codes": gettext_lazy("Nieuwe herstelcodes gemaakt"),
    "two-factor authentication": gettext_lazy("Tweestapsverificatie uitgezet"),
    "two-factor enrolment code used": gettext_lazy("Eenmalige code voor de app gebruikt"),
    "two-factor recovery code used": gettext_lazy("Herstelcode gebruikt"),
}

# Phrases with a part that varies: "red flag CES handled", "programme week 3: walking".
# A phrase whose varying part only an app above the audit log can put in words (a red-flag
# rule's name is intake's wording) is registered by that app (``register_phrase``, from its
# AppConfig.ready), so the audit log imports no app.
_REGISTERED: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = []
_PLAN_WEEK = re.compile(r"^programme week (?P<week>\d+):")
_INVITATION = re.compile(r"^invitation for ")

# The app of a URL name the table does not know yet, for a description that is still words.
APPS: dict[str, Promise] = {
    "web": gettext_lazy("Algemene pagina"),
    "accounts": gettext_lazy("Account"),
    "questionnaires": gettext_lazy("Vragenlijsten"),
    "intake": gettext_lazy("Intake en triage"),
    "programme": gettext_lazy("Programma"),
    "workspace": gettext_lazy("Sessies en uitkomsten"),
    "today": gettext_lazy("Vandaag (patiënt)"),
    "diary": gettext_lazy("Check-ins en pijndagboek"),
    "mydata": gettext_lazy("Eigen gegevens"),
    "reports": gettext_lazy("Verslagen"),
    "signoff": gettext_lazy("Klinische teksten"),
    "patients": gettext_lazy("Patiënten"),
    "audit": gettext_lazy("Auditlog"),
}


def register_phrase(pattern: str, words: Callable[[re.Match[str]], str]) -> None:
    """Let an app describe the entries whose ``what`` matches ``pattern``: ``words`` gets
    the match and returns the description. Registering the same pattern again replaces
    the earlier one (a test runner may call an app's ``ready`` twice)."""
    compiled = re.compile(pattern)
    _REGISTERED[:] = [entry for entry in _REGISTERED if entry[0].pattern != pattern]
    _REGISTERED.append((compiled, words))


def _with_action(thing: str, action: str) -> str:
    phrase = ACTION_PHRASES.get(action)
    if phrase is None:
        return thing
    text = str(phrase) % {"thing": thing}
    return text[:1].upper() + text[1:]


def describe(what: str, action: str) -> str:
    """The audit entry ``what`` (with its ``action``) as words for the admin."""
    sentence = SENTENCES.get((what, action))
    if sentence is not None:
        return str(sentence)
    if what in PAGES:
        return _with_action(str(PAGES[what]), action)
    if what in PHRASES:
        return str(PHRASES[what])
    for pattern, words in _REGISTERED:
        if found := pattern.match(what):
            return words(found)
    if found := _PLAN_WEEK.match(what):
        return _("Week %(week)s van het programma gewijzigd") % {"week": found["week"]}
    if _INVITATION.match(what):
        return _("Uitnodiging voor een medewerker verstuurd")
    app, colon, _name = what.partition(":")
    if colon and app in APPS:
        thing = _("%(app)s: andere pagina") % {"app": APPS[app]}
        return _with_action(thing, action)
    return _with_action(_("Andere pagina of handeling"), action)
