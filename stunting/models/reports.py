"""What a TPPS owes and does: semester reports (and which are overdue), the 8 convergence
actions, families at risk of stunting (KRS) and the Audit Kasus Stunting cycles."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pokja.kernel.scoping import ScopedQuerySet
from pokja.kernel.uploads import (
    ReencodingFileField,
    evidence_upload_to,
    validate_evidence_file,
)
from pokja.kernel.verification import Status, Verifiable, VerifiableQuerySet, Versioned
from pokja.kernel.years import validate_program_year
from pokja.validators import validate_plausible_date

REPORTING_LEVELS = ("provinsi", "kabupaten", "kota")
KABKOTA_LEVELS = ("kabupaten", "kota")


class ReportStatus(models.TextChoices):
    """The kernel's statuses, values and words alike: a record's state has one word everywhere,
    so a report is "Terverifikasi" or "Ditolak" as any other record (the member names stay)."""

    DRAF = Status.DRAF.value, Status.DRAF.label
    DIAJUKAN = Status.DIAJUKAN.value, Status.DIAJUKAN.label
    DITERIMA = Status.TERVERIFIKASI.value, Status.TERVERIFIKASI.label
    DIKEMBALIKAN = Status.DITOLAK.value, Status.DITOLAK.label


def semester_end(year: int, semester: int) -> datetime.date:
    return datetime.date(year, 6, 30) if semester == 1 else datetime.date(year, 12, 31)


def semester_due_on(year: int, semester: int) -> datetime.date:
    """The deadline: the semester's last day plus `STUNTING_REPORT_DUE_DAYS` (a setting)."""
    return semester_end(year, semester) + datetime.timedelta(days=settings.STUNTING_REPORT_DUE_DAYS)


class ReportQuerySet(VerifiableQuerySet):
    region_code_field = "region__code"


