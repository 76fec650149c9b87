"""A browser's push subscription, and which kinds of push a user wants (issue #16)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PushSubscription(models.Model):
    """One browser on one device that may be woken with a Web Push message.

    ``endpoint`` is the push service's address for this browser; ``p256dh`` and ``auth``
    are the browser's keys, with which each message is encrypted (RFC 8291), so the push
    service cannot read it. The push service answering 404 or 410 means the browser has
    dropped the subscription: the row is then deleted (ruggensteun/push/sending.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(_("adres van de pushdienst"), max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)
    last_success = models.DateTimeField(null=True, blank=True)
    failure_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("pushabonnement")
        verbose_name_plural = _("pushabonnementen")

    def __str__(self) -> str:
        return f"push subscription {self.pk} of user {self.user_id}"

    def info(self) -> dict:
        """The subscription as pywebpush (and the browser's toJSON()) writes it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PushPreferences(models.Model):
    """Which kinds of push a user wants. A user without a row wants all of them (they
    still get none until they switch push on in a browser: a subscription)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_preferences"
    )
    daily_reminder = models.BooleanField(
        _("Dagelijkse herinnering"),
        default=True,
        help_text=_("Op de tijd die u hierboven bij e-mail kiest, als er iets te doen is."),
    )
    questionnaire = models.BooleanField(
        _("Vragenlijst"), default=True, help_text=_("Als er een vragenlijst voor u klaarstaat.")
    )
    programme_started = models.BooleanField(
        _("Programma gestart"), default=True, help_text=_("Als uw oefenprogramma begint.")
    )
    message_reply = models.BooleanField(
        _("Bericht van uw praktijk"),
        default=True,
        help_text=_("Als uw praktijk u een bericht stuurt."),
    )

    class Meta:
        verbose_name = _("pushvoorkeuren")
        verbose_name_plural = _("pushvoorkeuren")

    def __str__(self) -> str:
        return f"push preferences of user {self.user_id}"
