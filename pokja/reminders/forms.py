"""Forms of the reminders page and the profile page."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pokja.kernel.forms import ModelForm
from pokja.kernel.widgets import DateInput
from pokja.reminders.models import ReminderPreference

MAX_SNOOZE_DAYS = 180


class SnoozeForm(forms.Form):
    until = forms.DateField(
        label=_("Snooze until"),
        widget=DateInput(attrs={"class": "form-control form-control-sm", "required": True}),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if until > today + datetime.timedelta(days=MAX_SNOOZE_DAYS):
            raise forms.ValidationError(
                _("Snooze for at most %(days)s days.") % {"days": MAX_SNOOZE_DAYS}
            )
        return until


class DigestPreferenceForm(ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["digest"]
        widgets = {"digest": forms.RadioSelect}


EXPIRY_CHOICES = [30, 90, 180, 365]


class TokenForm(forms.Form):
    """A personal API token: a name to recognise it by, and how long it stays valid."""

    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("What the token is for, e.g. 'Power BI dinas'."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        initial=90,
        choices=[],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (days, _("%(days)s days") % {"days": days})
            for days in EXPIRY_CHOICES
            if days <= settings.API_TOKEN_MAX_DAYS
        ]
