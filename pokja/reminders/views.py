"""The "Perlu tindakan" page: what needs the user's action, refreshed when opened (so a fixed
item is gone at once, not only after the nightly run), each with a snooze."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pokja.reminders import services
from pokja.reminders.forms import SnoozeForm
from pokja.reminders.models import DueItem


@require_GET
def due_list(request):
    services.refresh(only_user=request.user)
    items = DueItem.objects.filter(user=request.user)
    active = list(items.active(timezone.localdate()))
    snoozed = list(items.exclude(pk__in=[i.pk for i in active]))
    for item in active:
        item.snooze_input = SnoozeForm(auto_id=f"until-{item.pk}-%s")["until"]
    return render(
        request,
        "reminders/due_list.html",
        {"items": active, "snoozed": snoozed},
    )


@require_POST
def snooze(request, pk: int):
    item = get_object_or_404(DueItem, pk=pk, user=request.user)
    if "wake" in request.POST:
        services.snooze(item=item, until=None)
        messages.success(request, _("The reminder is shown again."))
        return redirect("reminders:due_list")
    form = SnoozeForm(request.POST)
    if form.is_valid():
        services.snooze(item=item, until=form.cleaned_data["until"])
        until = formats.date_format(form.cleaned_data["until"], "SHORT_DATE_FORMAT")
        messages.success(request, _("Snoozed until %(date)s.") % {"date": until})
    else:
        for error in form.errors.get("until", []):
            messages.error(request, error)
    return redirect("reminders:due_list")
