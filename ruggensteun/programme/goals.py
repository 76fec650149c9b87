"""The patient's own goals: the activities the patient chose in their PSK (Patiënt
Specifieke Klachten), with how difficult each was, for the therapist to adopt as a goal
of the programme (clinical review 2026-12: "the plan does not use the chosen activities").

Read from the patient's newest submitted PSK (follow-ups keep the first PSK's activities,
so the newest gives the current difficulty). One query.
"""

from dataclasses import dataclass

from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.flow import activity_text
from ruggensteun.questionnaires.models import QuestionnaireResponse

PSK = "psk"


@dataclass(frozen=True)
class PskActivity:
    """One chosen activity: ``id`` is the list's code or the patient's own words."""

    id: str
    difficulty: int | None  # 0 no difficulty - 10 impossible; None when not rated
    response: QuestionnaireResponse

    def name(self, language: str) -> str:
        return activity_text(self.response.definition, self.id, language)


def _link_order(link_id: str) -> tuple[int, str]:
    return (int(link_id), "") if link_id.isdigit() else (10**6, link_id)


def psk_activities(patient: Patient) -> list[PskActivity]:
    """The activities of the newest submitted PSK, in the patient's order; [] without one."""
    response = (
        QuestionnaireResponse.objects.for_patient(patient)
        .submitted()
        .of(PSK)
        .order_by("-submitted_at", "-id")
        .first()
    )
    if response is None:
        return []
    activities = []
    for link_id in sorted(response.activities, key=_link_order):
        value = response.answers.get(link_id)
        activities.append(
            PskActivity(
                id=str(response.activities[link_id]),
                difficulty=value if isinstance(value, int) else None,
                response=response,
            )
        )
    return activities


def find_activity(patient: Patient, activity_id: str) -> PskActivity | None:
    return next((a for a in psk_activities(patient) if a.id == activity_id), None)
