"""The triage in a physiotherapist's words (issue #12): what a red-flag rule is called, why
it exists (which guideline, what it checks), the answers it read, the yellow flags'
evidence and the classification. One table each; the triage page, the alerts, the patient
page's timeline, the check-in list and the audit log all read them from here.

The clinical core keeps the rules, their ids and their sources (``clinical/triage``); the
therapist's one-line reason per rule is in its ``texts.json``. What is added here is only
wording for the screen. An id or value without an entry is still shown in words ("another
red flag", "not answered"), never as the code.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.triage.texts import load_texts
from ruggensteun.intake.forms import DURATION_CLASSES, PAIN_TYPES, PATHWAYS
from ruggensteun.questionnaires.results import RISK_LABELS

# --- the red-flag rules (clinical/triage/rules.py, triage.md §2) --------------------------

RULE_NAMES: Mapping[str, Promise] = {
    "CES": gettext_lazy("Mogelijk caudasyndroom"),
    "CES_BILATERAL": gettext_lazy("Mogelijk caudasyndroom: klachten in beide benen"),
    "AAA": gettext_lazy("Mogelijk gescheurd aneurysma van de buikaorta"),
    "SUDDEN_SEVERE": gettext_lazy("Plotselinge, hevige, constante pijn"),
    "PARESIS": gettext_lazy("Ernstig of toenemend krachtverlies in het been"),
    "OPIOID_RESISTANT": gettext_lazy("Beenpijn die niet reageert op sterke pijnstillers"),
    "INFECTION": gettext_lazy("Mogelijk infectie van de wervelkolom (koorts)"),
    "FRACTURE_MAJOR": gettext_lazy("Mogelijk wervelfractuur na een ongeluk of val"),
    "INFECTION_RISK": gettext_lazy("Verhoogd risico op een infectie van de wervelkolom"),
    "MALIGNANCY": gettext_lazy("Mogelijk maligniteit"),
    "AGE": gettext_lazy("Nieuwe rugpijn onder de 20 of boven de 50 jaar"),
    "FRACTURE_OSTEO": gettext_lazy("Mogelijk osteoporotische wervelfractuur"),
    "NO_RECOVERY": gettext_lazy("Herstelt niet zoals verwacht"),
    "PREGNANCY": gettext_lazy("Zwanger"),
    "AXSPA": gettext_lazy("Mogelijk axiale spondyloartritis"),
    "STENOSIS": gettext_lazy("Mogelijk lumbale wervelkanaalstenose"),
}

# The guidelines, as a physiotherapist knows them by name.
_NHG_M54 = gettext_lazy("NHG-Standaard Aspecifieke lagerugpijn (2017)")
_NHG_M55 = gettext_lazy("NHG-Standaard Lumbosacraal radiculair syndroom")
_CKS = gettext_lazy("de Britse NICE-samenvatting voor huisartsen over lage rugpijn (CKS)")
_KNGF_2013 = gettext_lazy("KNGF-richtlijn Lage rugpijn (2013)")
_KNGF_2021 = gettext_lazy("KNGF-richtlijn Lage rugpijn en lumbosacraal radiculair syndroom (2021)")
_NICE_NG65 = gettext_lazy("de Britse NICE-richtlijn voor spondyloartritis (NG65)")
_OWN = gettext_lazy("een eigen, voorzichtige keuze van Ruggensteun (geen richtlijn)")

# Per rule: what it checks, in words, and where it comes from. The sources are those the
# rule names beside it in clinical/triage/rules.py.
RULE_WHY: Mapping[str, tuple[Promise, tuple[Promise, ...]]] = {
    "CES": (
        gettext_lazy(
            "Een doof gevoel rond de anus of de geslachtsdelen, niet kunnen plassen of "
            "ongemerkt urine verliezen, of ontlasting niet kunnen ophouden. Eén van de drie "
            "is genoeg: verwijs met spoed."
        ),
        (_NHG_M54, _NHG_M55),
    ),
    "CES_BILATERAL": (
        gettext_lazy(
            "Pijn of klachten in beide benen, samen met tintelingen, een doof gevoel of "
            "krachtverlies. Uitval in beide benen kan het begin van een caudasyndroom zijn."
        ),
        (_NHG_M55,),
    ),
    "AAA": (
        gettext_lazy(
            "Plotseling heel erge, constante pijn in rug of buik, bij iemand ouder dan 40 of "
            "met een bekend aneurysma van de buikaorta. De patiënt belt 112."
        ),
        (_NHG_M54,),
    ),
    "SUDDEN_SEVERE": (
        gettext_lazy(
            "Plotseling heel erge, constante pijn in rug of buik, op elke leeftijd. Het "
            "zelfmanagement start dan niet. Past de regel voor een aneurysma, dan telt alleen "
            "die."
        ),
        (_OWN,),
    ),
    "PARESIS": (
        gettext_lazy(
            "Veel krachtverlies in been of voet, of een been dat steeds zwakker wordt. De "
            "richtlijn zegt: direct verwijzen."
        ),
        (_NHG_M55,),
    ),
    "OPIOID_RESISTANT": (
        gettext_lazy(
            "Uitstralende beenpijn die zelfs met sterke pijnstillers niet minder wordt. De "
            "richtlijn zegt: direct verwijzen."
        ),
        (_NHG_M55,),
    ),
    "INFECTION": (
        gettext_lazy(
            "Koorts, koude rillingen of erg ziek zijn bij rugpijn. Dat kan wijzen op een "
            "infectie van de wervelkolom: de huisarts kijkt dezelfde dag."
        ),
        (_CKS,),
    ),
    "FRACTURE_MAJOR": (
        gettext_lazy(
            "Rugpijn die begon na een flinke klap (een val van hoogte, een verkeersongeluk), "
            "of een val of ongeluk sinds de vorige check-in."
        ),
        (_CKS,),
    ),
    "INFECTION_RISK": (
        gettext_lazy(
            "Een minder goede afweer, drugs spuiten, een recente ernstige infectie, of een "
            "operatie of injectie in de rug in de afgelopen 3 maanden, zonder koorts. Met "
            "koorts geldt de regel voor een infectie."
        ),
        (_CKS, _NHG_M55),
    ),
    "MALIGNANCY": (
        gettext_lazy(
            "Kanker in de voorgeschiedenis, onbedoeld afvallen, of pijn in rust en 's nachts "
            "die in geen enkele houding minder wordt. Eén is genoeg."
        ),
        (_CKS, _KNGF_2013),
    ),
    "AGE": (
        gettext_lazy(
            "Een eerste periode van rugpijn boven de 50 jaar, of rugpijn onder de 20. Alleen "
            "zegt dit weinig: bespreek het bij de volgende afspraak en let op andere signalen."
        ),
        (_CKS, _KNGF_2021),
    ),
    "FRACTURE_OSTEO": (
        gettext_lazy(
            "Botontkalking of langdurig prednison (of een vergelijkbaar middel), samen met "
            "een kleine val of tillen, of een leeftijd boven de 60."
        ),
        (_CKS, _KNGF_2013),
    ),
    "NO_RECOVERY": (
        gettext_lazy(
            "Na minstens 3 weken programma is de pijn niet 2 punten lager dan bij de intake, "
            "bij klachten die bij de intake hooguit 6 weken bestonden, en de patiënt zei niet "
            "dat het veel beter gaat. Geen rode vlag: kijk naar factoren voor een langdurig "
            "beloop. De richtlijn raadt aan na 3 tot 4 weken te evalueren."
        ),
        (_NHG_M54,),
    ),
    "PREGNANCY": (
        gettext_lazy(
            "De patiënt is zwanger. Geen rode vlag: het programma houdt rekening met rug- of "
            "bekkenpijn bij zwangerschap."
        ),
        (_OWN,),
    ),
    "AXSPA": (
        gettext_lazy(
            "Rugpijn die begon voor het 45e jaar en langer dan 3 maanden duurt, met minstens "
            "4 kenmerken: begin voor het 35e jaar, wakker in de tweede helft van de nacht, "
            "wisselende bilpijn, beter bij bewegen, goed effect van een ontstekingsremmer, "
            "een verwante ziekte (ook in de familie), ochtendstijfheid langer dan 30 minuten. "
            "Overweeg verwijzing naar de reumatoloog."
        ),
        (_NICE_NG65, _KNGF_2013),
    ),
    "STENOSIS": (
        gettext_lazy(
            "Pijn in de benen bij lopen die minder wordt bij zitten of voorover buigen, bij "
            "iemand ouder dan 50 (neurogene claudicatio)."
        ),
        (_NHG_M55,),
    ),
}


def rule_name(rule_id: str) -> str:
    """The red flag in words ("Mogelijk caudasyndroom"); an unknown id stays words too."""
    name = RULE_NAMES.get(rule_id)
    return str(name) if name is not None else _("Andere rode vlag")


def rule_checks(rule_id: str) -> str:
    """What the rule checks, in words ("" for an unknown rule)."""
    found = RULE_WHY.get(rule_id)
    return str(found[0]) if found else ""


def rule_sources(rule_id: str) -> str:
    """The guidelines behind the rule, by name ("" for an unknown rule)."""
    found = RULE_WHY.get(rule_id)
    return join_words(str(source) for source in found[1]) if found else ""


def join_words(parts: Iterable[str]) -> str:
    """ "a", "a en b", "a, b en c"."""
    items = [part for part in parts if part]
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


# --- the answers a rule read (clinical/triage/fields.py, triage.md §1) --------------------

FIELD_LABELS: Mapping[str, Promise] = {
    "age": gettext_lazy("Leeftijd"),
    "sex": gettext_lazy("Geslacht"),
    "duration_weeks": gettext_lazy("Duur van deze periode"),
    "recurrent": gettext_lazy("Rugpijn komt vaak terug"),
    "leg_pain": gettext_lazy("Uitstraling naar het been"),
    "leg_pain_sides": gettext_lazy("Pijn in"),
    "both_legs_symptoms": gettext_lazy("Klachten in beide benen"),
    "leg_pain_worse_than_back": gettext_lazy("Beenpijn erger dan rugpijn"),
    "leg_tingling_numbness": gettext_lazy("Tintelingen of doof gevoel in been of voet"),
    "leg_weakness": gettext_lazy("Kracht in been of voet"),
    "weakness_worsening": gettext_lazy("Been of voet wordt steeds zwakker"),
    "pain_cough_sneeze": gettext_lazy("Beenpijn erger bij hoesten, niezen of persen"),
    "saddle_numbness": gettext_lazy("Doof gevoel rond anus of geslachtsdelen"),
    "bladder_problems": gettext_lazy("Niet kunnen plassen of ongemerkt urineverlies"),
    "bowel_incontinence": gettext_lazy("Ontlasting niet kunnen ophouden"),
    "recent_spinal_procedure": gettext_lazy("Operatie of injectie in de rug (3 maanden)"),
    "sudden_severe_constant_pain": gettext_lazy("Plotseling heel erge pijn in rug of buik"),
    "known_aortic_aneurysm": gettext_lazy("Bekend aneurysma van de buikaorta"),
    "fever": gettext_lazy("Koorts, koude rillingen of erg ziek"),
    "infection_risk": gettext_lazy("Minder afweer, drugs spuiten of recente infectie"),
    "history_of_cancer": gettext_lazy("Ooit kanker gehad"),
    "weight_loss": gettext_lazy("Onbedoeld afgevallen"),
    "constant_night_pain": gettext_lazy("Pijn in rust en 's nachts, in elke houding"),
    "major_trauma": gettext_lazy("Begon na een flinke klap of val"),
    "new_trauma": gettext_lazy("Gevallen of ongeluk sinds de vorige check-in"),
    "minor_trauma": gettext_lazy("Begon na een kleine val of tillen"),
    "osteoporosis_or_steroids": gettext_lazy("Botontkalking of langdurig prednison"),
    "pregnant": gettext_lazy("Zwanger"),
    "painkillers_no_relief": gettext_lazy("Sterke pijnstillers helpen niet"),
    "morning_stiffness_30min": gettext_lazy("Ochtendstijfheid langer dan een half uur"),
    "wakes_second_half_night": gettext_lazy("Wakker van pijn in de tweede helft van de nacht"),
    "better_with_movement": gettext_lazy("Beter bij bewegen, niet bij rust"),
    "alternating_buttock_pain": gettext_lazy("Wisselende bilpijn"),
    "nsaid_good_response": gettext_lazy("Goed effect van een ontstekingsremmer"),
    "spa_related_history": gettext_lazy("Verwante ziekte (ook in de familie)"),
    "walking_leg_pain_eased_by_sitting": gettext_lazy(
        "Beenpijn bij lopen, minder bij zitten of bukken"
    ),
    "recovery_expectation": gettext_lazy("Herstelverwachting"),
    "nprs": gettext_lazy("Pijn bij de intake"),
    "nprs_weekly": gettext_lazy("Pijn per week sinds de start"),
    "gpe_improved": gettext_lazy("Zei dat het veel beter gaat"),
    "work_status": gettext_lazy("Werk"),
    "work_physical_load": gettext_lazy("Belasting op het werk"),
}

CHOICE_WORDS: Mapping[str, Mapping[str, Promise]] = {
    "sex": {
        "female": gettext_lazy("vrouw"),
        "male": gettext_lazy("man"),
        "other": gettext_lazy("anders"),
    },
    "leg_pain": {
        "none": gettext_lazy("nee, alleen rugpijn"),
        "buttock_thigh": gettext_lazy("tot in bil of bovenbeen"),
        "below_knee": gettext_lazy("tot onder de knie"),
    },
    "leg_pain_sides": {
        "one": gettext_lazy("één been"),
        "both": gettext_lazy("beide benen"),
    },
    "leg_weakness": {
        "none": gettext_lazy("normaal"),
        "some": gettext_lazy("wat minder kracht"),
        "severe": gettext_lazy("veel minder kracht"),
    },
    "work_status": {
        "working": gettext_lazy("werkt"),
        "sick_leave": gettext_lazy("ziekgemeld"),
        "not_employed": gettext_lazy("geen betaald werk"),
        "retired": gettext_lazy("met pensioen"),
        "student": gettext_lazy("op school of studeert"),
    },
    "work_physical_load": {
        "sedentary": gettext_lazy("vooral zittend"),
        "light": gettext_lazy("licht"),
        "moderate": gettext_lazy("middelzwaar"),
        "heavy": gettext_lazy("zwaar lichamelijk werk"),
    },
}


def field_label(name: str) -> str:
    """The intake question in a few words; an unknown name reads as "another question"."""
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else _("Andere vraag")


def value_words(name: str, value: Any) -> str:
    """An answer in words: ja/nee, the choice in words, a number with its unit."""
    if value is None:
        return _("niet beantwoord")
    if value is True:
        return _("ja")
    if value is False:
        return _("nee")
    if isinstance(value, list | tuple):
        return ", ".join(value_words(name, item) for item in value) or _("nog geen")
    if name in CHOICE_WORDS:
        word = CHOICE_WORDS[name].get(str(value))
        return str(word) if word is not None else _("ander antwoord")
    if name == "age":
        return _("%(value)s jaar") % {"value": value}
    if name == "duration_weeks":
        return _("%(value)s weken") % {"value": value}
    if name in ("nprs", "recovery_expectation"):
        return _("%(value)s van 10") % {"value": value}
    return str(value)


def answer_line(name: str, value: Any) -> str:
    """ "Pijn in: beide benen" for one answer a rule read."""
    return _("%(question)s: %(answer)s") % {
        "question": field_label(name),
        "answer": value_words(name, value),
    }


def answer_lines(answers: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> list[str]:
    items = answers.items() if isinstance(answers, Mapping) else answers
    return [answer_line(name, value) for name, value in items]


# --- the yellow flags' evidence (clinical/triage/stratification.py, triage.md §4) ---------

# Keele STarT Back items 5-8, shortened (the therapist knows the questionnaire).
_STARTBACK_ITEMS = {
    5: gettext_lazy("bewegen voelt niet veilig"),
    6: gettext_lazy("maakt zich vaak zorgen"),
    7: gettext_lazy("denkt dat de pijn nooit beter wordt"),
    8: gettext_lazy("heeft nergens meer plezier in"),
}


def evidence_words(name: str, value: Any) -> str:
    """One value that raised a yellow flag, in words ("FABQ lichamelijke activiteit: 21")."""
    if name.startswith("startback_item_"):
        number = int(name.rsplit("_", 1)[1]) if name.rsplit("_", 1)[1].isdigit() else 0
        about = _STARTBACK_ITEMS.get(number)
        agreed = _("eens") if value == 1 else _("oneens")
        if about is None:
            return _("STarT Back: %(answer)s") % {"answer": agreed}
        return _("STarT Back vraag %(number)s (%(about)s): %(answer)s") % {
            "number": number,
            "about": about,
            "answer": agreed,
        }
    scores = {
        "tsk17_total": _("TSK-17 totaal %(value)s (hoog: meer dan 37)"),
        "fabq_pa": _("FABQ lichamelijke activiteit %(value)s (hoog: meer dan 14)"),
        "fabq_w": _("FABQ werk %(value)s (hoog: meer dan 34)"),
    }
    if name in scores:
        return scores[name] % {"value": value}
    return answer_line(name, value)


def yellow_flag_line(flag: Mapping[str, Any]) -> str:
    """A stored yellow flag ({"id": ..., "values": [[name, value], ...]}) in words; its name
    comes from the triage texts (texts.json)."""
    name = load_texts().yellow_flags.get(str(flag.get("id")))
    evidence = "; ".join(evidence_words(str(pair[0]), pair[1]) for pair in flag.get("values", ()))
    title = text(name, get_language() or "nl") if name else _("Andere gele vlag")
    return f"{title} ({evidence})" if evidence else title


# --- the classification (triage.md §3 and §4) ---------------------------------------------

_CLASSIFICATION: Mapping[str, Mapping[str, Any]] = {
    "duration_class": dict(DURATION_CLASSES),
    "pain_type": dict(PAIN_TYPES),
    "pathway": dict(PATHWAYS),
    "startback_risk": {key: label for key, (label, _tone) in RISK_LABELS.items()},
}
CLASSIFICATION_NAMES: Mapping[str, Promise] = {
    "duration_class": gettext_lazy("Duur"),
    "pain_type": gettext_lazy("Soort pijn"),
    "pathway": gettext_lazy("Zorgpad"),
    "startback_risk": gettext_lazy("STarT Back"),
}
NOTHING = "\u2013"  # an en dash: no value


def classification_words(kind: str, value: str | None) -> str:
    """A classification value in words ("oefentherapie" for the pathway ``exercise``)."""
    if not value:
        return NOTHING
    word = _CLASSIFICATION.get(kind, {}).get(value)
    return str(word) if word is not None else _("onbekend")


def classification_name(kind: str) -> str:
    name = CLASSIFICATION_NAMES.get(kind)
    return str(name) if name is not None else _("Classificatie")


# The audit log's entry for a handled alert ("red flag CES handled", written by
# views/therapist.py), in words; registered with the audit log in IntakeConfig.ready.
AUDIT_RED_FLAG_HANDLED = r"^red flag (?P<rule>\w+) handled$"


def audit_red_flag_handled(found: re.Match[str]) -> str:
    """ "Rode vlag afgehandeld: Mogelijk caudasyndroom" for the admin's audit log."""
    return _("Rode vlag afgehandeld: %(rule)s") % {"rule": rule_name(found["rule"])}
