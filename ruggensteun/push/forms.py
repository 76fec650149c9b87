from django import forms

from ruggensteun.push.models import PushPreferences


class PushPreferencesForm(forms.ModelForm):
    """Which kinds of push a user wants (the reminders page, mydata)."""

    class Meta:
        model = PushPreferences
        fields = ["daily_reminder", "questionnaire", "programme_started", "message_reply"]

    @classmethod
    def for_user(cls, user, data=None) -> "PushPreferencesForm":
        preferences = PushPreferences.objects.filter(user=user).first()
        return cls(data, instance=preferences or PushPreferences(user=user))
