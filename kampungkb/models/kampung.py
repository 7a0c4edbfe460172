"""The Kampung KB registry: at most one active Kampung KB per desa/kelurahan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kampungkb.uploads import photo_upload_to, validate_image
from pokja.kernel.images import is_reencoded
from pokja.kernel.scoping import ScopedQuerySet
from pokja.kernel.uploads import ReencodingFileField
from pokja.kernel.verification import Versioned
from pokja.validators import validate_plausible_date


class KampungKBQuerySet(ScopedQuerySet):
    region_code_field = "region__code"

    def active(self):
        return self.filter(is_active=True)


class KampungKB(Versioned):
    """A Kampung KB (Kampung Keluarga Berkualitas) of one desa/kelurahan."""

    class Coverage(models.TextChoices):
        RW = "rw", _("One or more RW")
        DUSUN = "dusun", _("One or more dusun")
        DESA = "desa", _("The whole desa/kelurahan")

    class Criterion(models.TextChoices):
        LOW_KB = "low_kb", _("KB participation below the village average")
        POOR = "poor", _("More poor families than average")
        REMOTE = "remote", _("Remote, border or coastal area")
        OTHER = "other", _("Other")

    region = models.ForeignKey(
        "pokja.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="kampung_kb",
    )
    name = models.CharField(_("name"), max_length=150)
    launched_on = models.DateField(_("launch date"), validators=[validate_plausible_date])
    coverage = models.CharField(_("coverage"), max_length=10, choices=Coverage.choices)
    selection_criteria = models.JSONField(_("site-selection criteria"), default=list, blank=True)
    choice_lists = {"selection_criteria": Criterion}  # shown by their labels (pokja.kernel.history)
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-11), MaxValueValidator(6)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(94), MaxValueValidator(142)],
    )
    photo = ReencodingFileField(
        _("photo"),
        upload_to=photo_upload_to,
        validators=[validate_image],
        blank=True,
        max_length=255,
        help_text=_("JPEG or PNG."),
    )
    is_model_kabupaten = models.BooleanField(
        _("model Kampung KB of the regency/city"), default=False
    )
    is_model_province = models.BooleanField(_("model Kampung KB of the province"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    closing_reason = models.TextField(_("reason for closing"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = KampungKBQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("Kampung KB")
        verbose_name_plural = _("Kampung KB")
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(is_active=True),
                name="kampungkb_one_active_per_village",
                violation_error_message=_("This village already has an active Kampung KB."),
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, closed_on__isnull=True)
                | Q(is_active=False, closed_on__isnull=False),
                name="kampungkb_closed_has_date",
                violation_error_message=_("A closed Kampung KB needs its closing date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("kampungkb:detail", args=[self.pk])

    @property
    def photo_is_shown(self) -> bool:
        """Only a re-encoded photo is shown on the page: one stored before photos were
        re-encoded may be any size and carry its GPS position (upload it again to show it)."""
        return bool(self.photo) and is_reencoded(self.photo.name)

    @property
    def kabupaten_kota_code(self) -> str:
        return self.region_id[:5]

    def clean(self) -> None:
        super().clean()
        if self.region_id and not self.region.is_village:
            raise ValidationError({"region": _("Choose a desa or kelurahan.")})
        unknown = set(self.selection_criteria or []) - set(self.Criterion.values)
        if unknown:
            raise ValidationError({"selection_criteria": _("Unknown site-selection criterion.")})
        if self.closed_on and self.launched_on and self.closed_on < self.launched_on:
            raise ValidationError({"closed_on": _("It cannot close before its launch.")})
