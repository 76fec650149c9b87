"""The people of the test suite, built in code: a patient, her therapist, an admin,
and the same roles in another practice."""

from datetime import date

from ruggensteun.accounts.models import Membership, Practice, User
from ruggensteun.mydata.privacy import agree_at_creation
from ruggensteun.patients.models import Patient

PASSWORD = "een-goed-wachtwoord-42"


def _email(name: str) -> str:
    return name.lower().replace(" ", ".").replace("ë", "e") + "@test.example"


def practice(name: str, country: str = "NL") -> Practice:
    return Practice.objects.create(name=name, country=country)


def staff(practice: Practice, name: str, role: str) -> User:
    user = User.objects.create_user(_email(name), PASSWORD, full_name=name)
    Membership.objects.create(user=user, practice=practice, role=role)
    return user


def therapist(practice: Practice, name: str) -> User:
    return staff(practice, name, Membership.Role.THERAPIST)


def admin(practice: Practice, name: str) -> User:
    return staff(practice, name, Membership.Role.ADMIN)


def patient(
    practice: Practice,
    therapist: User,
    name: str,
    *,
    language: str = "nl",
    agreed_to_privacy: bool = True,
) -> Patient:
    """A patient who agreed to the current privacy statement (as after her first login),
    unless ``agreed_to_privacy=False``."""
    user = User.objects.create_user(_email(name), PASSWORD, full_name=name, language=language)
    patient = Patient.objects.create(
        user=user,
        practice=practice,
        therapist=therapist,
        date_of_birth=date(1985, 5, 17),
        sex=Patient.Sex.FEMALE,
    )
    if agreed_to_privacy:
        agree_at_creation(patient)
    return patient
