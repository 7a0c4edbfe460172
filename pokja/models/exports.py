"""A list export too big to answer in one request, written by the worker for its owner."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja.kernel.stored_files import stored_size


def export_upload_to(instance: ExportJob, filename: str) -> str:
    """A random name: the file is reached only through the owner's download view, and a name
    that cannot be guessed keeps it private even if MEDIA were ever served directly."""
    return f"exports/{secrets.token_urlsafe(24)}.{instance.export_format}"


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user) -> ExportJobQuerySet:
        """Only the owner sees a job: an export holds what the owner's scope let them see."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(owner=user)

    def unfinished(self) -> ExportJobQuerySet:
        return self.filter(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING])


class ExportJob(models.Model):
    """One export of a list (its filter and sort as a query string) in the background.

    The worker rebuilds the list for the owner (their scope, today's data), not from a stored
    list of ids, so the file holds what the owner would see on the page when it runs.
    """

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")  # the labels of the effectiveness runs' statuses
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("owner"),
    )
    list_name = models.CharField(_("list"), max_length=100)  # the list's URL name
    title = models.CharField(_("title"), max_length=255)  # the list's title when asked
    export_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    query = models.TextField(_("filter"), blank=True)  # the list's query string, minus _export
    language = models.CharField(_("language"), max_length=10, default="id")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows in total"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=export_upload_to, blank=True)
    filename = models.CharField(_("file name"), max_length=255)  # as the user downloads it
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        indexes = [models.Index(fields=["owner", "-created_at"], name="exportjob_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("created_at")),
                name="exportjob_finished_after_created",
                violation_error_message=_("An export cannot finish before it was created."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""),
                name="exportjob_done_has_file",
                violation_error_message=_("A finished export must have its file."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("pokja:export_job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        # Rows added to the list since it was counted must not push the bar past 100.
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def file_size(self) -> int | None:
        """The written file's size; None when there is none or the storage does not hold it."""
        return stored_size(self.file) if self.file else None

    def list_url(self) -> str:
        """The list page with the filter the export was asked with."""
        url = reverse(self.list_name)
        return f"{url}?{self.query}" if self.query else url
