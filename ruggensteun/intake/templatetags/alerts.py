from django import template

from ruggensteun.intake.forms import DEFAULT_PATIENT_MESSAGES

register = template.Library()


@register.simple_tag
def default_patient_messages() -> dict[str, str]:
    """What the patient is told by default, by what the therapist did (in the page's
    language): ``{% default_patient_messages as defaults %}``."""
    return {action: str(message) for action, message in DEFAULT_PATIENT_MESSAGES.items()}
