"""Form bases every form builds on: numbers typed the Indonesian way (`ModelForm`); for a record,
the parent, the version it was opened on, the status choices the policy allows, and files kept
across a refused submit (with their original names)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext_lazy as _

from pokja.kernel import policy
from pokja.kernel.formfields import GroupedIntegerField, number_formfield
from pokja.kernel.kept_uploads import KeptUploadsMixin
from pokja.kernel.verification import Status


def submit_layout(*fields) -> FormHelper:
    """A crispy layout of these fields, inside the page's own <form> (which holds the buttons)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class _NumbersModelFormMetaclass(ModelFormMetaclass):
    # Django reads `formfield_callback` from each form's own Meta, which is not inherited from
    # the base's: give every Meta ours, unless it names its own.
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(number_formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_NumbersModelFormMetaclass):
    """The base of every model form: its integer and decimal fields accept and show grouped
    numbers ("1.512"), years and coordinates stay plain (`formfields.number_formfield`)."""


class RecordFormBase(KeptUploadsMixin, ModelForm):
    """A record form: knows its user and parent, carries the version it was opened on, and keeps
    its valid files when it comes back with an error (`kept_uploads`)."""

    # Which model field holds the parent; the generic views set it from the record type.
    parent_field: str = ""

    expected_version = GroupedIntegerField(widget=forms.HiddenInput, required=False)

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

    def refused(self, error: ValidationError) -> None:
        """Show on the form what the save refused after the form was valid (a row saved
        meanwhile by someone else broke a constraint)."""
        by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for name, messages in by_field.items():
            self.add_error(name if name in self.fields else None, messages)

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
