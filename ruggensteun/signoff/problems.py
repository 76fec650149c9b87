"""The core's Dutch reasons for refusing an official-text file, marked for translation
here (makemessages reads only this app). ``tests/signoff`` checks they match the core."""

from django.utils.translation import gettext_noop

REASONS = {
    "too_large": gettext_noop(
        "Het bestand is groter dan %(limit)s MB. Een vragenlijst is veel kleiner: "
        "kies het juiste bestand."
    ),
    "not_text": gettext_noop(
        "Dit bestand is geen tekstbestand (UTF-8). Kies het FHIR-bestand (.json)."
    ),
    "not_json": gettext_noop(
        "Dit bestand is geen geldige JSON (regel %(line)s, teken %(column)s). "
        "Kies het FHIR-bestand (.json) van de vragenlijst."
    ),
    "not_object": gettext_noop(
        "Dit bestand bevat geen FHIR-resource: verwacht wordt één JSON-object."
    ),
    "no_resource_type": gettext_noop(
        "Het bestand noemt geen resourceType. Verwacht wordt een Questionnaire."
    ),
    "wrong_resource_type": gettext_noop("Dit is een FHIR %(found)s, geen Questionnaire."),
    "other_instrument": gettext_noop("Dit bestand is de vragenlijst %(found)s, niet %(expected)s."),
    "no_language": gettext_noop(
        "Het bestand noemt geen taal (Questionnaire.language). Kies de taal bij het inlezen."
    ),
    "unsupported_language": gettext_noop(
        "De taal %(found)s wordt niet ondersteund. Kies Nederlands (nl) of Engels (en)."
    ),
    "language_conflict": gettext_noop("Het bestand is in het %(found)s, maar u koos %(chosen)s."),
    "no_items": gettext_noop(
        "Het bestand bevat geen vragen (Questionnaire.item ontbreekt of is leeg)."
    ),
    "item_not_object": gettext_noop("Een onderdeel van Questionnaire.item is geen JSON-object."),
    "missing_link_id": gettext_noop("Een vraag in het bestand heeft geen linkId."),
    "duplicate_link_id": gettext_noop("Vraag %(link_id)s staat meer dan één keer in het bestand."),
    "unknown_link_id": gettext_noop(
        "Onbekende vraag %(link_id)s: de %(instrument)s heeft de vragen 1 tot en met %(count)s."
    ),
    "item_count": gettext_noop(
        "Het bestand heeft %(found)s vragen; de %(instrument)s heeft er %(expected)s."
    ),
    "missing_item": gettext_noop("Vraag %(link_id)s ontbreekt in het bestand."),
    "missing_text": gettext_noop("Vraag %(link_id)s heeft geen tekst."),
    "missing_display_text": gettext_noop("Het onderdeel %(link_id)s heeft geen tekst."),
    "no_answer_values": gettext_noop(
        "Vraag %(link_id)s heeft geen antwoordwaarden (answerOption, of bij een getal "
        "minValue en maxValue)."
    ),
    "bad_answer_value": gettext_noop(
        "Vraag %(link_id)s: het antwoord %(value)s is geen geheel getal."
    ),
    "answer_values_differ": gettext_noop(
        "Vraag %(link_id)s: de antwoordwaarden %(found)s zijn anders dan de waarden "
        "waarmee de score berekend wordt (%(expected)s)."
    ),
    "missing_option_label": gettext_noop(
        "Vraag %(link_id)s: antwoord %(value)s heeft geen tekst (valueCoding.display)."
    ),
}
