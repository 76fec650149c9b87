from datetime import date

from django.db import transaction

from ruggensteun.accounts.invitations import existing_account, send_invitation_email
from ruggensteun.accounts.models import Invitation, Practice, User
from ruggensteun.audit.log import Action, record
from ruggensteun.patients.models import Patient


@transaction.atomic
def invite_patient(
    *,
    practice: Practice,
    therapist: User,
    full_name: str,
    email: str,
    date_of_birth: date,
    sex: str,
    language: str,
    invited_by: User,
    phone: str = "",
) -> Patient | None:
    """Create the patient and their account, and e-mail a link to set a password.

    None when the address already has an account: nothing is made, and its owner gets an
    e-mail instead (issue #11, finding 10); the caller answers as if it were invited."""
    if existing_account(email, practice) is not None:
        return None
    user = User.objects.create_user(email, None, full_name=full_name, language=language)
    patient = Patient.objects.create(
        user=user,
        practice=practice,
        therapist=therapist,
        date_of_birth=date_of_birth,
        sex=sex,
        phone=phone,
    )
    invitation, token = Invitation.issue(
        user=user, practice=practice, kind=Invitation.Kind.PATIENT, invited_by=invited_by
    )
    record(invited_by, Action.CREATE, "patient invited", patient=patient)
    transaction.on_commit(lambda: send_invitation_email(invitation, token))
    return patient
