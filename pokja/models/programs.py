"""Two more kinds of Pokja evidence, each a small declaration on the kernel's machinery.

- A region's **GDPK** (Grand Design Pembangunan Kependudukan): its period, the pillars it covers,
  its legal form. Its parent is the region itself, not the Pokja.
- An **advocacy activity** of the Pokja Advokasi: whom it addressed, on what, with what result.
  Its parent is the working group.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pokja.kernel.verification import Verifiable, VerifiableQuerySet
from pokja.models.working_groups import WorkingGroup
from pokja.validators import validate_plausible_date

# A GDPK spans 25 years and may have been adopted long ago or reach far ahead.
gdpk_year_validators = [
    MinValueValidator(1990, _("Enter a year from 1990 on.")),
    MaxValueValidator(2100, _("Enter a year up to 2100.")),
]


class GdpkQuerySet(VerifiableQuerySet):
    region_code_field = "region__code"

    def in_force(self, year: int):
        return self.verified().filter(year_start__lte=year, year_end__gte=year)


class GdpkDocument(Verifiable):
    """The GDPK of a province or kab/kota (Perpres 153/2014)."""

    class LegalForm(models.TextChoices):
        PERDA = "perda", _("Regional regulation (Perda)")
        PERGUB = "pergub", _("Governor regulation (Pergub)")
        PERBUP = "perbup", _("Regent regulation (Perbup)")
        PERWAL = "perwal", _("Mayor regulation (Perwal)")
        NONE = "none", _("No legal form yet")

    PILLARS = (
        "pillar_quantity",
        "pillar_quality",
        "pillar_family",
        "pillar_mobility",
        "pillar_administration",
    )

    region = models.ForeignKey(
        "pokja.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="gdpk_documents",
    )
    title = models.CharField(_("title"), max_length=255)
    year_start = models.PositiveSmallIntegerField(_("first year"), validators=gdpk_year_validators)
    year_end = models.PositiveSmallIntegerField(_("last year"), validators=gdpk_year_validators)
    pillar_quantity = models.BooleanField(_("population quantity"), default=False)
    pillar_quality = models.BooleanField(_("population quality"), default=False)
    pillar_family = models.BooleanField(_("family development"), default=False)
    pillar_mobility = models.BooleanField(_("distribution and mobility"), default=False)
    pillar_administration = models.BooleanField(_("population administration"), default=False)
    legal_form = models.CharField(_("legal form"), max_length=10, choices=LegalForm.choices)
    adopted_on = models.DateField(
        _("adopted on"), null=True, blank=True, validators=[validate_plausible_date]
    )

    objects = GdpkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "-year_start"]
        verbose_name = _("GDPK document")
        verbose_name_plural = _("GDPK documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(year_end__gte=F("year_start")),
                name="gdpk_years_in_order",
                violation_error_message=_("The last year cannot be before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"GDPK {self.year_start}–{self.year_end}: {self.title}"

    @property
    def pillar_count(self) -> int:
        return sum(getattr(self, name) for name in self.PILLARS)

    def clean(self) -> None:
        super().clean()
        if not self.pillar_count:
            raise ValidationError(_("Tick at least one of the five pillars the GDPK covers."))
        if self.legal_form != self.LegalForm.NONE and not self.adopted_on:
            raise ValidationError({"adopted_on": _("Enter the date the regulation was adopted.")})


class AdvocacyQuerySet(VerifiableQuerySet):
    region_code_field = "working_group__pokja__region__code"


class AdvocacyActivity(Verifiable):
    """An advocacy activity of the Pokja Advokasi toward a decision maker or leader."""

    class Target(models.TextChoices):
        KEPALA_DAERAH = "kepala_daerah", _("Regional head")
        DPRD = "dprd", _("Regional parliament (DPRD)")
        KEPALA_OPD = "kepala_opd", _("Head of a regional agency")
        TOKOH_MASYARAKAT = "tokoh_masyarakat", _("Community leader")
        TOKOH_AGAMA = "tokoh_agama", _("Religious leader")

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="advocacy_activities",
    )
    held_on = models.DateField(_("date"), validators=[validate_plausible_date])
    target = models.CharField(_("advocacy target"), max_length=20, choices=Target.choices)
    topic = models.CharField(_("topic"), max_length=255)
    result = models.TextField(_("result"))
    follow_up = models.TextField(_("follow-up"), blank=True)

    objects = AdvocacyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("advocacy activity")
        verbose_name_plural = _("advocacy activities")

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%d-%m-%Y})"

    def clean(self) -> None:
        super().clean()
        if self.working_group_id and self.working_group.kind != WorkingGroup.Kind.ADVOKASI:
            raise ValidationError(_("Advocacy activities belong to the Advokasi working group."))
