"""Reactivating a deactivated team member (issue #12): admin only, audited; they get back
what they had (role, clinical lead mark, password, authenticator app), their old sessions
stay ended, handed-over patients stay put, and a therapist is offered for new patients
again."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ruggensteun.accounts.invitations import invite_staff
from ruggensteun.accounts.models import Membership, User
from ruggensteun.accounts.team import successors
from ruggensteun.audit.models import AuditEvent
from ruggensteun.patients.forms import InvitePatientForm
from tests import personas
from tests.accounts.helpers import give_authenticator

pytestmark = pytest.mark.django_db

REACTIVATE = reverse("accounts:reactivate_member")
DEACTIVATE = reverse("accounts:deactivate_member")


def membership_of(user, practice=None):
    memberships = Membership.objects.filter(user=user)
    if practice is not None:
        memberships = memberships.filter(practice=practice)
    return memberships.get()


def deactivated(client, admin, user, successor=None):
    client.force_login(admin)
    data = {"membership": membership_of(user).pk}
    if successor is not None:
        data["successor"] = successor.pk
    assert client.post(DEACTIVATE, data).status_code == 302
    user.refresh_from_db()
    assert user.is_active is False
    return user


def reactivation_events():
    return AuditEvent.objects.filter(what="team: staff member reactivated")


def test_a_reactivated_therapist_logs_in_again_with_what_they_had(
    client, practice, admin, therapist, patient
):
    colleague = personas.therapist(practice, "Cor Collega")
    membership = membership_of(therapist)
    membership.is_clinical_lead = True
    membership.save()
    device = give_authenticator(therapist)
    deactivated(client, admin, therapist, successor=colleague)

    response = client.post(REACTIVATE, {"membership": membership.pk}, follow=True)
    assert "kan weer inloggen" in response.content.decode()
    therapist.refresh_from_db()
    membership.refresh_from_db()
    assert therapist.is_active is True
    assert membership.role == Membership.Role.THERAPIST and membership.is_clinical_lead
    assert therapist.totpdevice_set.filter(pk=device.pk).exists()
    # The patient handed over stays with the colleague.
    patient.refresh_from_db()
    assert patient.therapist == colleague
    # The password still works.
    login = Client().post(
        reverse("accounts:login"), {"username": therapist.email, "password": personas.PASSWORD}
    )
    assert login.status_code == 302
    event = reactivation_events().get()
    assert event.actor == admin and event.practice == practice
    assert event.detail["user_id"] == therapist.pk
    assert AuditEvent.objects.filter(what="team: staff member deactivated").count() == 1


def test_a_reactivated_therapist_is_offered_for_new_patients_again(
    client, practice, admin, therapist
):
    colleague = personas.therapist(practice, "Cor Collega")
    deactivated(client, admin, colleague)

    def offered():
        form = InvitePatientForm(practice=practice)
        return set(form.fields["therapist"].queryset)

    assert colleague not in offered()
    assert colleague not in successors(membership_of(therapist))
    client.post(REACTIVATE, {"membership": membership_of(colleague).pk})
    assert colleague in offered()
    assert colleague in successors(membership_of(therapist))


def test_sessions_from_before_the_deactivation_stay_ended(client, practice, admin):
    colleague = personas.therapist(practice, "Cor Collega")
    theirs = Client()
    theirs.force_login(colleague)
    assert theirs.get(reverse("patients:caseload")).status_code == 200
    deactivated(client, admin, colleague)
    client.post(REACTIVATE, {"membership": membership_of(colleague).pk})
    after = theirs.get(reverse("patients:caseload"))
    assert after.status_code == 302 and after.url.startswith(reverse("accounts:login"))
    assert reactivation_events().get().detail["old_sessions_ended"] == 1
    # The admin's own session is untouched.
    assert client.get(reverse("accounts:team")).status_code == 200


def test_reactivating_twice_changes_and_logs_once(client, practice, admin):
    colleague = personas.therapist(practice, "Cor Collega")
    deactivated(client, admin, colleague)
    client.post(REACTIVATE, {"membership": membership_of(colleague).pk})
    again = client.post(REACTIVATE, {"membership": membership_of(colleague).pk}, follow=True)
    assert "Deze collega is al actief." in again.content.decode()
    assert reactivation_events().count() == 1


def test_a_withdrawn_invitation_is_not_reactivated_but_invited_again(client, practice, admin):
    invite_staff(
        practice=practice,
        full_name="Ivo Uitgenodigd",
        email="ivo@test.example",
        role="therapist",
        language="nl",
        invited_by=admin,
    )
    invitee = User.objects.get(email="ivo@test.example")
    invitee.is_active = False  # as a withdrawal leaves an account it could not delete
    invitee.save()
    client.force_login(admin)
    response = client.post(REACTIVATE, {"membership": membership_of(invitee).pk}, follow=True)
    assert "Nodig deze collega opnieuw uit." in response.content.decode()
    invitee.refresh_from_db()
    assert invitee.is_active is False
    assert not reactivation_events().exists()


def test_a_member_of_two_practices_is_not_reactivated_here(client, practice, other_practice, admin):
    both = personas.therapist(practice, "Bo Beide")
    Membership.objects.create(user=both, practice=other_practice, role="therapist")
    both.is_active = False
    both.save()
    client.force_login(admin)
    response = client.post(
        REACTIVATE, {"membership": membership_of(both, practice).pk}, follow=True
    )
    assert "ook in een andere praktijk" in response.content.decode()
    both.refresh_from_db()
    assert both.is_active is False


def test_only_the_practices_admin_reactivates(client, practice, admin, therapist, outsider_admin):
    colleague = personas.therapist(practice, "Cor Collega")
    deactivated(client, admin, colleague)
    data = {"membership": membership_of(colleague).pk}
    client.force_login(therapist)
    assert client.post(REACTIVATE, data).status_code == 403
    client.force_login(outsider_admin)
    assert client.post(REACTIVATE, data).status_code == 404
    colleague.refresh_from_db()
    assert colleague.is_active is False
    client.force_login(admin)
    assert client.get(REACTIVATE).status_code == 405
    assert client.post(REACTIVATE, {"membership": "abc"}).status_code == 302
    assert not reactivation_events().exists()


def test_the_team_page_offers_reactivation_only_for_a_deactivated_member(
    client, practice, admin, therapist
):
    colleague = personas.therapist(practice, "Cor Collega")
    deactivated(client, admin, colleague)
    page = client.get(reverse("accounts:team")).content.decode()
    forms = re.findall(rf'action="{REACTIVATE}">(.*?)</form>', page, re.S)
    assert len(forms) == 1
    assert f'name="membership" value="{membership_of(colleague).pk}"' in forms[0]
    assert page.count("<h1") == 1
