"""The e-mail digest: at most one per period (day or week, as each user chose; weekly by
default), listing what needs the user's action. Every digest sent is logged with its items, so
a second run in the same period sends nothing: no item reaches a user twice in one period."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pokja.models import User
from pokja.reminders.models import DigestChoice, DigestLog, DueItem, ReminderPreference

ALREADY_SENT = object()


def period_start(frequency: str, today: datetime.date) -> datetime.date:
    if frequency == DigestChoice.DAILY:
        return today
    return today - datetime.timedelta(days=today.weekday())  # the week's Monday


def send_digests(*, today: datetime.date | None = None) -> int:
    """Send every due digest; returns how many were sent. Safe to run more than once a day."""
    today = today or timezone.localdate()
    choices = dict(ReminderPreference.objects.values_list("user_id", "digest"))
    items_by_user = defaultdict(list)
    for item in DueItem.objects.active(today).order_by("user_id", "due_on", "kind", "key"):
        items_by_user[item.user_id].append(item)
    if not items_by_user:
        return 0
    users = list(User.objects.filter(pk__in=items_by_user, is_active=True).exclude(email=""))
    starts = {}
    for user in users:
        frequency = choices.get(user.pk, DigestChoice.WEEKLY)
        if frequency != DigestChoice.OFF:
            starts[user.pk] = (frequency, period_start(frequency, today))
    earliest = min((start for _f, start in starts.values()), default=today)
    logs = DigestLog.objects.filter(user_id__in=starts, period_start__gte=earliest)
    sent_keys = defaultdict(set)
    for user_id, start, keys in logs.values_list("user_id", "period_start", "item_keys"):
        if starts[user_id][1] == start:
            sent_keys[user_id].update(keys)
            sent_keys[user_id].add(ALREADY_SENT)
    sent = 0
    with get_connection() as connection:
        for user in users:
            if user.pk not in starts:
                continue
            frequency, start = starts[user.pk]
            if ALREADY_SENT in sent_keys[user.pk]:
                continue  # one digest per period
            new = [i for i in items_by_user[user.pk] if i.digest_key not in sent_keys[user.pk]]
            if not new:
                continue
            _send(user, new, connection)
            DigestLog.objects.create(
                user=user,
                frequency=frequency,
                period_start=start,
                recipient=user.email,
                item_keys=[i.digest_key for i in new],
            )
            sent += 1
    return sent


def _send(user: User, items: list[DueItem], connection) -> None:
    # The digest is written in the portal's language (Indonesian), as the users read it.
    with translation.override(settings.LANGUAGE_CODE):
        rows = [
            {"what": i.what(), "why": i.why(), "url": settings.PORTAL_BASE_URL + i.url}
            for i in items
        ]
        context = {
            "user": user,
            "rows": rows,
            "page_url": settings.PORTAL_BASE_URL + reverse("reminders:due_list"),
            "profile_url": settings.PORTAL_BASE_URL + reverse("profile:profile"),
        }
        subject = _("Portal Pokja: %(count)s items need your action") % {"count": len(rows)}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("reminders/digest.txt", context),
            to=[user.email],
            connection=connection,
        )
        message.attach_alternative(render_to_string("reminders/digest.html", context), "text/html")
        message.send()
