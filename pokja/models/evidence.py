"""The evidence behind the four criteria: SK decrees, work plans, planning documents, budgets.

Every record goes through verification (Draf, Diajukan, Terverifikasi, Ditolak); only verified
evidence counts for effectiveness. Every change is kept in its history.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pokja.kernel import indicators
from pokja.kernel.scoping import ScopedQuerySet
from pokja.kernel.verification import Verifiable, VerifiableQuerySet
from pokja.kernel.years import validate_program_year

# Migrations name pokja.models.evidence.validate_program_year; the rule itself lives in the kernel.
__all__ = ["validate_program_year"]
from pokja.validators import validate_plausible_date

MAX_RUPIAH = 10**13  # Rp 10 trillion: above any regional budget line, catches extra zeros

rupiah_validators = [
    MinValueValidator(0, _("An amount cannot be negative.")),
    MaxValueValidator(MAX_RUPIAH, _("This amount is implausibly large: check the zeros.")),
]


class EvidenceQuerySet(VerifiableQuerySet):
    region_code_field = "pokja__region__code"


class VerifiableRecord(Verifiable):
    """Evidence of a Pokja (or one of its working groups): the kernel's verifiable record with
    the Pokja as its parent."""

    pokja = models.ForeignKey("pokja.Pokja", verbose_name=_("Pokja"), on_delete=models.CASCADE)
    working_group = models.ForeignKey(
        "pokja.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty when it concerns the Pokja as a whole."),
    )

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.working_group_id and self.pokja_id and self.working_group.pokja_id != self.pokja_id:
            raise ValidationError({"working_group": _("Choose a working group of this Pokja.")})

    @property
    def region(self):
        return self.pokja.region

    def warnings(self) -> list[str]:
        """Unusual but accepted values, shown as flags on the record's page."""
        return []


