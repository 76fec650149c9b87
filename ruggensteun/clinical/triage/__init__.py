"""Triage of low back pain: red flags, classification and stratification (triage.md).

The public interface for the Django apps:

- ``triage(answers, *, startback=None, tsk17=None, fabq=None) -> TriageResult``
- ``triage_checkin(checkin, intake, *, startback=None, tsk17=None, fabq=None) -> TriageResult``
- ``TriageInputError`` (``.field`` names the field), ``RULES``, ``FIELDS``, ``CHECKIN_FIELDS``
- ``load_intake_questions()`` and ``load_texts()`` for the patient-facing wording
"""

from ruggensteun.clinical.triage.checkin import CHECKIN_FIELDS, triage_checkin
from ruggensteun.clinical.triage.engine import FiredRule, TriageResult, triage
from ruggensteun.clinical.triage.fields import FIELDS, TriageInputError
from ruggensteun.clinical.triage.questions import IntakeQuestions, load_intake_questions
from ruggensteun.clinical.triage.rules import RULES, RedFlagRule
from ruggensteun.clinical.triage.stratification import YellowFlag
from ruggensteun.clinical.triage.texts import load_texts

__all__ = [
    "CHECKIN_FIELDS",
    "FIELDS",
    "RULES",
    "FiredRule",
    "IntakeQuestions",
    "RedFlagRule",
    "TriageInputError",
    "TriageResult",
    "YellowFlag",
    "load_intake_questions",
    "load_texts",
    "triage",
    "triage_checkin",
]
