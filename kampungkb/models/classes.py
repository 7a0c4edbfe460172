"""The computed maturity class of a Kampung KB for a year, with the scores it came from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kampungkb.rules import CLASS_LABELS, CLASS_ORDER, read_reasons
from pokja.kernel.scoping import ScopedQuerySet


class MaturityClassQuerySet(ScopedQuerySet):
    region_code_field = "kampung__region__code"


class MaturityClass(models.Model):
    """Written only by `kampungkb.services.classify` (one row per Kampung KB and year)."""

    class Level(models.TextChoices):
        DASAR = "dasar", CLASS_LABELS["dasar"]
        BERKEMBANG = "berkembang", CLASS_LABELS["berkembang"]
        MANDIRI = "mandiri", CLASS_LABELS["mandiri"]
        BERKELANJUTAN = "berkelanjutan", CLASS_LABELS["berkelanjutan"]

    kampung = models.ForeignKey(
        "kampungkb.KampungKB",
        verbose_name=_("Kampung KB"),
        on_delete=models.CASCADE,
        related_name="classes",
        # The one-class-a-year constraint's index leads with kampung_id and serves every
        # lookup by Kampung KB (and the cascade); a second index would only cost each write.
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("class"), max_length=15, choices=Level.choices)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)  # 0 Dasar .. 3 Berkelanjutan
    reasons = models.JSONField(_("scores"), default=dict)
    profile = models.ForeignKey(
        "kampungkb.Profile",
        verbose_name=_("profile used"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("computed at"))

    objects = MaturityClassQuerySet.as_manager()

    class Meta:
        ordering = ["kampung_id", "-year"]
        verbose_name = _("maturity class")
        verbose_name_plural = _("maturity classes")
        constraints = [
            models.UniqueConstraint(fields=["kampung", "year"], name="kampungkb_one_class_a_year")
        ]
        indexes = [models.Index(fields=["year", "level"], name="kkb_class_year_level")]

    def __str__(self) -> str:
        return f"{self.kampung_id} {self.year}: {self.get_level_display()}"

    @property
    def scores(self) -> dict[str, int]:
        return read_reasons(self.reasons)[0]

    @property
    def indicator_values(self) -> dict[str, str]:
        return read_reasons(self.reasons)[1]

    @staticmethod
    def rank_of(level: str) -> int:
        return CLASS_ORDER.index(level)
