"""Forms of the stunting records, on the kernel's record form bases."""

from __future__ import annotations

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from pokja.kernel.formfields import GroupedIntegerField
from pokja.kernel.forms import ModelForm, RecordFormBase, VerifiableFormMixin, submit_layout
from pokja.kernel.kept_uploads import KeptUploadsMixin
from pokja.kernel.widgets import DateInput, use_evidence_widget
from pokja.kernel.years import current_year
from stunting.models import (
    ConvergenceAction,
    PrevalenceFigure,
    SemesterReport,
    TppsMember,
    TppsTeam,
)


def _document_and_status():
    return Fieldset(_("Document and verification"), Row(Column("document"), Column("status")))


class PrevalenceFigureForm(VerifiableFormMixin, RecordFormBase):
    parent_field = "region"

    publication_url = forms.URLField(
        label=_("publication link"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = PrevalenceFigure
        fields = [
            "source",
            "survey_name",
            "year",
            "month",
            "value",
            "sample_size",
            "publication_title",
            "publication_date",
            "publication_url",
            "document",
            "status",
        ]
        widgets = {"publication_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_status()
        self.fields["document"].required = False
        self.default("year", current_year() - 1)
        self.helper = submit_layout(
            Row(Column("source"), Column("survey_name")),
            Row(Column("year"), Column("month"), Column("value"), Column("sample_size")),
            Fieldset(
                _("Publication"),
                "publication_title",
                Row(Column("publication_date"), Column("publication_url")),
            ),
            _document_and_status(),
        )


class SemesterReportForm(VerifiableFormMixin, RecordFormBase):
    parent_field = "region"

    class Meta:
        model = SemesterReport
        fields = [
            "year",
            "semester",
            "children_measured",
            "children_stunted",
            "families_accompanied",
            "summary",
            "document",
            "status",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"document": _("The signed report as a PDF.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_status()
        self.default("year", current_year())
        self.helper = submit_layout(
            Row(Column("year"), Column("semester")),
            Fieldset(
                _("Key figures"),
                Row(
                    Column("children_measured"),
                    Column("children_stunted"),
                    Column("families_accompanied"),
                ),
            ),
            "summary",
            _document_and_status(),
        )


class TppsTeamForm(VerifiableFormMixin, RecordFormBase):
    parent_field = "region"

    class Meta:
        model = TppsTeam
        fields = [
            "sk_number",
            "sk_date",
            "signer",
            "chair_name",
            "chair_agency",
            "document",
            "status",
        ]
        widgets = {"sk_date": DateInput()}
        help_texts = {"document": _("The SK (PDF, JPEG or PNG).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_status()
        self.helper = submit_layout(
            Row(Column("sk_number"), Column("sk_date"), Column("signer")),
            Row(Column("chair_name"), Column("chair_agency")),
            _document_and_status(),
        )


class TppsMemberForm(ModelForm):
    class Meta:
        model = TppsMember
        fields = ["name", "position", "agency"]


TppsMemberFormSet = inlineformset_factory(
    TppsTeam, TppsMember, form=TppsMemberForm, extra=3, can_delete=True
)


class ConvergenceActionForm(KeptUploadsMixin, ModelForm):
    """One action of the checklist: its status for the kab/kota, its score for the province."""

    expected_version = GroupedIntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ConvergenceAction
        fields = ["progress", "done_on", "document", "score", "score_note"]
        widgets = {"done_on": DateInput(), "score_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, may_score: bool, user, download_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        use_evidence_widget(self, "document", download_url)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if not may_score:
            del self.fields["score"]
            del self.fields["score_note"]
        scoring = [Fieldset(_("Province's score"), Row(Column("score"), Column("score_note")))]
        self.helper = submit_layout(
            Row(Column("progress"), Column("done_on")),
            "document",
            *(scoring if may_score else []),
        )
