"""Forms of the GDPK document and the advocacy activity."""

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from pokja.kernel.forms import RecordFormBase, VerifiableFormMixin, submit_layout
from pokja.kernel.widgets import DateInput
from pokja.models import AdvocacyActivity, GdpkDocument


def _document_and_status():
    return Fieldset(_("Document and verification"), Row(Column("document"), Column("status")))


class GdpkDocumentForm(VerifiableFormMixin, RecordFormBase):
    parent_field = "region"

    class Meta:
        model = GdpkDocument
        fields = [
            "title",
            "year_start",
            "year_end",
            *GdpkDocument.PILLARS,
            "legal_form",
            "adopted_on",
            "document",
            "status",
        ]
        widgets = {"adopted_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_status()
        self.helper = submit_layout(
            "title",
            Row(Column("year_start"), Column("year_end")),
            Fieldset(_("Pillars covered"), *GdpkDocument.PILLARS),
            Row(Column("legal_form"), Column("adopted_on")),
            _document_and_status(),
        )


class AdvocacyActivityForm(VerifiableFormMixin, RecordFormBase):
    parent_field = "working_group"

    class Meta:
        model = AdvocacyActivity
        fields = ["held_on", "target", "topic", "result", "follow_up", "document", "status"]
        widgets = {
            "held_on": DateInput(),
            "result": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_status()
        self.helper = submit_layout(
            Row(Column("held_on", css_class="col-md-4"), Column("target", css_class="col-md-8")),
            "topic",
            "result",
            "follow_up",
            _document_and_status(),
        )
