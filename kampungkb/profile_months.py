"""One profile per Kampung KB and month: which month the form offers, and what happens when the
chosen month already has a profile.

An operator who opens "Enter a month's profile" must never fill some fifty fields for a month
that is already entered, only to be refused on saving. So:
- the form for a month that has a profile (`?bulan=mm/yyyy`) opens that profile instead: its
  edit page while its owner may still change it, else its page with a word why;
- without a month, the form offers this month, or, when this month is entered, the latest
  earlier month still missing (never one before the Kampung KB was launched), and says before
  the first field that this month has a profile, with a link to it;
- a save that still meets a profile of the same month (two tabs, a colleague) is refused with
  the month named and a link to the profile; the form's files are kept (kernel kept_uploads).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kampungkb.models import Profile
from pokja.kernel import policy


def _previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def month_words(month: datetime.date) -> str:
    """A month as the pages say it ("Desember 2026"); mm/yyyy is only what the field takes."""
    return date_format(month, "YEAR_MONTH_FORMAT")


def parse_month(text: str) -> datetime.date | None:
    """A month as the form and links write it (mm/yyyy), or None."""
    try:
        return datetime.datetime.strptime(text.strip(), "%m/%Y").date()
    except (AttributeError, ValueError):
        return None


def first_month_without_profile(kampung, today: datetime.date | None = None) -> datetime.date:
    """This month if it has no profile, else the latest earlier month without one (up to a
    year back, not before the launch); this month when every one of them is entered."""
    this_month = (today or timezone.localdate()).replace(day=1)
    earliest = this_month.replace(year=this_month.year - 1)
    if kampung.launched_on:
        earliest = max(earliest, kampung.launched_on.replace(day=1))
    taken = set(
        Profile.objects.filter(kampung=kampung, period__gte=earliest).values_list(
            "period", flat=True
        )
    )
    month = this_month
    while month >= earliest:
        if month not in taken:
            return month
        month = _previous_month(month)
    return this_month


def profile_of_month(kampung, month: datetime.date, *, exclude_pk=None) -> Profile | None:
    return (
        Profile.objects.filter(kampung=kampung, period=month.replace(day=1))
        .exclude(pk=exclude_pk)
        .first()
    )


def profile_url(user, profile: Profile) -> str:
    """Where a person goes to see the profile: its edit page while they may change it."""
    action = "edit" if policy.may_edit(user, profile) else "detail"
    return reverse(f"kampungkb:profile_{action}", args=[profile.pk])


def taken_message(user, profile: Profile) -> str:
    """ "Maret 2025 already has a profile (Draft): open it", the link to the profile."""
    text = _("%(month)s already has a profile (%(status)s).") % {
        "month": month_words(profile.period),
        "status": profile.get_status_display(),
    }
    link = _("Continue that profile") if policy.may_edit(user, profile) else _("Open it")
    return format_html(
        '{} <a href="{}" class="alert-link existing-profile">{}</a>',
        text,
        profile_url(user, profile),
        link,
    )


def open_existing_month(request, kampung):
    """Before the create form opens: the month asked for (`?bulan=`) is already entered, so the
    person goes to that profile rather than to an empty form (RecordType.before_create)."""
    month = parse_month(request.GET.get("bulan", ""))
    existing = profile_of_month(kampung, month) if month else None
    if existing is None:
        return None
    if policy.may_edit(request.user, existing):
        messages.info(
            request,
            _("%(month)s already has a profile: here it is, to continue.")
            % {"month": month_words(existing.period)},
        )
        return redirect("kampungkb:profile_edit", pk=existing.pk)
    messages.info(
        request,
        _("%(month)s already has a profile (%(status)s); it can no longer be changed here.")
        % {"month": month_words(existing.period), "status": existing.get_status_display()},
    )
    return redirect(existing)
