"""The team page (issue #12): deactivate a member, change a role, send an open staff
invitation again or withdraw it. Only the practice's admins; another practice's member is
a 404; every change is in the audit log."""

import pytest
from django.core import mail
from django.urls import reverse

from ruggensteun.accounts.invitations import invite_staff
from ruggensteun.accounts.models import Invitation, Membership, User
from ruggensteun.audit.models import AuditEvent
from ruggensteun.patients.models import Patient
from tests import personas

pytestmark = pytest.mark.django_db


def membership_of(user):
    return Membership.objects.get(user=user)


def invited(practice, admin, name="Ivo Uitgenodigd", role="therapist"):
    invite_staff(
        practice=practice,
        full_name=name,
        email=name.lower().replace(" ", ".") + "@test.example",
        role=role,
        language="nl",
        invited_by=admin,
    )
    return User.objects.get(full_name=name)


def audit_whats(admin):
    return list(AuditEvent.objects.filter(actor=admin).values_list("what", flat=True))


# --- Deactivating ------------------------------------------------------------------------


def test_deactivating_a_therapist_moves_their_patients_ends_their_session_and_login(
    client, practice, admin, therapist, patient
):
    colleague = personas.therapist(practice, "Cor Collega")
    theirs = client.__class__()
    theirs.force_login(therapist)
    assert theirs.get(reverse("patients:caseload")).status_code == 200

    client.force_login(admin)
    page = client.get(reverse("accounts:deactivate_member"), {"lid": membership_of(therapist).pk})
    assert page.status_code == 200
    assert "Cor Collega" in page.content.decode()
    response = client.post(
        reverse("accounts:deactivate_member"),
        {"membership": membership_of(therapist).pk, "successor": colleague.pk},
    )
    assert response.status_code == 302

    therapist.refresh_from_db()
    patient.refresh_from_db()
    assert therapist.is_active is False
    assert patient.therapist == colleague
    assert patient.practice == practice  # the patient stays with the practice
    # The open session ends at once: the next page sends them to the login.
    after = theirs.get(reverse("patients:caseload"))
    assert after.status_code == 302 and after.url.startswith(reverse("accounts:login"))
    # And they cannot log in again.
    login = client.__class__().post(
        reverse("accounts:login"), {"username": therapist.email, "password": personas.PASSWORD}
    )
    assert login.status_code == 200
    assert "_auth_user_id" not in login.wsgi_request.session
    whats = audit_whats(admin)
    assert "team: staff member deactivated" in whats
    moved = AuditEvent.objects.filter(
        what="team: patients moved to another therapist", patient=patient
    )
    assert moved.count() == 1


def test_a_therapist_with_patients_is_not_deactivated_without_a_colleague_to_take_over(
    client, practice, admin, therapist, patient
):
    personas.therapist(practice, "Cor Collega")
    client.force_login(admin)
    response = client.post(
        reverse("accounts:deactivate_member"), {"membership": membership_of(therapist).pk}
    )
    assert response.status_code == 400
    assert "Kies een collega die de patiënten" in response.content.decode()
    therapist.refresh_from_db()
    assert therapist.is_active is True
    assert Patient.objects.get(pk=patient.pk).therapist == therapist


def test_the_only_therapist_with_patients_cannot_be_deactivated(client, admin, therapist, patient):
    client.force_login(admin)
    page = client.get(reverse("accounts:deactivate_member"), {"lid": membership_of(therapist).pk})
    assert "Nodig eerst een collega uit" in page.content.decode()
    response = client.post(
        reverse("accounts:deactivate_member"),
        {"membership": membership_of(therapist).pk, "successor": admin.pk},
    )
    assert response.status_code == 400
    therapist.refresh_from_db()
    assert therapist.is_active is True


def test_a_therapist_without_patients_is_deactivated_without_a_choice(client, practice, admin):
    idle = personas.therapist(practice, "Ida Zonder")
    client.force_login(admin)
    response = client.post(
        reverse("accounts:deactivate_member"), {"membership": membership_of(idle).pk}
    )
    assert response.status_code == 302
    idle.refresh_from_db()
    assert idle.is_active is False
    assert "gedeactiveerd" in client.get(reverse("accounts:team")).content.decode()


def test_an_admin_cannot_deactivate_themself(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("accounts:deactivate_member"), {"membership": membership_of(admin).pk}
    )
    assert response.status_code == 400
    assert "U kunt uzelf niet deactiveren." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active is True


def test_a_member_who_also_works_elsewhere_is_not_deactivated(
    client, practice, other_practice, admin
):
    both = personas.therapist(practice, "Bo Beide")
    Membership.objects.create(user=both, practice=other_practice, role="therapist")
    client.force_login(admin)
    response = client.post(
        reverse("accounts:deactivate_member"),
        {"membership": Membership.objects.get(user=both, practice=practice).pk},
    )
    assert response.status_code == 400
    both.refresh_from_db()
    assert both.is_active is True


# --- Roles ---------------------------------------------------------------------------------


def test_an_admin_makes_a_therapist_admin_and_back(client, admin, therapist):
    client.force_login(admin)
    url = reverse("accounts:change_member_role")
    client.post(url, {"membership": membership_of(therapist).pk, "role": "admin"})
    assert membership_of(therapist).role == "admin"
    client.post(url, {"membership": membership_of(therapist).pk, "role": "therapist"})
    assert membership_of(therapist).role == "therapist"
    changes = AuditEvent.objects.filter(actor=admin, what="team: role changed")
    assert [event.detail["to"] for event in changes.order_by("id")] == ["admin", "therapist"]


