"""Records of the background machinery itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per run of a periodic task: proof that the worker and beat are alive."""

    task_name = models.CharField(_("task"), max_length=100)
    hostname = models.CharField(_("worker"), max_length=200, blank=True)
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        ordering = ["-ran_at"]
        get_latest_by = "ran_at"
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.task_name} @ {self.ran_at:%Y-%m-%d %H:%M}"
