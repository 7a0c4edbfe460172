"""What every verifiable record has, whatever app it belongs to and whatever its parent is.

Draf -> Diajukan -> Terverifikasi, or Diajukan -> Ditolak (with a reason) -> Diajukan again; a
verifier may also return a verified record (Terverifikasi -> Ditolak, with a reason). Only
verified records count anywhere. The transitions are `pokja.kernel.workflow`'s; this module
holds the fields and the checks a record makes of itself.

`version` guards against lost updates: every save through the workflow raises it by one, and an
edit form that was opened on an older version is refused (see `workflow.StaleRecord`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja.kernel.scoping import ScopedQuerySet
from pokja.kernel.uploads import (
    ReencodingFileField,
    evidence_upload_to,
    validate_evidence_file,
)


class Status(models.TextChoices):
    DRAF = "draf", _("Draft")
    DIAJUKAN = "diajukan", _("Submitted")
    TERVERIFIKASI = "terverifikasi", _("Verified")
    DITOLAK = "ditolak", _("Rejected")


class Versioned(models.Model):
    """A row whose edits are checked against the version the editor started from."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class VerifiableQuerySet(ScopedQuerySet):
    def verified(self):
        return self.filter(status=Status.TERVERIFIKASI)

    def awaiting_verification(self):
        return self.filter(status=Status.DIAJUKAN)

    def rejected(self):
        return self.filter(status=Status.DITOLAK)


class Verifiable(Versioned):
    """Status, evidence document, verifier and reason, shared by every kind of verifiable record.

    A concrete model adds its parent (a Pokja, a village, a region ...), its own fields, and a
    queryset naming the path to its region's code.
    """

    Status = Status
    STATUSES_NEEDING_DOCUMENT = (Status.DIAJUKAN, Status.TERVERIFIKASI)
    # Records whose evidence is a figure rather than a file (an achievement) set this to False.
    document_required = True
    # The buttons' words, where a kind of record names a transition its own way (a TPPS report
    # is "submitted as a report"): {"submit": _("Submit the report")}. The states' words are
    # `Status`'s for every kind of record.
    action_labels: dict = {}

    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAF, db_index=True
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    document = ReencodingFileField(
        _("document"),
        upload_to=evidence_upload_to,
        validators=[validate_evidence_file],
        blank=True,
        max_length=255,
        help_text=_("PDF, JPEG or PNG."),
    )
    document_name = models.CharField(_("original file name"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = VerifiableQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if (
            self.document_required
            and self.status in self.STATUSES_NEEDING_DOCUMENT
            and not self.document
        ):
            raise ValidationError(
                {"document": _("Attach the document before submitting or verifying.")}
            )
        if self.status == Status.DITOLAK and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": _("Say why the record is rejected.")})

    @property
    def is_verified(self) -> bool:
        return self.status == Status.TERVERIFIKASI

    def warnings(self) -> list[str]:
        """Unusual but accepted values, shown as flags on the record's page."""
        return []

    def plain_label(self) -> str:
        """How a sentence names this record after its kind and region ("Laporan semester TPPS
        Kota Banjarmasin, *semester 1 2026*"): the record's own text by default; a kind whose
        `__str__` reads like a code overrides it."""
        return str(self)
