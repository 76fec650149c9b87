"""Demo session notes and discharges, for the ``demo`` command.

The usual 2-4 sessions (programme.md §8) at the usual moments: the intake on the first day,
a review of the exercises a week later, checking and coaching after three weeks and an
evaluation after six. A patient has the sessions whose day has come, and about half of
those who started more than ten weeks ago have been discharged, most after 3 or 4
sessions, some earlier. Deterministic: the same
patients give the same notes; patients who already have notes are left alone.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ruggensteun.intake.models import Intake
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import Programme
from ruggensteun.workspace.models import Discharge, SessionNote

Kind = SessionNote.Kind

# (days after the start, kind): programme.md §8.
SESSIONS = ((0, Kind.INTAKE), (7, Kind.EXERCISE_REVIEW), (21, Kind.COACHING), (42, Kind.EVALUATION))
DISCHARGE_AFTER_LAST_DAYS = 7
DISCHARGE_FROM_DAYS = 70


@dataclass(frozen=True)
class NoteText:
    findings: str
    explanation: str
    agreements: str


INTAKE_BACK = NoteText(
    "Lage rugpijn, geleidelijk ontstaan. Geen rode vlaggen bij navraag. Buigen voorover "
    "beperkt door pijn, neurologisch onderzoek zonder afwijkingen.",
    "Uitgelegd dat rugpijn vaak voorkomt en meestal vanzelf minder wordt; pijn betekent geen "
    "schade en een scan is niet nodig. Advies: blijven bewegen, vaak kort wandelen, geen "
    "bedrust.",
    "Start met het thuisprogramma in de app: elke dag wandelen en de eerste oefeningen. Over "
    "een week terug.",
)
INTAKE_LEG = NoteText(
    "Rugpijn met uitstraling in één been tot onder de knie, erger bij zitten. Kracht en "
    "sensibiliteit intact, reflexen symmetrisch. Geen rode vlaggen.",
    "Uitgelegd dat beenpijn vanuit de rug meestal in weken tot maanden afneemt. Advies: "
    "in beweging blijven binnen wat gaat, houding vaak wisselen. Alarmsignalen besproken: "
    "krachtverlies of problemen met plassen direct melden.",
    "Thuisprogramma met wandelen en een zenuwmobilisatie. Over een week terug; eerder bij "
    "meer krachtverlies.",
)
INTAKE_WORRIED = NoteText(
    "Langer bestaande rugklachten, veel zorgen over schade aan de rug. Vermijdt bukken en "
    "tillen. Onderzoek: geen afwijkingen die op ernstige oorzaak wijzen.",
    "Uitgebreid uitgelegd dat de rug sterk is en dat pijn hier geen teken van schade is. "
    "Samen gekeken naar activiteiten die de patiënt vermijdt.",
    "Programma met vaste hoeveelheden, niet op geleide van pijn. Oefenen met bukken in kleine "
    "stappen. Over een week terug.",
)
REVIEW = (
    NoteText(
        "Oefeningen worden thuis gedaan, vier van de zeven dagen. Wandelt dagelijks ongeveer "
        "tien minuten.",
        "Uitvoering nagelopen; brug met iets minder holle rug. Video van de oefening gemaakt "
        "om thuis terug te kijken.",
        "Wandeldoel stapsgewijs omhoog. Over twee weken terug.",
    ),
    NoteText(
        "Pijn iets minder, slaapt beter. Oefeningen lastig in te passen op werkdagen.",
        "Besproken om de oefeningen aan een vast moment te koppelen, zoals na het tandenpoetsen.",
        "Oefeningen 's ochtends, wandelen in de lunchpauze. Over twee weken terug.",
    ),
)
COACHING = (
    NoteText(
        "Uitvoering goed. Meer activiteiten weer opgepakt, fietst naar het werk.",
        "Gecoacht om actief te blijven, ook op dagen met meer pijn. Opstootplan doorgenomen.",
        "Zelfstandig verder met het programma; evaluatie over drie weken.",
    ),
    NoteText(
        "Vorige week een opstoot na tuinwerk, nu weer op het oude niveau.",
        "Uitgelegd dat een opstoot erbij hoort en geen terugval is. Programma een stap terug en "
        "weer opgebouwd.",
        "Opbouw hervatten; evaluatie over drie weken.",
    ),
)
EVALUATION = (
    NoteText(
        "Pijn duidelijk minder, weer volledig aan het werk. Vragenlijsten laten verbetering zien.",
        "Besproken hoe de patiënt zelf actief blijft en wat te doen bij een nieuwe opstoot.",
        "Geen vervolgafspraak nodig; de patiënt belt zelf als het nodig is.",
    ),
    NoteText(
        "Wisselend beloop; pijn wat minder, maar nog beperkt bij langer zitten.",
        "Doelen bijgesteld: meer nadruk op opbouw van zitten en wandelen.",
        "Nog twee weken zelfstandig oefenen, daarna telefonisch contact.",
    ),
)
# (reason, sessions held, summary); the discharge follows a week after the last session.
DISCHARGES = (
    (
        Discharge.Reason.GOALS_REACHED,
        4,
        "Klachten sterk verminderd, werk en sport hervat. Zelfstandig verder met oefenen en "
        "wandelen; advies bij een nieuwe opstoot besproken.",
    ),
    (
        Discharge.Reason.GOALS_REACHED,
        3,
        "Doelen bereikt na drie sessies: weer fietsen en tuinieren zonder veel pijn. "
        "Thuisprogramma afgebouwd naar twee keer per week.",
    ),
    (
        Discharge.Reason.STOPPED_BY_PATIENT,
        2,
        "Patiënt stopt zelf: klachten voldoende minder om zonder begeleiding verder te gaan.",
    ),
    (
        Discharge.Reason.REFERRED,
        4,
        "Onvoldoende verbetering van de beenpijn na zes weken. Terugverwezen naar de huisarts "
        "voor verder beleid.",
    ),
)


def _intake_text(answers: dict[str, object], number: int) -> NoteText:
    if answers.get("leg_pain") == "below_knee":
        return INTAKE_LEG
    duration = answers.get("duration_weeks")
    if isinstance(duration, int) and duration > 12 and number % 2 == 0:
        return INTAKE_WORRIED
    return INTAKE_BACK


def _text(kind: str, answers: dict[str, object], number: int) -> NoteText:
    if kind == Kind.INTAKE:
        return _intake_text(answers, number)
    choices = {Kind.EXERCISE_REVIEW: REVIEW, Kind.COACHING: COACHING, Kind.EVALUATION: EVALUATION}
    options = choices[Kind(kind)]
    return options[number % len(options)]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def populate_demo(patients: Iterable[Patient], today: date) -> None:
    """Session notes (1-4 by how long ago each patient started) and a few discharges."""
    chosen = sorted(patients, key=lambda patient: patient.pk)
    done = set(SessionNote.objects.filter(patient__in=chosen).values_list("patient_id", flat=True))
    chosen = [patient for patient in chosen if patient.pk not in done]
    answers = dict(Intake.objects.filter(patient__in=chosen).values_list("patient_id", "answers"))
    notes: list[SessionNote] = []
    discharges: list[Discharge] = []
    for number, patient in enumerate(chosen):
        start = timezone.localdate(patient.created_at)
        days = (today - start).days
        discharge = None
        held = [(offset, kind) for offset, kind in SESSIONS if offset <= days]
        if days >= DISCHARGE_FROM_DAYS and number % 2 == 0:
            discharge = DISCHARGES[number // 2 % len(DISCHARGES)]
            held = held[: discharge[1]]
        for offset, kind in held:
            held_on = start + timedelta(days=offset)
            text = _text(kind, answers.get(patient.pk) or {}, number)
            notes.append(
                SessionNote(
                    patient=patient,
                    kind=kind,
                    held_on=held_on,
                    findings=text.findings,
                    explanation=text.explanation,
                    agreements=text.agreements,
                    written_by_id=patient.therapist_id,
                    created_at=_at(held_on, 17),
                )
            )
        if discharge is not None:
            reason, _sessions, summary = discharge
            discharged_on = start + timedelta(days=held[-1][0] + DISCHARGE_AFTER_LAST_DAYS)
            discharges.append(
                Discharge(
                    patient=patient,
                    discharged_on=discharged_on,
                    reason=reason,
                    summary=summary,
                    discharged_by_id=patient.therapist_id,
                    created_at=_at(discharged_on, 17),
                )
            )
    SessionNote.objects.bulk_create(notes)
    Discharge.objects.bulk_create(discharges)
    # As workspace.discharge.close_episode does: the programme ends with the episode.
    for discharge in discharges:
        Programme.objects.running().filter(patient=discharge.patient).update(
            status=Programme.Status.ENDED, ended_at=_at(discharge.discharged_on, 17)
        )
