"""The province's yearly target of effective kab/kota (a count, as BKKBN reports it)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pokja.kernel.formfields import GroupedIntegerField, YearField
from pokja.models import Region


class EffectiveTargetForm(forms.Form):
    """How many of the province's kab/kota should have an effective Pokja by the end of a year."""

    year = YearField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    target_count = GroupedIntegerField(label=_("Target number of effective kab/kota"))

    def __init__(self, *args, region: Region, kabkota_total: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.kabkota_total = kabkota_total
        self.fields["target_count"].widget.attrs.update(min=0, max=kabkota_total)

    def clean_target_count(self) -> int:
        value = self.cleaned_data["target_count"]
        if value < 0:
            raise forms.ValidationError(_("The target cannot be negative."), code="negative")
        if value > self.kabkota_total:
            raise forms.ValidationError(
                _("The target cannot exceed the %(total)s kab/kota of this province."),
                code="too_many",
                params={"total": self.kabkota_total},
            )
        return value
