"""Forms of the Kampung KB registry, its monthly profile and its activities."""

from __future__ import annotations

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kampungkb import profile_months
from kampungkb.models import Activity, KampungKB, Profile
from kampungkb.models.profiles import FAMILY_COUNTS, KB_METHODS, NOT_IN_KB, POKTAN, ROUTINES
from pokja.kernel.forms import RecordFormBase, VerifiableFormMixin, submit_layout
from pokja.kernel.scoping import CHANGE
from pokja.kernel.widgets import DateInput, use_evidence_widget
from pokja.region_picker import RegionField, RegionSearchInput


class ChoiceListField(forms.MultipleChoiceField):
    """A JSON list of choice codes, shown as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        super().__init__(choices=choices, required=False, **kwargs)


class KampungKBForm(RecordFormBase):
    # One of 83,762 villages: a search (pokja/region_picker.py), never a dropdown.
    region = RegionField(
        label=_("Desa/kelurahan"),
        groups=("desa",),
        action=CHANGE,
        widget=RegionSearchInput(
            groups=("desa",),
            action=CHANGE,
            attrs={"placeholder": _("Village name or code, e.g. 63.71.01.1001")},
        ),
    )
    selection_criteria = ChoiceListField(
        label=_("Site-selection criteria"), choices=KampungKB.Criterion.choices
    )

    class Meta:
        model = KampungKB
        fields = [
            "region",
            "name",
            "launched_on",
            "coverage",
            "selection_criteria",
            "description",
            "latitude",
            "longitude",
            "photo",
            "is_model_kabupaten",
            "is_model_province",
        ]
        widgets = {"launched_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].user = self.user
        if self.parent:
            self.fields["region"].widget.attrs["data-region-parent"] = self.parent.code
        if self.instance.pk:
            self.initial["region"] = self.instance.region
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png"
        use_evidence_widget(self, "photo", _file_url("kampungkb:photo", self.instance, "photo"))
        self.helper = submit_layout(
            Row(Column("region", css_class="col-md-6"), Column("name", css_class="col-md-6")),
            Row(Column("launched_on"), Column("coverage")),
            "selection_criteria",
            "description",
            Row(Column("latitude"), Column("longitude")),
            "photo",
            Row(Column("is_model_kabupaten"), Column("is_model_province")),
        )

    def clean_region(self):
        region = self.cleaned_data["region"]
        kabkota = self.parent
        if region and kabkota and not region.code.startswith(f"{kabkota.code}."):
            raise forms.ValidationError(
                _("This village is not in %(region)s.") % {"region": kabkota.name}
            )
        return region


def _file_url(name: str, instance, field: str) -> str:
    """The scoped view serving a stored file (the storage path itself is never served)."""
    return reverse(name, args=[instance.pk]) if instance.pk and getattr(instance, field) else ""


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for closing"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class MonthField(forms.DateField):
    """A month typed as mm/yyyy (or chosen in a month picker): stored as its first day."""

    input_formats = ["%m/%Y", "%Y-%m", "%Y-%m-%d", "%d/%m/%Y"]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class ProfileForm(VerifiableFormMixin, RecordFormBase):
    parent_field = "kampung"
    period = MonthField(
        label=_("Month"),
        widget=forms.DateInput(format="%m/%Y", attrs={"placeholder": _("mm/yyyy")}),
        help_text=_("The month these figures describe, e.g. 03/2025."),
    )
    data_sources = ChoiceListField(
        label=_("Data sources used for planning"), choices=Profile.DataSource.choices
    )
    funding_sources = ChoiceListField(label=_("Funding sources"), choices=Profile.Funding.choices)

    class Meta:
        model = Profile
        fields = [
            "period",
            "pokja_formed",
            "pokja_sk_signer",
            "pokja_trained",
            "pokja_members",
            "pokja_members_trained",
            "guide",
            "regulation_signer",
            "has_rkm",
            "rkm_document",
            "data_sources",
            "funding_sources",
            "has_secretariat",
            "has_rumah_dataku",
            *(f"{p}_{suffix}" for p in POKTAN for suffix in ("active", "members")),
            *(f"routine_{r}" for r in ROUTINES),
            *FAMILY_COUNTS,
            *(f"kb_{m}" for m in KB_METHODS),
            *(f"not_kb_{r}" for r in NOT_IN_KB),
            "document",
            "status",
        ]
        help_texts = {
            "has_rumah_dataku": _(
                "Rumah Data Kependudukan dan Informasi Keluarga (population and family data house)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_status()
        self.notice = ""
        if not self.instance.pk and self.parent is not None:
            self._offer_a_free_month()
        self.fields["document"].label = Profile.document_label
        self.fields["document"].help_text = _("Needed when the SK's signer is given.")
        self.fields["document"].widget.attrs["accept"] = "application/pdf"
        self.fields["rkm_document"].widget.attrs["accept"] = "application/pdf"
        use_evidence_widget(
            self, "document", _file_url("kampungkb:profile_document", self.instance, "document")
        )
        use_evidence_widget(
            self, "rkm_document", _file_url("kampungkb:profile_rkm", self.instance, "rkm_document")
        )
        self.helper = submit_layout(
            Row(Column("period", css_class="col-md-4")),
            Fieldset(
                _("Pokja Kampung KB"),
                Row(Column("pokja_formed"), Column("pokja_trained")),
                Row(Column("pokja_members"), Column("pokja_members_trained")),
                Row(Column("pokja_sk_signer"), Column("document")),
            ),
            Fieldset(
                _("Guidance, regulation and planning"),
                Row(Column("guide"), Column("regulation_signer")),
                Row(Column("has_rkm"), Column("rkm_document")),
                Row(Column("data_sources"), Column("funding_sources")),
                Row(Column("has_secretariat"), Column("has_rumah_dataku")),
            ),
            Fieldset(
                _("Poktan (community groups)"),
                *(Row(Column(f"{p}_active"), Column(f"{p}_members")) for p in POKTAN),
            ),
            Fieldset(
                _("Operating routines"),
                # Three to a row from 992 px, two on a tablet: five in one row cut the
                # answer ("Tidak dilaksanakan") at 1366 px.
                Row(*(Column(f"routine_{r}", css_class="col-sm-6 col-lg-4") for r in ROUTINES)),
            ),
            Fieldset(
                _("Families"),
                Row(*(Column(name, css_class="col-md-4") for name in FAMILY_COUNTS)),
            ),
            Fieldset(
                _("KB users by method"),
                Row(*(Column(f"kb_{m}", css_class="col-6 col-md-3") for m in KB_METHODS)),
            ),
            Fieldset(
                _("PUS not in KB, by reason"),
                Row(*(Column(f"not_kb_{r}", css_class="col-6 col-md-3") for r in NOT_IN_KB)),
            ),
            Fieldset(_("Verification"), "status"),
        )

    def _offer_a_free_month(self) -> None:
        """The month offered is one without a profile; this month's, if entered, is linked
        before the first field (kampungkb/profile_months.py)."""
        month = profile_months.first_month_without_profile(self.parent)
        self.default("period", month)
        this_month = timezone.localdate().replace(day=1)
        existing = profile_months.profile_of_month(self.parent, this_month)
        if existing is not None and not self.is_bound:
            offered = (
                _("This form is for another month: %(month)s is the latest one still missing.")
                % {"month": profile_months.month_words(month)}
                if month != this_month
                else ""
            )
            self.notice = format_html(
                "{} {}", profile_months.taken_message(self.user, existing), offered
            )

    def clean_period(self):
        period = self.cleaned_data["period"]
        existing = profile_months.profile_of_month(self.parent, period, exclude_pk=self.instance.pk)
        if existing is not None:
            raise forms.ValidationError(profile_months.taken_message(self.user, existing))
        return period

    def refused(self, error) -> None:
        """A profile of the same month saved meanwhile: the month named, with its link."""
        period = self.cleaned_data.get("period")
        existing = period and profile_months.profile_of_month(
            self.parent, period, exclude_pk=self.instance.pk
        )
        if existing:
            self.add_error("period", profile_months.taken_message(self.user, existing))
            return
        super().refused(error)


class ActivityForm(VerifiableFormMixin, RecordFormBase):
    parent_field = "kampung"
    agencies = ChoiceListField(label=_("Agencies involved"), choices=Activity.Agency.choices)

    class Meta:
        model = Activity
        fields = [
            "held_on",
            "place",
            "family_function",
            "target_group",
            "description",
            "agencies",
            "document",
            "status",
        ]
        widgets = {"held_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_status()
        self.fields["document"].label = _("Photo")
        use_evidence_widget(
            self, "document", _file_url("kampungkb:activity_document", self.instance, "document")
        )
        self.helper = submit_layout(
            Row(Column("held_on", css_class="col-md-4"), Column("place", css_class="col-md-8")),
            Row(Column("family_function"), Column("target_group")),
            "description",
            "agencies",
            Row(Column("document"), Column("status")),
        )
