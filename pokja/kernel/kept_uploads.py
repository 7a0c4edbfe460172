"""Files survive a form that comes back with an error.

A browser never re-sends a chosen file: when a form is refused (a figure that does not add up,
a month already entered), every file the person picked would have to be picked again. Instead,
each valid file of a refused form is kept here, server-side, for its owner only, and the form
shows "Already uploaded: x.pdf" with a hidden token. Posting the form again without picking a
file uses the kept one; picking a new file or ticking "remove" replaces or drops it.

- A token is honoured only for the user who uploaded it and the field it came from, and only for
  `KEEP_FOR`: anybody else's (or an expired) token is ignored, as if no file had been sent, so it
  never lets a person attach a file they did not upload.
- A kept file goes through the field's own validators again on the resubmit (content checks,
  re-encoding), exactly as a freshly chosen file: nothing here re-states those rules.
- It is stored under `kept/<user id>/` with a random name (the original name is kept as data)
  and removed once the record it went into is saved; the nightly housekeeping removes the
  expired rest (`remove_expired`).

Every form with a file field gets this from `KeptUploadsMixin`; `RecordFormBase` includes it.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pokja.kernel.uploads import detected_mime
from pokja.kernel.widgets import EvidenceFileInput

logger = logging.getLogger(__name__)

KEEP_FOR = datetime.timedelta(hours=24)
KEPT_SUFFIX = "-kept"  # the hidden input beside the file input: "<name>-kept"
REMOVE_SUFFIX = "-kept-remove"  # the checkbox that drops the kept file


def _kept_upload_to(instance, filename: str) -> str:
    extension = PurePath(filename).suffix.lower()[:8]
    return f"kept/{instance.owner_id}/{uuid.uuid4().hex}{extension}"


class KeptUploadQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - KEEP_FOR)

    def usable(self, *, user, field_name: str, token: str):
        """The user's own kept file for this field, if the token names one that has not expired."""
        try:
            token = uuid.UUID(str(token))
        except ValueError:
            return None
        if not getattr(user, "pk", None):
            return None
        return (
            self.filter(owner=user, field_name=field_name, token=token)
            .exclude(pk__in=self.expired().values("pk"))
            .first()
        )


class KeptUpload(models.Model):
    """A valid file of a form that came back with an error, kept for its owner to resubmit."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    field_name = models.CharField(_("field"), max_length=100)
    original_name = models.CharField(_("original file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=_kept_upload_to, max_length=255)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)

    objects = KeptUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kept upload")
        verbose_name_plural = _("kept uploads")

    def __str__(self) -> str:
        return self.original_name

    def as_upload(self) -> KeptFile:
        """The kept file as the form would have received it (its original name and type)."""
        handle = self.file.storage.open(self.file.name, "rb")  # disk or bucket
        mime = detected_mime(handle) or "application/octet-stream"
        return KeptFile(handle, self.original_name, mime, handle.size, None, kept=self)

    def discard(self) -> None:
        self.file.delete(save=False)
        self.delete()


class KeptFile(UploadedFile):
    """A kept file handed to a form field in place of a fresh upload."""

    def __init__(self, *args, kept: KeptUpload, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = kept


def keep(*, owner, field_name: str, upload) -> KeptUpload:
    name = PurePath(upload.name or "").name[-255:] or "file"  # as the person named it
    upload.seek(0)
    kept = KeptUpload(owner=owner, field_name=field_name, original_name=name)
    kept.file.save(name, upload, save=False)
    kept.save()
    return kept


def remove_expired(now=None) -> int:
    """Remove the kept files nobody came back for (the nightly housekeeping calls this)."""
    removed = 0
    for kept in KeptUpload.objects.expired(now).iterator():
        kept.discard()
        removed += 1
    return removed


def _discard_if_stored(instance, field_name: str, kept: KeptUpload) -> None:
    """After the commit: drop the kept copy once the record holds its own stored file."""
    stored = getattr(instance, field_name, None)
    if instance.pk and stored and getattr(stored, "_committed", False):
        kept.discard()


class KeptUploadsMixin:
    """For a form with file fields: keeps the valid files of a refused form (see the module).

    The form needs `self.user` when it is validated (record forms have it). `keeps_uploads =
    False` switches keeping off (the API, whose clients re-send their files anyway).
    """

    keeps_uploads = True

    def file_field_names(self) -> list[str]:
        return [name for name, f in self.fields.items() if isinstance(f, forms.FileField)]

    def full_clean(self):
        self.kept_uploads: dict[str, KeptUpload] = {}
        self._kept_after_validation = False
        if self.is_bound and self.keeps_uploads:
            self._take_kept_uploads()
        super().full_clean()
        if self.is_bound and self.keeps_uploads:
            self._kept_after_validation = True
            if self._errors:
                self.keep_valid_uploads()

    def add_error(self, field, error):
        super().add_error(field, error)
        # An error found after validation (the save itself refused it): keep the files too.
        if getattr(self, "_kept_after_validation", False):
            self.keep_valid_uploads()

    def _take_kept_uploads(self) -> None:
        files = self.files.copy()
        for name in self.file_field_names():
            key = self.add_prefix(name)
            token = self.data.get(key + KEPT_SUFFIX)
            if not token:
                continue
            kept = KeptUpload.objects.usable(
                user=getattr(self, "user", None), field_name=name, token=token
            )
            if kept is None:
                continue  # someone else's, expired or made up: as if no file had been sent
            if self.data.get(key + REMOVE_SUFFIX):
                kept.discard()
                continue
            if files.get(key):
                continue  # a newly chosen file replaces the kept one
            try:
                files[key] = kept.as_upload()
            except FileNotFoundError:
                # kept on a host whose disk this one does not share: the person picks it again
                logger.error("Kept upload %s is missing from the storage", kept.file.name)
                kept.delete()
                continue
            self.kept_uploads[name] = kept
        self.files = files

    def keep_valid_uploads(self) -> None:
        """Keep every file that passed its field's checks, and show it on the form."""
        user = getattr(self, "user", None)
        if not getattr(user, "pk", None):
            return
        for name in self.file_field_names():
            if name in self._errors:
                continue
            value = self.cleaned_data.get(name)
            if name not in self.kept_uploads:
                if not isinstance(value, UploadedFile):
                    continue  # no file, or the one the record already stores
                kept = value.kept if isinstance(value, KeptFile) else None
                self.kept_uploads[name] = kept or keep(owner=user, field_name=name, upload=value)
            field = self.fields[name]
            if not isinstance(field.widget, EvidenceFileInput):  # the one that shows the token
                field.widget = EvidenceFileInput(attrs=field.widget.attrs)
            field.widget.kept = self.kept_uploads[name]

    def save(self, commit=True):
        for name in self.file_field_names():
            # The name the person gave the file, where the model keeps one ("document_name").
            value = self.cleaned_data.get(name)
            if isinstance(value, UploadedFile) and hasattr(self.instance, f"{name}_name"):
                setattr(self.instance, f"{name}_name", value.name)
        instance = super().save(commit=commit)
        for name, kept in getattr(self, "kept_uploads", {}).items():
            value = self.cleaned_data.get(name)
            if isinstance(value, KeptFile) and value.kept == kept:
                transaction.on_commit(lambda n=name, k=kept: _discard_if_stored(instance, n, k))
        return instance