class Decree(VerifiableRecord):
    """An SK decree establishing the Pokja (or one of its working groups)."""

    class Signer(models.TextChoices):
        GUBERNUR = "gubernur", _("Governor (gubernur)")
        BUPATI = "bupati", _("Regent (bupati)")
        WALIKOTA = "walikota", _("Mayor (Wali Kota)")
        SEKDA = "sekda", _("Regional secretary (sekda)")
        KEPALA_OPD = "kepala_opd", _("Head of a regional agency (kepala OPD)")
        LAINNYA = "lainnya", _("Other")

    number = models.CharField(_("decree number"), max_length=100)
    set_on = models.DateField(_("date set"), validators=[validate_plausible_date])
    signer = models.CharField(_("signed by"), max_length=15, choices=Signer.choices)
    valid_from = models.DateField(_("valid from"), validators=[validate_plausible_date])
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Empty: valid until revoked."),
        validators=[validate_plausible_date],
    )
    revoked_on = models.DateField(
        _("revoked on"), null=True, blank=True, validators=[validate_plausible_date]
    )

    class Meta:
        ordering = ["-valid_from", "number"]
        # The list pages order by Meta.ordering; the queue filters by status, orders by change.
        indexes = [
            models.Index(fields=["-valid_from", "number", "id"], name="decree_list_order"),
            models.Index(fields=["valid_until"], name="decree_valid_until"),
            models.Index(fields=["status", "updated_at"], name="decree_queue"),
        ]
        verbose_name = _("SK decree")
        verbose_name_plural = _("SK decrees")
        constraints = [
            models.UniqueConstraint(
                fields=["pokja", "number"],
                name="decree_unique_number_per_region",
                violation_error_message=_("This region already has an SK with this number."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="decree_validity_in_order",
                violation_error_message=_("The end of validity cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=F("valid_from")),
                name="decree_revoked_after_start",
                violation_error_message=_("An SK cannot be revoked before it takes effect."),
            ),
        ]

    def __str__(self) -> str:
        return _("SK %(number)s") % {"number": self.number}

    def plain_label(self) -> str:
        return _("number %(number)s") % {"number": self.number}

    @property
    def expected_signers(self) -> tuple[str, ...]:
        region = self.pokja.region
        if region.is_province:
            return (self.Signer.GUBERNUR,)
        if region.level == region.Level.KOTA:
            return (self.Signer.WALIKOTA,)
        return (self.Signer.BUPATI,)

    def warnings(self) -> list[str]:
        """What is recorded but unusual: flagged, never refused."""
        notes = []
        if self.pokja_id and self.signer not in self.expected_signers:
            notes.append(_("Not signed by the regional head."))
        if self.valid_until and not 3 <= self._validity_years() <= 5:
            notes.append(_("Validity is outside the usual 3 to 5 years."))
        if self.set_on and self.valid_from and self.set_on > self.valid_from:
            notes.append(
                _("Signed after the start of its validity: it counts from the day it was signed.")
            )
        return notes

    def _validity_years(self) -> float:
        return ((self.valid_until - self.valid_from).days + 1) / 365.25


class WorkPlan(VerifiableRecord):
    """The work plan (rencana kerja) of a Pokja for one year."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_program_year])
    title = models.CharField(_("title"), max_length=255)
    approved_on = models.DateField(
        _("approval date"), null=True, blank=True, validators=[validate_plausible_date]
    )

    class Meta:
        ordering = ["-year", "pokja_id"]
        # The list pages order by Meta.ordering; the queue filters by status, orders by change.
        indexes = [
            models.Index(fields=["-year", "pokja", "id"], name="workplan_list_order"),
            models.Index(fields=["status", "updated_at"], name="workplan_queue"),
        ]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.UniqueConstraint(
                fields=["pokja", "year"],
                condition=Q(working_group__isnull=True),
                name="workplan_one_per_pokja_year",
                violation_error_message=_("This Pokja already has a work plan for that year."),
            ),
            models.UniqueConstraint(
                fields=["working_group", "year"],
                condition=Q(working_group__isnull=False),
                name="workplan_one_per_group_year",
                violation_error_message=_(
                    "This working group already has a work plan for that year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ActivityQuerySet(ScopedQuerySet):
    region_code_field = "work_plan__pokja__region__code"


class WorkPlanActivity(models.Model):
    """One activity of a work plan."""

    class Realisation(models.TextChoices):
        BELUM = "belum", _("Not started")
        BERJALAN = "berjalan", _("Under way")
        SELESAI = "selesai", _("Done")
        BATAL = "batal", _("Cancelled")

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="activities"
    )
    name = models.CharField(_("activity"), max_length=255)
    month_start = models.PositiveSmallIntegerField(
        _("from month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    month_end = models.PositiveSmallIntegerField(
        _("to month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    person_in_charge = models.CharField(_("person in charge"), max_length=200, blank=True)
    planned_cost = models.DecimalField(
        _("planned cost (Rp)"),
        max_digits=16,
        decimal_places=0,
        default=0,
        validators=rupiah_validators,
    )
    realisation = models.CharField(
        _("realisation"), max_length=10, choices=Realisation.choices, default=Realisation.BELUM
    )
    realised_cost = models.DecimalField(
        _("realised cost (Rp)"),
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
        validators=rupiah_validators,
    )

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["work_plan_id", "month_start", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(month_end__gte=F("month_start")),
                name="activity_months_in_order",
                violation_error_message=_("The last month cannot be before the first."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorDocument(VerifiableRecord):
    """A planning document (RPJMD, Renstra OPD, RKPD, Renja) holding Bangga Kencana indicators."""

    class DocumentType(models.TextChoices):
        RPJMD = "rpjmd", _("RPJMD (5-year regional plan)")
        RENSTRA = "renstra", _("Renstra OPD (5-year agency plan)")
        RKPD = "rkpd", _("RKPD (annual regional plan)")
        RENJA = "renja", _("Renja (annual agency plan)")

    document_type = models.CharField(
        _("document type"), max_length=10, choices=DocumentType.choices
    )
    title = models.CharField(_("document number and title"), max_length=255)
    year_start = models.PositiveSmallIntegerField(
        _("first year covered"), validators=[validate_program_year]
    )
    year_end = models.PositiveSmallIntegerField(
        _("last year covered"), validators=[validate_program_year]
    )

    class Meta:
        ordering = ["-year_end", "document_type"]
        # The list pages order by Meta.ordering; the queue filters by status, orders by change.
        indexes = [
            models.Index(
                fields=["-year_end", "document_type", "id"], name="indicatordoc_list_order"
            ),
            models.Index(fields=["year_start", "year_end"], name="indicatordoc_years"),
            models.Index(fields=["status", "updated_at"], name="indicatordoc_queue"),
        ]
        verbose_name = _("planning document with indicators")
        verbose_name_plural = _("planning documents with indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(year_end__gte=F("year_start")),
                name="indicatordoc_years_in_order",
                violation_error_message=_("The last year covered cannot be before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()}: {self.title}"


class DocumentIndicatorQuerySet(ScopedQuerySet):
    region_code_field = "document__pokja__region__code"


class DocumentIndicator(models.Model):
    """A Bangga Kencana indicator written into a planning document."""

    OTHER = indicators.OTHER

    document = models.ForeignKey(
        IndicatorDocument,
        verbose_name=_("planning document"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    indicator = models.CharField(
        _("indicator"), max_length=30, choices=indicators.document_indicator_choices
    )
    other_name = models.CharField(_("name of the other indicator"), max_length=255, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)

    objects = DocumentIndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document_id", "pk"]
        verbose_name = _("indicator in a document")
        verbose_name_plural = _("indicators in a document")
        constraints = [
            models.CheckConstraint(
                condition=~Q(indicator="lainnya") | ~Q(other_name=""),
                name="docindicator_other_has_name",
                violation_error_message=_("Write the name of the other indicator."),
            ),
        ]

    def __str__(self) -> str:
        return self.other_name if self.indicator == self.OTHER else self.get_indicator_display()


class BudgetAllocation(VerifiableRecord):
    """A budget line for the Pokja in one year."""

    class Source(models.TextChoices):
        APBD = "apbd", _("APBD (regional budget)")
        DAK_BOKB = "dak_bokb", _("DAK BOKB")
        APBN = "apbn", _("APBN (national budget)")
        DANA_DESA = "dana_desa", _("Village fund (Dana Desa)")
        LAINNYA = "lainnya", _("Other")

    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_program_year])
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    amount = models.DecimalField(
        _("amount (Rp)"), max_digits=16, decimal_places=0, validators=rupiah_validators
    )
    is_operational = models.BooleanField(
        _("for the Pokja's operations"),
        default=True,
        help_text=_("Only operational budgets count for the effectiveness criterion."),
    )
    dpa_reference = models.CharField(_("DPA / sub-activity reference"), max_length=255, blank=True)
    realised_amount = models.DecimalField(
        _("realised (Rp)"),
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
        validators=rupiah_validators,
    )

    class Meta:
        ordering = ["-year", "pokja_id", "source"]
        # The list pages order by Meta.ordering; the queue filters by status, orders by change.
        indexes = [
            models.Index(fields=["-year", "pokja", "source", "id"], name="budget_list_order"),
            models.Index(fields=["status", "updated_at"], name="budget_queue"),
        ]
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0)
                & (Q(realised_amount__isnull=True) | Q(realised_amount__gte=0)),
                name="budget_amounts_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(realised_amount__isnull=True) | Q(realised_amount__lte=F("amount")),
                name="budget_realised_within_amount",
                violation_error_message=_("The realised amount cannot exceed the allocation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}"
