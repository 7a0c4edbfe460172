"""Submission keys: a form sent from the device's queue ("Antrean kirim") carries a key the
browser generated when it was filled, so a second replay of the same form (the connection
dropped before the answer arrived) is recognised instead of saved twice.

The key is remembered per user, in the same transaction as the record it saved: either both are
written or neither. A key seen again answers "already received" with the saved record's page.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FIELD = "submission_key"  # the hidden field the queue adds to every form it sends


class SubmissionKey(models.Model):
    """A form submission already saved, by the key its browser gave it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE
    )
    key = models.UUIDField(_("submission key"))
    record_url = models.CharField(_("record page"), max_length=255)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("submission key")
        verbose_name_plural = _("submission keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="submission_key_once_per_user")
        ]

    def __str__(self) -> str:
        return str(self.key)


def posted_key(request) -> uuid.UUID | None:
    """The submission key of this POST, if it carries a well-formed one."""
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def already_saved(user, key: uuid.UUID | None) -> str | None:
    """The page of the record this key already saved, or None if the key is new."""
    if key is None:
        return None
    return (
        SubmissionKey.objects.filter(user=user, key=key)
        .values_list("record_url", flat=True)
        .first()
    )


def remember(user, key: uuid.UUID | None, record_url: str) -> None:
    """Record the key; call inside the transaction that saved the record."""
    if key is not None:
        SubmissionKey.objects.create(user=user, key=key, record_url=record_url)
