"""Kemendagri regions (wilayah): provinces down to villages, keyed by their official code."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja.kernel.scoping import ScopedQuerySet


def province_code_of(code: str) -> str:
    """The Kemendagri code of the province a region code belongs to ("63.71.01" -> "63")."""
    return code.split(".")[0]


class RegionQuerySet(ScopedQuerySet):
    region_code_field = "code"

    def provinces(self):
        return self.filter(level=Region.Level.PROVINSI)

    def kabupaten_kota(self):
        return self.filter(level__in=Region.KABUPATEN_KOTA_LEVELS)


class Region(models.Model):
    """A province, kabupaten/kota, kecamatan or desa/kelurahan, e.g. `63.71` Kota Banjarmasin.

    The Kemendagri code is the primary key: it is stable, it is what users type and read, and a
    code's prefix is its ancestry, which makes scoping a string comparison.
    """

    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")
        KOTA = "kota", _("City (kota)")
        KECAMATAN = "kecamatan", _("Sub-district (kecamatan)")
        DESA = "desa", _("Village (desa)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")

    KABUPATEN_KOTA_LEVELS = (Level.KABUPATEN, Level.KOTA)
    VILLAGE_LEVELS = (Level.DESA, Level.KELURAHAN)

    code = models.CharField(_("Kemendagri code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="provinsi", parent__isnull=True)
                | (~models.Q(level="provinsi") & models.Q(parent__isnull=False)),
                name="region_parent_matches_level",
                violation_error_message=_("Only a province has no parent region."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("pokja:region_detail", kwargs={"code": self.code})

    @property
    def is_province(self) -> bool:
        return self.level == self.Level.PROVINSI

    @property
    def is_kabupaten_kota(self) -> bool:
        return self.level in self.KABUPATEN_KOTA_LEVELS

    @property
    def is_village(self) -> bool:
        """A desa or kelurahan: the lowest level, never with regions below."""
        return self.level in self.VILLAGE_LEVELS

    @property
    def province_code(self) -> str:
        return province_code_of(self.code)
