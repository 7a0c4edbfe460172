"""Stunting prevalence figures, each from one named source, and the setting that says which
source feeds the targets app's achievement.

A series is the figures of one region from one source (SSGI, SKI, e-PPGBM, or one named other
survey). Sources are never mixed: the register (e-PPGBM) runs far below the surveys, and a line
joining an SSGI year to an e-PPGBM month would show a "drop" that never happened.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pokja.kernel.verification import Verifiable, VerifiableQuerySet
from pokja.kernel.years import validate_program_year
from pokja.validators import validate_plausible_date

SURVEY_LEVELS = ("provinsi", "kabupaten", "kota")


class Source(models.TextChoices):
    SSGI = "ssgi", "SSGI"
    SKI = "ski", "SKI"
    EPPGBM = "eppgbm", "e-PPGBM"
    OTHER = "lainnya", _("Other survey")


class PrevalenceQuerySet(VerifiableQuerySet):
    region_code_field = "region__code"


class PrevalenceFigure(Verifiable):
    """The stunting prevalence of a region in a year (and month, for e-PPGBM) by one source."""

    # The evidence is the publication (title, date, link); a scanned page is optional.
    document_required = False
    YEARLY = 0

    region = models.ForeignKey(
        "pokja.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="stunting_figures",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    survey_name = models.CharField(
        _("survey name"),
        max_length=100,
        blank=True,
        help_text=_("Only for another survey: its name, e.g. a provincial nutrition survey."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_program_year])
    month = models.PositiveSmallIntegerField(
        _("month"),
        default=YEARLY,
        validators=[MaxValueValidator(12)],
        help_text=_("Only for e-PPGBM (1-12); surveys give one figure a year (0)."),
    )
    value = models.DecimalField(
        _("prevalence (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    publication_title = models.CharField(_("publication"), max_length=255, blank=True)
    publication_date = models.DateField(
        _("publication date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    publication_url = models.URLField(_("publication link"), blank=True, max_length=500)
    # Generated demo figures: every page that shows one marks it "ilustrasi".
    is_illustrative = models.BooleanField(_("illustrative"), default=False, editable=False)

    objects = PrevalenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "source", "survey_name", "year", "month"]
        verbose_name = _("stunting prevalence figure")
        verbose_name_plural = _("stunting prevalence figures")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "source", "survey_name", "year", "month"],
                name="stunting_figure_unique",
                violation_error_message=_(
                    "This region already has a figure from that source for that period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(month=0) | Q(source="eppgbm", month__gte=1, month__lte=12),
                name="stunting_figure_month_only_eppgbm",
                violation_error_message=_("Only e-PPGBM figures are monthly."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=100),
                name="stunting_figure_value_percent",
                violation_error_message=_("A prevalence lies between 0 and 100%."),
            ),
        ]
        indexes = [models.Index(fields=["source", "year", "month"], name="stunting_fig_src_year")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.series_label} {self.period_label}: {self.value}%"

    @property
    def series_label(self) -> str:
        """The source as a table or chart names it; another survey by its own name."""
        return self.survey_name if self.source == Source.OTHER else self.get_source_display()

    @property
    def period_label(self) -> str:
        return f"{self.month:02d}/{self.year}" if self.month else str(self.year)

    def plain_label(self) -> str:
        return f"{self.series_label} {self.period_label}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.source == Source.OTHER and not self.survey_name.strip():
            errors["survey_name"] = _("Name the survey this figure comes from.")
        if self.source != Source.OTHER:
            self.survey_name = ""
        if self.source == Source.EPPGBM and not self.month:
            errors["month"] = _("An e-PPGBM figure is for one month: enter 1-12.")
        if self.source != Source.EPPGBM and self.month:
            errors["month"] = _("Only e-PPGBM figures are monthly; leave 0 for a survey.")
        if self.source != Source.EPPGBM and not self.publication_title.strip():
            errors["publication_title"] = _("Name the publication the survey figure comes from.")
        if (
            self.region_id
            and self.source != Source.EPPGBM
            and self.region.level not in SURVEY_LEVELS
        ):
            errors["region"] = _(
                "Surveys publish provinces and kab/kota; only e-PPGBM goes further down."
            )
        if errors:
            raise ValidationError(errors)


class AchievementSetting(models.Model):
    """Which source's verified figure counts as the achievement of a targets indicator when
    its target states no source of its own (`ProvinceTarget.measured_by` wins).

    Keyed by the indicator's code (the catalogue's "stunting"), so a second prevalence indicator
    could count another source. Without a row, the surveys (SSGI, or SKI in 2023) count; a year
    with both surveys and no target naming one has no achievement (never a silent pick).
    """

    class Counting(models.TextChoices):
        SURVEY = "survey", _("The national survey of the year (SSGI or SKI)")
        SSGI = "ssgi", _("SSGI only")
        SKI = "ski", _("SKI only")
        EPPGBM = "eppgbm", _("e-PPGBM: the year's latest month")

    indicator_code = models.SlugField(_("indicator code"), max_length=30, unique=True)
    counting = models.CharField(
        _("source that counts"), max_length=10, choices=Counting.choices, default="survey"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_code"]
        verbose_name = _("stunting achievement setting")
        verbose_name_plural = _("stunting achievement settings")

    def __str__(self) -> str:
        return f"{self.indicator_code}: {self.get_counting_display()}"
