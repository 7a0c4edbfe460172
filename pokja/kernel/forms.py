"""Form bases every record form builds on: the parent, the version it was opened on, the status
choices the policy allows, and the evidence document's original name."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from pokja.kernel import policy
from pokja.kernel.verification import Status


def submit_layout(*fields) -> FormHelper:
    """A crispy layout of these fields, inside the page's own <form> (which holds the buttons)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class RecordFormBase(forms.ModelForm):
    """A record form: knows its user and parent, and carries the version it was opened on."""

    # Which model field holds the parent; the generic views set it from the record type.
    parent_field: str = ""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.parent = parent
        if self.parent_field:
            setattr(self.instance, self.parent_field, parent)
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["expected_version"].initial = self.instance.version

    def default(self, name: str, value) -> None:
        """A sensible starting value on a new record's form. (`initial.setdefault` would not
        do: a ModelForm's initial already holds the new instance's empty fields.)"""
        if not self.instance.pk:
            self.initial[name] = value

    def add_error(self, field, error):
        """A model's clean() may name a field this form does not show (the parent, set from the
        URL or, over the API, from the payload): Django would raise ValueError (a 500). Such a
        message goes to the form as a whole; `outside_errors` keeps it under its field's name
        (the API answers it there)."""
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            own, outside = {}, {}
            for name, messages in error.error_dict.items():
                shown = name == NON_FIELD_ERRORS or name in self.fields
                (own if shown else outside)[name] = messages
            for name, messages in outside.items():
                self.outside_errors.setdefault(name, []).extend(m for e in messages for m in e)
                own.setdefault(NON_FIELD_ERRORS, []).extend(messages)
            error = ValidationError(own)
        super().add_error(field, error)

    @property
    def outside_errors(self) -> dict[str, list[str]]:
        if not hasattr(self, "_outside_errors"):
            self._outside_errors = {}
        return self._outside_errors

    def _get_validation_exclusions(self):
        # The parent comes from the URL, not from the form; still check the constraints that
        # involve it (e.g. one SK number per region, one work plan per year).
        exclusions = super()._get_validation_exclusions()
        exclusions.discard(self.parent_field)
        return exclusions


class VerifiableFormMixin:
    """Status choices by role (see `policy.statuses_user_may_set`), the usual one preselected.

    A rejected record is not offered "Ditolak" again: saving the correction resubmits it (or
    keeps it as a draft), which is what its owner means by fixing it.
    """

    def setup_status(self) -> None:
        allowed = policy.statuses_user_may_set(self.user)
        current = self.instance.status if self.instance.pk else None
        keep_current = current not in (None, Status.DITOLAK)
        self.fields["status"].choices = [
            (value, label)
            for value, label in Status.choices
            if value in allowed or (keep_current and value == current)
        ]
        if not keep_current:
            self.initial["status"] = allowed[-1] if allowed else None

    def clean_status(self):
        status = self.cleaned_data["status"]
        unchanged = self.instance.pk and status == self.instance.status
        if not unchanged and status not in policy.statuses_user_may_set(self.user):
            raise forms.ValidationError(_("You may not give a record this status."))
        return status

    def save(self, commit=True):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):
            self.instance.document_name = upload.name
        return super().save(commit=commit)
