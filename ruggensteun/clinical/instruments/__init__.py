"""Validated questionnaires: definitions as data, exact scoring, change, and FHIR R4.

- ``scoring``: one scorer per instrument (``score_startback``, ``score_tsk17``, ...).
- ``change``: change between two scores against the minimal important change.
- ``registry``: the bilingual definitions in ``data/`` and ``score_answers`` by linkId.
- ``fhir``: Questionnaire / QuestionnaireResponse / Observation export and ``score_fhir``.

Rules and their sources: shared/clinical/instruments.md.
"""
