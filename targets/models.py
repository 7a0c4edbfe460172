"""Program targets: the indicator catalogue, national and province targets, the split over
kabupaten/kota, and achievements."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pokja.kernel.registry import registry
from pokja.kernel.scoping import ScopedQuerySet
from pokja.kernel.verification import Verifiable, VerifiableQuerySet
from pokja.kernel.years import validate_program_year


class Indicator(models.Model):
    """A program indicator: BKKBN's main indicators and the operational counts."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Kind(models.TextChoices):
        ADDITIVE = "additive", _("Count (can be summed)")
        RATE = "rate", _("Rate (cannot be summed)")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        KABUPATEN_KOTA = "kabupaten_kota", _("Regency/city")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=50)
    direction = models.CharField(_("better when"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    lowest_level = models.CharField(
        _("lowest level published"), max_length=20, choices=Level.choices
    )
    data_source = models.CharField(_("usual data source"), max_length=200, blank=True)
    frequency = models.CharField(_("reporting frequency"), max_length=10, choices=Frequency.choices)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def is_additive(self) -> bool:
        return self.kind == self.Kind.ADDITIVE

    @property
    def is_measured_by_a_source(self) -> bool:
        """A rate the portal computes from survey or register figures (stunting prevalence):
        its target must say which source it is measured by, since the sources differ widely.
        The computed counts (effective Pokja, Kampung KB) have one source, the portal itself."""
        return not self.is_additive and self.code in registry.achievement_sources


class DataSource(models.TextChoices):
    """The data source a target is measured by, and an achievement comes from. Survey and
    register figures of the same indicator differ widely (stunting: e-PPGBM runs far below
    SSGI), so a target names its source and only a figure of that source is judged against it.
    The values are the stunting app's source codes."""

    UNSTATED = "", _("Not stated")
    SSGI = "ssgi", "SSGI"
    SKI = "ski", "SKI"
    EPPGBM = "eppgbm", "e-PPGBM"


class NationalTarget(models.Model):
    """A national reference target, e.g. stunting 14 % in 2024 (Perpres 72/2021).

    For stunting the rows are the national target path, one per year, kept by admins: each says
    whether its value is published or only interpolated between published years, and which
    survey it is measured by."""

    class Basis(models.TextChoices):
        PUBLISHED = "published", _("Published")
        INTERPOLATED = "interpolated", _("Interpolated")

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=255)
    basis = models.CharField(
        _("published or interpolated"),
        max_length=12,
        choices=Basis.choices,
        default=Basis.PUBLISHED,
        help_text=_("Interpolated: not published, placed between two published years."),
    )
    measured_by = models.CharField(
        _("measured by"),
        max_length=10,
        choices=DataSource.choices,
        blank=True,
        help_text=_("The data source whose figure is judged against this target."),
    )

    class Meta:
        ordering = ["-year", "indicator"]
        verbose_name = _("national target")
        verbose_name_plural = _("national targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="national_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"

    @property
    def is_interpolated(self) -> bool:
        return self.basis == self.Basis.INTERPOLATED


class ProvinceTargetQuerySet(ScopedQuerySet):
    region_code_field = "region__code"


class ProvinceTarget(models.Model):
    """A province's target for one indicator and year, and how it is split over its kab/kota."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Draft")
        FINAL = "final", _("Final")

    class Method(models.TextChoices):
        MANUAL = "manual", _("By hand")
        EQUAL = "equal", _("Equally")
        PROPORTIONAL = "proportional", _("In proportion to a base")

    region = models.ForeignKey(
        "pokja.Region", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_program_year])
    value = models.DecimalField(
        _("province target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="draf")
    method = models.CharField(
        _("split method"), max_length=15, choices=Method.choices, default=Method.MANUAL
    )
    base_label = models.CharField(_("base used"), max_length=200, blank=True)
    measured_by = models.CharField(
        _("measured by"),
        max_length=10,
        choices=DataSource.choices,
        blank=True,
        help_text=_(
            "The data source whose figure is judged against this target (for stunting: SSGI, "
            "SKI or e-PPGBM). A figure of another source is shown, never judged."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    # A generated demo target (not a published one): every page that shows it says "ilustrasi".
    is_illustrative = models.BooleanField(_("illustrative"), default=False, editable=False)

    objects = ProvinceTargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "-year", "indicator__order"]
        verbose_name = _("province target")
        verbose_name_plural = _("province targets")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year"],
                name="province_target_unique",
                violation_error_message=_(
                    "This province already has a target for that indicator and year."
                ),
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="province_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} ({self.region_id})"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class RegionTargetQuerySet(ScopedQuerySet):
    region_code_field = "region__code"


class RegionTarget(models.Model):
    """One kabupaten/kota's share of a province target (or its own target, for rates)."""

    province_target = models.ForeignKey(
        ProvinceTarget,
        verbose_name=_("province target"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    region = models.ForeignKey(
        "pokja.Region", verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    base_value = models.DecimalField(
        _("base"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects = RegionTargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["province_target", "region_id"]
        verbose_name = _("regency/city target")
        verbose_name_plural = _("regency/city targets")
        constraints = [
            models.UniqueConstraint(
                fields=["province_target", "region"], name="region_target_unique"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="region_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.value}"


class AchievementQuerySet(VerifiableQuerySet):
    region_code_field = "region__code"


class Achievement(Verifiable):
    """An achievement (capaian) of a region for an indicator and period.

    `period` is 0 for the whole year, 1-12 for a month, 101-104 for a quarter. Counts may be
    cumulative within the year; rates are point values. Verified like every record, through the
    kernel's workflow; its evidence is the figure itself, so no document is required.
    """

    document_required = False
    YEARLY = 0

    region = models.ForeignKey(
        "pokja.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_program_year])
    period = models.PositiveSmallIntegerField(_("period"), default=YEARLY)
    value = models.DecimalField(
        _("achievement"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    source = models.CharField(
        _("data source"), max_length=10, choices=DataSource.choices, blank=True
    )
    publication = models.CharField(
        _("publication"),
        max_length=255,
        blank=True,
        help_text=_("Where the figure is published (title, year)."),
    )

    objects = AchievementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "indicator__order", "-year", "period"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year", "period"],
                name="achievement_unique",
                violation_error_message=_(
                    "An achievement for this region, indicator and period already exists."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period__lte=12) | Q(period__gte=101, period__lte=104),
                name="achievement_period_valid",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="achievement_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.year}/{self.period}: {self.value}"

    def clean(self) -> None:
        super().clean()
        # An indicator the portal computes from its own figures (stunting: the verified
        # prevalence figures) takes a typed value only with its source and publication.
        if self.indicator_id and self.indicator.code in registry.achievement_sources:
            errors = {}
            if not self.source:
                errors["source"] = _("Name the source this figure comes from.")
            if not self.publication.strip():
                errors["publication"] = _("Name the publication this figure comes from.")
            if errors:
                raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        url = reverse("targets:achievements", args=[self.region.province_code, self.year])
        return f"{url}?{urlencode({'indicator': self.indicator.code, 'period': self.period})}"