class SemesterReport(Verifiable):
    """A TPPS's half-yearly report: a kab/kota's to the Gubernur, a province's to the Minister."""

    action_labels = {"submit": _("Submit the report")}

    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAF,
        db_index=True,
    )
    region = models.ForeignKey(
        "pokja.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="stunting_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_program_year])
    semester = models.PositiveSmallIntegerField(
        _("semester"), choices=[(1, _("Semester 1 (January-June)")), (2, _("Semester 2"))]
    )
    children_measured = models.PositiveIntegerField(_("toddlers measured"), null=True, blank=True)
    children_stunted = models.PositiveIntegerField(_("toddlers stunted"), null=True, blank=True)
    families_accompanied = models.PositiveIntegerField(
        _("families at risk accompanied"), null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "-year", "-semester"]
        verbose_name = _("TPPS semester report")
        verbose_name_plural = _("TPPS semester reports")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "semester"],
                name="stunting_report_unique",
                violation_error_message=_("This region already has a report for that semester."),
            ),
            models.CheckConstraint(
                condition=Q(children_stunted__lte=models.F("children_measured"))
                | Q(children_stunted__isnull=True)
                | Q(children_measured__isnull=True),
                name="stunting_report_stunted_within_measured",
                violation_error_message=_(
                    "More toddlers stunted than measured: check both numbers."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"TPPS {self.region_id} {self.year}/S{self.semester}"

    def plain_label(self) -> str:
        return _("semester %(semester)s %(year)s") % {"semester": self.semester, "year": self.year}

    @property
    def due_on(self) -> datetime.date:
        return semester_due_on(self.year, self.semester)

    def clean(self) -> None:
        super().clean()
        if self.region_id and self.region.level not in REPORTING_LEVELS:
            raise ValidationError(_("Semester reports come from provinces and kab/kota."))
        if self.document and not self.document.name.lower().endswith(".pdf"):
            upload = getattr(self.document, "file", None)
            if upload is not None and not _is_pdf(upload):
                raise ValidationError({"document": _("The report is accepted as a PDF.")})


def _is_pdf(upload) -> bool:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(5)
    upload.seek(position)
    return head == b"%PDF-"


class OverdueQuerySet(ScopedQuerySet):
    region_code_field = "region__code"


class OverdueReport(models.Model):
    """A semester report still owed after its deadline; rewritten whole by the nightly job."""

    region = models.ForeignKey(
        "pokja.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    semester = models.PositiveSmallIntegerField(_("semester"))
    due_on = models.DateField(_("due on"))
    computed_on = models.DateField(_("computed on"))

    objects = OverdueQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "year", "semester"]
        verbose_name = _("overdue semester report")
        verbose_name_plural = _("overdue semester reports")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "semester"], name="stunting_overdue_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}/S{self.semester}"


class RegionYearQuerySet(ScopedQuerySet):
    region_code_field = "region__code"


class ConvergenceAction(Versioned):
    """One of Kemendagri's 8 convergence actions of a kab/kota in a year, and the province's
    score of it."""

    class Action(models.IntegerChoices):
        SITUATION_ANALYSIS = 1, _("Aksi 1: situation analysis")
        ACTIVITY_PLAN = 2, _("Aksi 2: activity plan")
        REMBUK = 3, _("Aksi 3: rembuk stunting")
        VILLAGE_REGULATION = 4, _("Aksi 4: regulation on the villages' role")
        CADRES = 5, _("Aksi 5: coaching of village cadres (KPM)")
        DATA = 6, _("Aksi 6: data management")
        MEASUREMENT = 7, _("Aksi 7: measurement and publication")
        REVIEW = 8, _("Aksi 8: annual performance review")

    class Progress(models.TextChoices):
        NOT_STARTED = "belum", _("Not started")
        IN_PROGRESS = "berjalan", _("In progress")
        DONE = "selesai", _("Done")

    region = models.ForeignKey(
        "pokja.Region", verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_program_year])
    action = models.PositiveSmallIntegerField(_("action"), choices=Action.choices)
    progress = models.CharField(
        _("status"), max_length=10, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    done_on = models.DateField(
        _("date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    document = ReencodingFileField(
        _("document"),
        upload_to=evidence_upload_to,
        validators=[validate_evidence_file],
        blank=True,
        max_length=255,
    )
    document_name = models.CharField(_("original file name"), max_length=255, blank=True)
    score = models.DecimalField(
        _("province's score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    score_note = models.TextField(_("score note"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = RegionYearQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "-year", "action"]
        verbose_name = _("convergence action")
        verbose_name_plural = _("convergence actions")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "action"],
                name="stunting_action_unique",
                violation_error_message=_("This action is already recorded for that year."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="stunting_action_score_range",
                violation_error_message=_("A score lies between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.get_action_display()}"

    def clean(self) -> None:
        super().clean()
        if self.progress == self.Progress.DONE and not self.done_on:
            raise ValidationError({"done_on": _("Enter the date the action was completed.")})


class FamiliesAtRisk(models.Model):
    """Families at risk of stunting (KRS) from the family data collection, and the family
    assistance teams (TPK) working there, per region and semester."""

    region = models.ForeignKey(
        "pokja.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_program_year])
    semester = models.PositiveSmallIntegerField(_("semester"), choices=[(1, "1"), (2, "2")])
    families_at_risk = models.PositiveIntegerField(_("families at risk of stunting (KRS)"))
    tpk_count = models.PositiveIntegerField(_("family assistance teams (TPK)"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = RegionYearQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "year", "semester"]
        verbose_name = _("families at risk of stunting")
        verbose_name_plural = _("families at risk of stunting")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "semester"], name="stunting_krs_unique"
            )
        ]

    def __str__(self) -> str:
        return f"KRS {self.region_id} {self.year}/S{self.semester}: {self.families_at_risk}"


class AuditCycle(models.Model):
    """A cycle of the Audit Kasus Stunting in a kab/kota and the stage (1-4) it reached."""

    region = models.ForeignKey(
        "pokja.Region", verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_program_year])
    cycle = models.PositiveSmallIntegerField(_("cycle"), validators=[MinValueValidator(1)])
    stage = models.PositiveSmallIntegerField(
        _("stage reached"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = RegionYearQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "year", "cycle"]
        verbose_name = _("stunting case audit cycle")
        verbose_name_plural = _("stunting case audit cycles")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "cycle"], name="stunting_audit_unique"
            ),
            models.CheckConstraint(
                condition=Q(stage__gte=1, stage__lte=4), name="stunting_audit_stage_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"Audit {self.region_id} {self.year} #{self.cycle}: {self.stage}"
