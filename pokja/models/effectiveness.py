"""Effectiveness of each region's Pokja per year, the nightly runs that compute it, and targets.

The rules themselves live in pokja/effectiveness/rules.py; these models only store results.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pokja.kernel.scoping import ScopedQuerySet

CRITERIA = ("sk", "plan", "indicator", "budget")


class AssessmentRun(models.Model):
    """One recompute: when, what it covered, what changed, what went wrong."""

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", _("Nightly schedule")
        BUTTON = "button", _("Recompute button")
        COMMAND = "command", _("Management command")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped: another run was in progress")

    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    scope_code = models.CharField(
        _("scope"), max_length=13, blank=True, help_text=_("Empty: every region.")
    )
    years = models.JSONField(_("years"), default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    region_count = models.PositiveIntegerField(_("regions"), default=0)
    change_count = models.PositiveIntegerField(_("changes"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        ordering = ["-queued_at"]
        get_latest_by = "queued_at"
        verbose_name = _("effectiveness run")
        verbose_name_plural = _("effectiveness runs")

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.queued_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class AssessmentQuerySet(ScopedQuerySet):
    region_code_field = "region__code"


class Assessment(models.Model):
    """The current judgement of one region's Pokja for one year (one row per region and year).

    `evidence` maps each criterion to the record it rests on ({"model": ..., "pk": ...,
    "label": ...}); `reasons` maps each unmet criterion to a code and its parameters, rendered in
    the reader's language; `groups` holds the same breakdown per working group.

    `inputs` is the digest of what the judgement read (effectiveness/inputs.py): a run judges a
    region again, and writes its row, only when that digest changes or the day judged lies
    outside `steady_from`–`steady_until`, so `run`, `computed_at`
    and `assessed_on` (the day whose state the judgement describes: 31 December, or the day it
    was made during the year) are those of the last write. Later runs that found the same
    inputs confirm it: when a region was last *judged* comes from the runs that covered it
    (effectiveness.selectors.last_runs). `changed_at` moves only when a criterion changes.
    """

    region = models.ForeignKey(
        "pokja.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sk_met = models.BooleanField(_("SK"), default=False)
    plan_met = models.BooleanField(_("work plan"), default=False)
    indicator_met = models.BooleanField(_("indicators"), default=False)
    budget_met = models.BooleanField(_("budget"), default=False)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    is_effective = models.BooleanField(_("effective"), default=False)
    has_pokja = models.BooleanField(_("has a Pokja"), default=False)
    assessed_on = models.DateField(_("assessment date"))
    evidence = models.JSONField(_("evidence"), default=dict)
    reasons = models.JSONField(_("reasons"), default=dict)
    groups = models.JSONField(_("working groups"), default=list)
    inputs = models.CharField(_("inputs digest"), max_length=32, blank=True, editable=False)
    # The days around `assessed_on` on which no SK of the Pokja begins, is signed, ends or is
    # revoked (rules.sk_states_steady): a judgement on any day from `steady_from` to the day
    # before `steady_until` would be the same. NULL: no such day before (after) it.
    steady_from = models.DateField(_("SK states steady from"), null=True, editable=False)
    steady_until = models.DateField(_("SK states steady until"), null=True, editable=False)
    computed_at = models.DateTimeField(_("computed at"))
    changed_at = models.DateTimeField(_("last changed at"))
    run = models.ForeignKey(
        AssessmentRun, verbose_name=_("run"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "-year"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"], name="assessment_one_per_region_year"
            ),
            models.CheckConstraint(condition=Q(score__lte=4), name="assessment_score_at_most_4"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.score}/4"

    def get_absolute_url(self) -> str:
        return (
            reverse("pokja:region_detail", kwargs={"code": self.region_id}) + f"?tahun={self.year}"
        )

    def met(self, criterion: str) -> bool:
        return getattr(self, f"{criterion}_met")


class AssessmentChange(models.Model):
    """What a run changed for one region and year: the trend, and 'what changed last night'."""

    region = models.ForeignKey(
        "pokja.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    run = models.ForeignKey(
        AssessmentRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="changes"
    )
    old_score = models.PositiveSmallIntegerField(_("previous score"), null=True)
    new_score = models.PositiveSmallIntegerField(_("new score"))
    was_effective = models.BooleanField(_("was effective"), null=True)
    is_effective = models.BooleanField(_("is effective"))
    criteria = models.JSONField(
        _("criteria changed"), default=dict, help_text=_('{"budget": [false, true], ...}')
    )
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "region_id"]
        verbose_name = _("assessment change")
        verbose_name_plural = _("assessment changes")
        indexes = [models.Index(fields=["region", "year", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.old_score} -> {self.new_score}"


class EffectiveTarget(models.Model):
    """How many effective kabupaten/kota a province aims for in a year (BKKBN reports a count)."""

    region = models.ForeignKey(
        "pokja.Region", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target_count = models.PositiveSmallIntegerField(_("target number of effective kab/kota"))

    objects = AssessmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "-year"]
        verbose_name = _("effectiveness target")
        verbose_name_plural = _("effectiveness targets")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="effective_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.target_count}"
