import pytest

from tests import personas


@pytest.fixture
def practice(db):
    return personas.practice("Fysiotherapie Het Anker")


@pytest.fixture
def other_practice(db):
    return personas.practice("Kinepraktijk De Overkant", country="BE")


@pytest.fixture
def therapist(practice):
    return personas.therapist(practice, "Tessa Therapeut")


@pytest.fixture
def admin(practice):
    return personas.admin(practice, "Anton Beheer")


@pytest.fixture
def patient(practice, therapist):
    return personas.patient(practice, therapist, "Petra Patiënt")


@pytest.fixture
def outsider_therapist(other_practice):
    return personas.therapist(other_practice, "Olaf Buitenstaander")


@pytest.fixture
def outsider_admin(other_practice):
    return personas.admin(other_practice, "Odette Buitenbeheer")


@pytest.fixture
def outsider_patient(other_practice, outsider_therapist):
    return personas.patient(other_practice, outsider_therapist, "Otto Overkant")
