"""TPPS teams of kecamatan and desa/kelurahan.

At province and kab/kota level the TPPS *is* the Pokja's Stunting (TPPS) working group: its SK is
the working group's decree (pokja.Decree) and its members the working group's members
(pokja.Member), so nothing of it is stored here; the stunting pages read them from there. Below
the kab/kota there is no Pokja, so a kecamatan or village team is its own record, parented by
its region, with its SK as evidence.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pokja.kernel.scoping import ScopedQuerySet
from pokja.kernel.verification import Verifiable, VerifiableQuerySet
from pokja.validators import validate_plausible_date

TEAM_LEVELS = ("kecamatan", "desa", "kelurahan")


class TeamQuerySet(VerifiableQuerySet):
    region_code_field = "region__code"


class TppsTeam(Verifiable):
    """The TPPS of a kecamatan (SK of the Camat) or a desa/kelurahan (Kepala Desa/Lurah)."""

    class Signer(models.TextChoices):
        CAMAT = "camat", _("Camat")
        KEPALA_DESA = "kepala_desa", _("Village head (Kepala Desa)")
        LURAH = "lurah", _("Lurah")

    region = models.OneToOneField(
        "pokja.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="tpps"
    )
    sk_number = models.CharField(_("SK number"), max_length=100)
    sk_date = models.DateField(_("SK date"), validators=[validate_plausible_date])
    signer = models.CharField(_("signed by"), max_length=15, choices=Signer.choices)
    chair_name = models.CharField(_("chair"), max_length=200)
    chair_agency = models.CharField(_("chair's agency"), max_length=200)

    objects = TeamQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("TPPS team")
        verbose_name_plural = _("TPPS teams")

    def __str__(self) -> str:
        return f"TPPS {self.region.name}" if self.region_id else "TPPS"

    def clean(self) -> None:
        super().clean()
        if self.region_id and self.region.level not in TEAM_LEVELS:
            raise ValidationError(
                _(
                    "A province's or kab/kota's TPPS is its Pokja's Stunting working group; "
                    "record it there."
                )
            )


class TeamMemberQuerySet(ScopedQuerySet):
    region_code_field = "team__region__code"


class TppsMember(models.Model):
    """A member of a kecamatan or village TPPS and the agency they come from."""

    team = models.ForeignKey(
        TppsTeam, verbose_name=_("TPPS team"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position in the team"), max_length=100)
    agency = models.CharField(_("agency"), max_length=200)

    objects = TeamMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["team_id", "pk"]
        verbose_name = _("TPPS member")
        verbose_name_plural = _("TPPS members")

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"
