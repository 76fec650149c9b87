"""The password-reset e-mail through the task queue (issue #14), like every other e-mail:
asking for a reset never waits for, or fails because of, the mail server."""

from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from ruggensteun.base.mail import queue_email


class QueuedPasswordResetForm(PasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        # No practice: the person asked for it themselves and can ask again; the failure is
        # in the server log (ids only) and the task record.
        queue_email(kind="password_reset", to=to_email, subject=subject, body=body)
