"""The verification queue's batch form: the chosen rows (one kind) and one note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pokja.kernel.registry import registry

# A page of the queue holds 25 rows; a forged form asking for thousands is refused at once.
BATCH_MAX = 100


class ChosenItemsField(forms.Field):
    """The checkboxes named "item", each "<app.model>:<pk>:<version>" (pokja.queue.item_value)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Choose at least one record to verify."),
        "invalid": _("The chosen records could not be read. Reload the queue and choose again."),
    }

    def to_python(self, value) -> list[tuple[str, int, int]]:
        items = []
        for raw in value or []:
            try:
                label, pk, version = str(raw).split(":")
                items.append((label, int(pk), int(version)))
            except ValueError as exc:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        return items

    def validate(self, value) -> None:
        super().validate(value)
        if any(label not in registry.queue for label, _pk, _version in value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class BatchVerifyForm(forms.Form):
    item = ChosenItemsField()
    note = forms.CharField(
        label=_("Note for the history (optional)"), required=False, max_length=500, strip=True
    )

    def clean_item(self):
        items = self.cleaned_data["item"]
        if len(items) > BATCH_MAX:
            raise forms.ValidationError(
                _("Choose at most %(max)s records at a time.") % {"max": BATCH_MAX}
            )
        if len({label for label, _pk, _version in items}) > 1:
            raise forms.ValidationError(
                _("Choose records of one kind only: each kind is checked against its own rules.")
            )
        return items

    @property
    def entry(self):
        """The chosen kind's entry in the registry's queue (its model, what to read with it)."""
        return registry.queue[self.cleaned_data["item"][0][0]]

    @property
    def chosen(self) -> list[tuple[int, int]]:
        """(pk, version) of each chosen record, each once."""
        return list(dict.fromkeys((pk, version) for _l, pk, version in self.cleaned_data["item"]))
