"""Forms of the core app. Every dropdown is narrowed to what the user may choose."""

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja.kernel.formfields import RupiahField
from pokja.kernel.forms import ModelForm, RecordFormBase, VerifiableFormMixin, submit_layout
from pokja.kernel.widgets import DateInput, use_evidence_widget
from pokja.kernel.years import current_year
from pokja.models import (
    BudgetAllocation,
    Decree,
    DocumentIndicator,
    IndicatorDocument,
    Member,
    Pokja,
    WorkingGroup,
    WorkPlan,
    WorkPlanActivity,
)


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Wrong username or password. Check both and try again; capital letters matter."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The portal says "kata sandi" everywhere; Django's own Indonesian says "sandi".
        self.fields["password"].label = _("Password")


class PokjaForm(RecordFormBase):
    parent_field = "region"

    class Meta:
        model = Pokja
        fields = ["name", "formed_on", "is_active", "notes"]
        widgets = {"formed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_layout(
            Row(Column("name", css_class="col-md-8"), Column("formed_on", css_class="col-md-4")),
            "is_active",
            "notes",
        )


class PokjaChildForm(RecordFormBase):
    """Base of forms for things that belong to one Pokja: working groups narrowed to it."""

    parent_field = "pokja"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pokja = self.parent
        if "working_group" in self.fields:
            self.fields["working_group"].queryset = WorkingGroup.objects.filter(pokja=self.pokja)


class WorkingGroupForm(PokjaChildForm):
    class Meta:
        model = WorkingGroup
        fields = ["kind", "name", "formed_on", "is_active"]
        widgets = {"formed_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_layout(
            Row(Column("kind", css_class="col-md-4"), Column("name", css_class="col-md-8")),
            Row(Column("formed_on", css_class="col-md-4"), Column("is_active")),
        )


class MemberForm(PokjaChildForm):
    class Meta:
        model = Member
        fields = [
            "name",
            "position",
            "working_group",
            "institution",
            "category",
            "phone",
            "email",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_layout(
            Row(
                Column("name", css_class="col-md-6"),
                Column("position", css_class="col-md-3"),
                Column("working_group", css_class="col-md-3"),
            ),
            Row(
                Column("institution", css_class="col-md-6"),
                Column("category", css_class="col-md-6"),
            ),
            Row(Column("phone"), Column("email")),
        )


class RecordForm(VerifiableFormMixin, PokjaChildForm):
    """Base of the evidence forms: status choices by role, document checked by content."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_group"].empty_label = _("The Pokja itself")
        self.setup_status()
        use_evidence_widget(self, "document", self._download_url())

    def _download_url(self) -> str:
        if not (self.instance.pk and self.instance.document):
            return ""
        meta = self.instance._meta
        return reverse(f"{meta.app_label}:{meta.model_name}_document", args=[self.instance.pk])

    def status_fieldset(self):
        return Fieldset(_("Document and verification"), Row(Column("document"), Column("status")))


class DecreeForm(RecordForm):
    class Meta:
        model = Decree
        fields = [
            "number",
            "set_on",
            "signer",
            "working_group",
            "valid_from",
            "valid_until",
            "revoked_on",
            "document",
            "status",
        ]
        widgets = {f: DateInput() for f in ["set_on", "valid_from", "valid_until", "revoked_on"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_group"].label = _("Establishes")
        self.default("signer", self._regional_head())
        self.helper = submit_layout(
            Fieldset(
                _("Decree"),
                Row(
                    Column("number", css_class="col-md-6"),
                    Column("set_on", css_class="col-md-3"),
                    Column("signer", css_class="col-md-3"),
                ),
                "working_group",
            ),
            Fieldset(
                _("Validity"),
                Row(Column("valid_from"), Column("valid_until"), Column("revoked_on")),
            ),
            self.status_fieldset(),
        )

    def _regional_head(self) -> str:
        region = self.pokja.region
        if region.is_province:
            return Decree.Signer.GUBERNUR
        return Decree.Signer.WALIKOTA if region.level == region.Level.KOTA else Decree.Signer.BUPATI

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end of validity cannot be before its start."))
        revoked = cleaned.get("revoked_on")
        if start and revoked and revoked < start:
            self.add_error("revoked_on", _("An SK cannot be revoked before it takes effect."))
        return cleaned


class WorkPlanForm(RecordForm):
    class Meta:
        model = WorkPlan
        fields = ["year", "title", "working_group", "approved_on", "document", "status"]
        widgets = {"approved_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default("year", current_year())
        self.helper = submit_layout(
            Fieldset(
                _("Work plan"),
                Row(Column("year", css_class="col-md-2"), Column("title", css_class="col-md-10")),
                Row(Column("working_group"), Column("approved_on")),
            ),
            self.status_fieldset(),
        )


class ActivityForm(ModelForm):
    class Meta:
        model = WorkPlanActivity
        fields = [
            "name",
            "month_start",
            "month_end",
            "person_in_charge",
            "planned_cost",
            "realisation",
            "realised_cost",
        ]
        field_classes = {"planned_cost": RupiahField, "realised_cost": RupiahField}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("month_start"), cleaned.get("month_end")
        if start and end and end < start:
            self.add_error("month_end", _("The last month cannot be before the first."))
        return cleaned


ActivityFormSet = inlineformset_factory(
    WorkPlan, WorkPlanActivity, form=ActivityForm, extra=3, can_delete=True
)


class IndicatorDocumentForm(RecordForm):
    class Meta:
        model = IndicatorDocument
        fields = [
            "document_type",
            "title",
            "working_group",
            "year_start",
            "year_end",
            "document",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default("year_start", current_year())
        self.default("year_end", current_year())
        self.helper = submit_layout(
            Fieldset(
                _("Planning document"),
                Row(
                    Column("document_type", css_class="col-md-4"),
                    Column("title", css_class="col-md-8"),
                ),
                Row(Column("working_group"), Column("year_start"), Column("year_end")),
            ),
            self.status_fieldset(),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_start"), cleaned.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", _("The last year covered cannot be before the first."))
        return cleaned


class DocumentIndicatorForm(ModelForm):
    class Meta:
        model = DocumentIndicator
        fields = ["indicator", "other_name", "target_value", "unit"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("indicator") == DocumentIndicator.OTHER and not cleaned.get("other_name"):
            self.add_error("other_name", _("Write the name of the other indicator."))
        return cleaned


DocumentIndicatorFormSet = inlineformset_factory(
    IndicatorDocument, DocumentIndicator, form=DocumentIndicatorForm, extra=3, can_delete=True
)


class BudgetAllocationForm(RecordForm):
    class Meta:
        model = BudgetAllocation
        fields = [
            "year",
            "source",
            "amount",
            "is_operational",
            "working_group",
            "dpa_reference",
            "realised_amount",
            "document",
            "status",
        ]
        field_classes = {"amount": RupiahField, "realised_amount": RupiahField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default("year", current_year())
        self.helper = submit_layout(
            Fieldset(
                _("Budget"),
                Row(
                    Column("year", css_class="col-md-2"),
                    Column("source", css_class="col-md-4"),
                    Column("amount", css_class="col-md-6"),
                ),
                Row(Column("is_operational"), Column("working_group")),
                Row(Column("dpa_reference"), Column("realised_amount")),
            ),
            self.status_fieldset(),
        )

    def clean(self):
        cleaned = super().clean()
        amount, realised = cleaned.get("amount"), cleaned.get("realised_amount")
        if amount is not None and realised is not None and realised > amount:
            self.add_error(
                "realised_amount", _("The realised amount cannot exceed the allocation.")
            )
        return cleaned
