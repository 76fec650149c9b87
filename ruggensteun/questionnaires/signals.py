"""Signals other apps can listen to, so this app needs to know nothing about them.

``response_submitted`` (sender: QuestionnaireResponse, ``response``): sent once, right
after a patient submitted a questionnaire (e.g. for triage to look again at a new
STarT Back, TSK-17 or FABQ).
"""

from django.dispatch import Signal

response_submitted = Signal()
