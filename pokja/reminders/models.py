"""What needs a user's action ("Perlu tindakan"), their digest choice and the digest log.

A `DueItem` is one row per user, kind and object (`key`); the nightly run adds what became due,
updates what changed and deletes what was fixed, so running it twice changes nothing. Its text
is kept as the English source message and its parameters, translated when shown (the reader's
language, not the night's).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DueItemQuerySet(models.QuerySet):
    def active(self, today):
        """Not snoozed (a snooze lasts until the day it names)."""
        return self.filter(models.Q(snoozed_until__isnull=True) | models.Q(snoozed_until__lt=today))


class DueItem(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="due_items",
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("object"), max_length=120)
    title = models.CharField(_("what"), max_length=255)
    reason = models.CharField(_("why"), max_length=255)
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500)
    region = models.CharField(_("region"), max_length=13, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)

    objects = DueItemQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "kind", "key"]
        verbose_name = _("item needing action")
        verbose_name_plural = _("items needing action")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="due_item_unique"),
        ]
        indexes = [models.Index(fields=["user", "snoozed_until"], name="due_item_user_snooze")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.key}"

    @property
    def digest_key(self) -> str:
        return f"{self.kind}:{self.key}"

    def _params(self) -> dict:
        params = dict(self.params)
        for name, value in self.params.items():
            if name.endswith("_date") and value:
                params[name] = formats.date_format(parse_date(value), "SHORT_DATE_FORMAT")
            elif name.endswith("_month") and value:  # "Desember 2026"
                params[name] = formats.date_format(parse_date(value), "YEAR_MONTH_FORMAT")
        if "model" in params:
            meta = apps.get_model(params["model"])._meta
            params["records"] = meta.verbose_name_plural
            params["record_kind"] = capfirst(meta.verbose_name)
        return params

    def what(self) -> str:
        return gettext(self.title) % self._params()

    def why(self) -> str:
        return gettext(self.reason) % self._params()


class DigestChoice(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Off")


class ReminderPreference(models.Model):
    """A user's choice of e-mail digest; a user without a row gets the weekly digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    digest = models.CharField(
        _("e-mail digest"),
        max_length=10,
        choices=DigestChoice.choices,
        default=DigestChoice.WEEKLY,
    )

    class Meta:
        ordering = ["user_id"]
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_digest_display()}"


class DigestLog(models.Model):
    """One digest sent: to whom, for which period, and which items it listed (so no item is
    sent twice in one period)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    frequency = models.CharField(_("e-mail digest"), max_length=10, choices=DigestChoice.choices)
    period_start = models.DateField(_("period starting"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipient = models.EmailField(_("recipient"))
    item_keys = models.JSONField(_("items"), default=list)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        indexes = [models.Index(fields=["user", "period_start"], name="digest_log_user_period")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.sent_at:%Y-%m-%d %H:%M}"

    @property
    def item_count(self) -> int:
        return len(self.item_keys)
