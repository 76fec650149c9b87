import pytest
import time_machine

from tests import personas
from tests.clock import NOW


@pytest.fixture(autouse=True)
def fixed_clock(request):
    """Every test but the browser tests runs at tests.clock.NOW, the clock ticking on."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(NOW, tick=True):
        yield


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


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "real_two_factor: staff log in with the real second factor (no force_login shortcut)",
    )


@pytest.fixture(autouse=True)
def kept_folder(settings, tmp_path):
    """Each test keeps its PDFs (and their orders) and made exports in a folder of its own:
    a PDF kept by another test with the same content would otherwise be served at once."""
    settings.KEPT_FILES_DIR = tmp_path / "kept"
    return tmp_path / "kept" / "pdf"


@pytest.fixture(autouse=True)
def staff_logins_pass_the_second_factor(request, monkeypatch):
    """``client.force_login`` (and ``client.login``) give staff a fully authenticated
    session: password and second factor, as after a real login.

    Staff must pass two-factor authentication before they see any patient data or staff
    page (ruggensteun.accounts.two_factor). Most tests are about those pages, not about
    logging in, so they keep logging staff in with ``force_login``. Tests of the real flow
    are marked ``@pytest.mark.real_two_factor``, which turns this shortcut off.
    """
    if request.node.get_closest_marker("real_two_factor"):
        return
    from django.test.client import ClientMixin

    from tests.accounts.helpers import pass_second_factor

    password_only = ClientMixin._login

    def _login(client, user, backend=None):
        password_only(client, user, backend)
        pass_second_factor(client, user)

    monkeypatch.setattr(ClientMixin, "_login", _login)
