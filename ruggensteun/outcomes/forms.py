from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.similarity import MIN_NEIGHBOURS
from ruggensteun.outcomes.models import MAX_NEIGHBOURS, OutcomeSharing

# What the admin agrees to when switching the pooled case base on (kept with the audit).
CONSENT_TEXT = _(
    "Ik geef namens de praktijk toestemming om de afgesloten behandelingen van onze "
    "patiënten, zonder naam, datum of vrije tekst, te delen met de andere praktijken die "
    "dat ook doen. Zij zien alleen aantallen van minstens 10 patiënten. Wij kunnen dit "
    "altijd weer uitzetten."
)


class SharingForm(forms.ModelForm):
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)

    class Meta:
        model = OutcomeSharing
        fields = ["neighbours", "pooled"]
        help_texts = {
            "neighbours": _("Minstens %(low)s, hoogstens %(high)s.")
            % {"low": MIN_NEIGHBOURS, "high": MAX_NEIGHBOURS},
            "pooled": _(
                "Uit: alleen de patiënten van uw eigen praktijk. Aan: ook die van andere "
                "praktijken die delen."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbours"].widget.attrs.update(min=MIN_NEIGHBOURS, max=MAX_NEIGHBOURS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        switching_on = data.get("pooled") and not self.instance.pooled
        if switching_on and not data.get("consent"):
            self.add_error("consent", _("Geef eerst toestemming om te delen."))
        return data
