from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ruggensteun.accounts import mail_failures, reauth, views
from ruggensteun.accounts.two_factor import views as two_factor

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("inloggen/code/", two_factor.verify, name="two_factor_verify"),
    path("account/bevestigen/", reauth.reauthenticate, name="reauthenticate"),
    path("account/tweestapsverificatie/", two_factor.overview, name="two_factor"),
    path("account/tweestapsverificatie/instellen/", two_factor.setup, name="two_factor_setup"),
    path(
        "account/tweestapsverificatie/herstelcodes/",
        two_factor.new_recovery_codes,
        name="new_recovery_codes",
    ),
    path("uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("account/", views.account_settings, name="settings"),
    path("taal/", views.set_language, name="set_language"),
    path("praktijk/team/", views.team, name="team"),
    path("praktijk/team/uitnodigen/", views.invite_staff_member, name="invite_staff"),
    path("praktijk/team/eindverantwoordelijke/", views.set_clinical_lead, name="set_clinical_lead"),
    path("praktijk/team/deactiveren/", views.deactivate_member, name="deactivate_member"),
    path("praktijk/team/heractiveren/", views.reactivate_member, name="reactivate_member"),
    path("praktijk/team/rol/", views.change_member_role, name="change_member_role"),
    path(
        "praktijk/team/uitnodiging-opnieuw/",
        views.resend_staff_invitation,
        name="resend_staff_invitation",
    ),
    path(
        "praktijk/team/uitnodiging-intrekken/",
        views.withdraw_staff_invitation,
        name="withdraw_staff_invitation",
    ),
    path("praktijk/contactgegevens/", views.contact_card, name="contact_card"),
    path("praktijk/e-mails-niet-verstuurd/", mail_failures.mail_failures, name="mail_failures"),
    path(
        "account/wachtwoord/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "account/wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "wachtwoord-vergeten/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset_body.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
