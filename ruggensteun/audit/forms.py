from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.models import Membership
from ruggensteun.audit.models import AuditEvent, AuditEventQuerySet
from ruggensteun.patients.models import Patient


class AuditFilterForm(forms.Form):
    patient = forms.CharField(label=_("Patiënt (naam)"), required=False)
    actor = forms.CharField(label=_("Door (e-mail)"), required=False)
    who = forms.ChoiceField(
        label=_("Door wie"),
        choices=[("", _("Iedereen")), ("staff", _("Medewerkers")), ("patients", _("Patiënten"))],
        required=False,
    )
    action = forms.ChoiceField(
        label=_("Handeling"),
        choices=[("", _("Alle")), *AuditEvent.Action.choices],
        required=False,
    )
    since = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filter(self, events: AuditEventQuerySet) -> AuditEventQuerySet:
        data = self.cleaned_data
        if data.get("patient"):
            events = events.filter(patient__user__full_name__icontains=data["patient"])
        if data.get("actor"):
            events = events.filter(actor_email__icontains=data["actor"])
        if data.get("who") == "staff":
            # Staff: the actor works in a practice (a membership, also once deactivated).
            events = events.filter(Exists(Membership.objects.filter(user_id=OuterRef("actor_id"))))
        elif data.get("who") == "patients":
            events = events.filter(Exists(Patient.objects.filter(user_id=OuterRef("actor_id"))))
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("since"):
            events = events.filter(at__date__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__date__lte=data["until"])
        return events
