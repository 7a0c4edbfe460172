"""Forms of the targets app: the split of a province target and the achievements grid.

Both have one row per kabupaten/kota; the rows are built in `__init__` from the regions the view
passes in (already narrowed to the user's scope), so a posted code outside them is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pokja.kernel.formfields import GroupedDecimalField
from pokja.kernel.regions import Region
from targets.models import Achievement, DataSource, Indicator
from targets.services.achievements import MONTHS, QUARTERS, periods_for

BASE_ENTERED, BASE_LAST_YEAR = "entered", "last_year"

MONTH_NAMES = [
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
]
QUARTER_NAMES = [_("Quarter I"), _("Quarter II"), _("Quarter III"), _("Quarter IV")]
PERIOD_CHOICES = [
    (Achievement.YEARLY, pgettext_lazy("period", "Whole year")),
    *zip(MONTHS, MONTH_NAMES, strict=True),
    *zip(QUARTERS, QUARTER_NAMES, strict=True),
]


def period_label(period: int) -> str:
    return str(dict(PERIOD_CHOICES).get(period, period))


def field_key(code: str) -> str:
    """`63.71` -> `63_71`: dots would break element ids and CSS selectors."""
    return code.replace(".", "_")


def _amount_field(label, *, required=False, whole=False) -> GroupedDecimalField:
    return GroupedDecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=14,
        decimal_places=0 if whole else 2,
        error_messages={
            "required": _("Enter a number."),
            "min_value": _("The number cannot be negative."),
            "max_decimal_places": _("A count is a whole number: no decimals."),
            "max_digits": _("This number is too large."),
            "max_whole_digits": _("This number is too large."),
        },
    )


@dataclass
class SplitRow:
    region: Region
    value: BoundField
    base: BoundField
    last_year: Decimal | None


class SplitForm(forms.Form):
    """The province target and one target (and base) per kabupaten/kota."""

    value = GroupedDecimalField()  # replaced in __init__ (whole units for counts)
    base_source = forms.ChoiceField(
        label=_("Base for a proportional split"),
        choices=[
            (BASE_ENTERED, _("The bases entered below")),
            (BASE_LAST_YEAR, _("Last year's achievement")),
        ],
        initial=BASE_ENTERED,
        required=False,
    )
    measured_by = forms.ChoiceField(
        label=_("Measured by"),
        choices=[
            ("", _("As set for the indicator (SSGI or SKI, never e-PPGBM)")),
            *[(v, label) for v, label in DataSource.choices if v],
        ],
        required=False,
        help_text=_(
            "Only a figure of this source and of the target's year is judged against the target."
        ),
    )
    base_label = forms.CharField(
        label=_("What the base is"),
        max_length=200,
        required=False,
        help_text=_("For example: population 2024, or achievement 2025."),
    )

    def __init__(
        self,
        *args,
        indicator: Indicator,
        regions: list[Region],
        last_year: dict[str, Decimal],
        locked: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.regions = regions
        self.last_year = last_year
        whole = indicator.is_additive
        self.fields["value"] = _amount_field(_("Province target"), required=True, whole=whole)
        for region in regions:
            key = field_key(region.code)
            value_field = _amount_field(region.name, whole=whole)
            value_field.widget.attrs.update(
                {
                    "class": "form-control form-control-sm text-end",
                    "data-split-value": "",
                    "aria-label": _("Target: %(region)s") % {"region": region.name},
                }
            )
            base_field = _amount_field(_("Base"))
            base_field.widget.attrs.update(
                {
                    "class": "form-control form-control-sm text-end",
                    "data-split-base": "",
                    "aria-label": _("Base: %(region)s") % {"region": region.name},
                }
            )
            self.fields[f"value_{key}"] = value_field
            self.fields[f"base_{key}"] = base_field
        self.fields["value"].widget.attrs.update({"data-split-total": ""})
        if not indicator.is_additive:
            del self.fields["base_source"]
            del self.fields["base_label"]
        if not indicator.is_measured_by_a_source:
            del self.fields["measured_by"]
        if locked:
            for field in self.fields.values():
                field.disabled = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        top = [Column("value", css_class="col-md-4")]
        if indicator.is_measured_by_a_source:
            top.append(Column("measured_by", css_class="col-md-8"))
        if indicator.is_additive:
            top += [Column("base_source", css_class="col-md-4"), Column("base_label")]
        self.helper.layout = Layout(Row(*top))

    @property
    def rows(self) -> list[SplitRow]:
        return [
            SplitRow(
                region=region,
                value=self[f"value_{field_key(region.code)}"],
                base=self[f"base_{field_key(region.code)}"],
                last_year=self.last_year.get(region.code),
            )
            for region in self.regions
        ]

    def values(self) -> dict[str, Decimal | None]:
        return {r.code: self.cleaned_data.get(f"value_{field_key(r.code)}") for r in self.regions}

    def bases(self) -> dict[str, Decimal]:
        if self.cleaned_data.get("base_source") == BASE_LAST_YEAR:
            return {code: value for code, value in self.last_year.items() if value is not None}
        bases = {}
        for region in self.regions:
            base = self.cleaned_data.get(f"base_{field_key(region.code)}")
            if base is not None:
                bases[region.code] = base
        return bases


class AchievementFilterForm(forms.Form):
    """Which indicator and period the achievements grid shows."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=None,
        error_messages={"invalid_choice": _("Choose an indicator from the list.")},
    )
    period = forms.TypedChoiceField(
        label=_("Period"),
        choices=PERIOD_CHOICES,
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Choose a period from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        if indicator is not None:
            periods = periods_for(indicator)
            # Switching to an indicator with another frequency keeps the page usable: its first
            # period is shown instead of an error.
            if cleaned.get("period") not in periods:
                cleaned["period"] = periods[0]
        return cleaned


class AchievementGridForm(forms.Form):
    """One value per kabupaten/kota (or the province itself, for rates) the user may change."""

    def __init__(self, *args, codes: list[str], whole: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = codes
        for code in codes:
            field = _amount_field(_("Achievement"), whole=whole)
            field.widget.attrs.update({"class": "form-control form-control-sm text-end"})
            self.fields[f"value_{field_key(code)}"] = field

    def values(self) -> dict[str, Decimal]:
        values = {}
        for code in self.codes:
            value = self.cleaned_data.get(f"value_{field_key(code)}")
            if value is not None:
                values[code] = value
        return values