def test_the_last_admin_cannot_stop_being_admin(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("accounts:change_member_role"),
        {"membership": membership_of(admin).pk, "role": "therapist"},
        follow=True,
    )
    assert membership_of(admin).role == "admin"
    assert "altijd een beheerder nodig" in response.content.decode()


def test_a_deactivated_admin_does_not_count_as_the_practice_admin(client, practice, admin):
    gone = personas.admin(practice, "Gerda Weg")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    client.force_login(admin)
    client.post(
        reverse("accounts:change_member_role"),
        {"membership": membership_of(admin).pk, "role": "therapist"},
    )
    assert membership_of(admin).role == "admin"


def test_with_a_second_admin_an_admin_may_become_therapist_and_lands_at_home(
    client, practice, admin
):
    personas.admin(practice, "Bea Tweede")
    client.force_login(admin)
    response = client.post(
        reverse("accounts:change_member_role"),
        {"membership": membership_of(admin).pk, "role": "therapist"},
    )
    assert membership_of(admin).role == "therapist"
    assert response.url == reverse("web:home")


# --- Invitations ---------------------------------------------------------------------------


def test_resending_an_invitation_sends_a_new_link_and_stops_the_old_one(
    client, practice, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = invited(practice, admin)
    first = Invitation.objects.get(user=newcomer)
    mail.outbox.clear()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:resend_staff_invitation"),
            {"membership": membership_of(newcomer).pk},
        )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert Invitation.objects.open().filter(user=newcomer).count() == 1
    assert [message.to for message in mail.outbox] == [[newcomer.email]]
    assert "team: invitation sent again" in audit_whats(admin)


def test_an_accepted_invitation_is_not_sent_again(client, admin, therapist):
    client.force_login(admin)
    client.post(
        reverse("accounts:resend_staff_invitation"), {"membership": membership_of(therapist).pk}
    )
    assert mail.outbox == []
    assert not Invitation.objects.filter(user=therapist).exists()


def test_withdrawing_an_invitation_removes_the_unused_account_and_logs_it(client, practice, admin):
    newcomer = invited(practice, admin)
    invitation = Invitation.objects.get(user=newcomer)
    client.force_login(admin)
    page = client.get(reverse("accounts:team")).content.decode()
    assert "Uitnodiging intrekken" in page
    client.post(
        reverse("accounts:withdraw_staff_invitation"), {"membership": membership_of(newcomer).pk}
    )
    assert not User.objects.filter(pk=newcomer.pk).exists()
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    withdrawn = AuditEvent.objects.get(what="team: invitation withdrawn")
    assert withdrawn.detail["user_id"] == newcomer.pk
    assert withdrawn.actor == admin


def test_an_accepted_invitation_cannot_be_withdrawn(client, admin, therapist):
    client.force_login(admin)
    client.post(
        reverse("accounts:withdraw_staff_invitation"), {"membership": membership_of(therapist).pk}
    )
    therapist.refresh_from_db()
    assert therapist.is_active is True


# --- Who may -------------------------------------------------------------------------------

ACTIONS = [
    ("accounts:deactivate_member", {}),
    ("accounts:change_member_role", {"role": "admin"}),
    ("accounts:resend_staff_invitation", {}),
    ("accounts:withdraw_staff_invitation", {}),
]


@pytest.mark.parametrize(("name", "extra"), ACTIONS)
def test_a_therapist_is_refused_with_403(client, admin, therapist, name, extra):
    client.force_login(therapist)
    target = membership_of(admin)
    response = client.post(reverse(name), {"membership": target.pk, **extra})
    assert response.status_code == 403
    assert membership_of(admin).role == "admin"
    assert User.objects.get(pk=admin.pk).is_active


@pytest.mark.parametrize(("name", "extra"), ACTIONS)
def test_another_practices_member_is_a_404(client, admin, outsider_therapist, name, extra):
    client.force_login(admin)
    target = membership_of(outsider_therapist)
    response = client.post(reverse(name), {"membership": target.pk, **extra})
    assert response.status_code == 404
    outsider_therapist.refresh_from_db()
    assert outsider_therapist.is_active is True
    assert membership_of(outsider_therapist).role == "therapist"


def test_the_confirm_page_of_another_practices_member_is_a_404(client, admin, outsider_therapist):
    client.force_login(admin)
    response = client.get(
        reverse("accounts:deactivate_member"), {"lid": membership_of(outsider_therapist).pk}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["٣", "²", "-1", "99999999999999999999", "abc", ""])
def test_a_hostile_member_number_is_a_clear_answer_not_a_500(client, admin, value):
    client.force_login(admin)
    response = client.post(
        reverse("accounts:change_member_role"), {"membership": value, "role": "therapist"}
    )
    assert response.status_code == 302
    assert membership_of(admin).role == "admin"


def test_a_deactivated_therapist_gets_no_new_patients(practice, admin):
    from ruggensteun.patients.forms import InvitePatientForm

    idle = personas.therapist(practice, "Ida Zonder")
    colleague = personas.therapist(practice, "Cor Collega")
    User.objects.filter(pk=idle.pk).update(is_active=False)
    offered = list(InvitePatientForm(practice=practice).fields["therapist"].queryset)
    assert offered == [colleague]
