"""The e-mail digest: at most one per period (day or week, as each user chose; weekly by
default), listing what needs the user's action. Every digest sent is logged with its items, so
a second run in the same period sends nothing: no item reaches a user twice in one period.

Only a digest the mail server accepted is logged as sent. One it refused (or a server that cannot
be reached) is logged as an error and left unrecorded, so the next run sends it again."""

from __future__ import annotations

import datetime
import logging
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
logger = logging.getLogger(__name__)


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
    due = []
    for user in users:
        if user.pk not in starts or ALREADY_SENT in sent_keys[user.pk]:
            continue  # digests off, or one digest per period
        new = [i for i in items_by_user[user.pk] if i.digest_key not in sent_keys[user.pk]]
        if new:
            due.append((user, new))
    if not due:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except Exception:  # smtplib and socket errors have no common base worth naming
        logger.exception("Mail server unreachable: %s digests not sent, retried next run", len(due))
        return 0
    sent = failed = 0
    try:
        for user, new in due:
            if not _send(user, new, connection):
                failed += 1
                connection.close()  # a refused message may leave the session unusable
                continue
            frequency, start = starts[user.pk]
            DigestLog.objects.create(
                user=user,
                frequency=frequency,
                period_start=start,
                recipient=user.email,
                item_keys=[i.digest_key for i in new],
            )
            sent += 1
    finally:
        connection.close()
    logger.info("Digests: %s sent, %s failed", sent, failed, extra={"sent": sent, "failed": failed})
    return sent


def _send(user: User, items: list[DueItem], connection) -> bool:
    """True when the mail server accepted the digest."""
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
    try:
        accepted = message.send()
    except Exception:
        logger.exception("Digest to user %s not sent, retried next run", user.pk)
        return False
    if not accepted:
        logger.error("Digest to user %s refused by the mail backend, retried next run", user.pk)
        return False
    return True
