"""Celery tasks of the core app. Each is a thin wrapper around a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from pokja.effectiveness.engine import EngineBusy, log_run_summary, recompute
from pokja.health import record_beat_tick
from pokja.kernel.registry import registry
from pokja.models import AssessmentRun
from pokja.password_reset import MailNotSent, password_reset_send
from pokja.services.exports import run_export_job
from pokja.services.housekeeping import run_housekeeping

# Lost database or broker connections are worth retrying; a bug is not.
RETRY_ON = (OperationalError, InterfaceError, BrokerError)


@shared_task(bind=True, name="pokja.tasks.nightly_housekeeping")
def nightly_housekeeping(self) -> int:
    heartbeat = run_housekeeping(hostname=self.request.hostname or "")
    return heartbeat.pk


@shared_task(bind=True, name="pokja.tasks.beat_tick", ignore_result=True)
def beat_tick(self) -> None:
    """Scheduled every few minutes: the health page reads when it last ran."""
    record_beat_tick(hostname=self.request.hostname or "")


@shared_task(
    bind=True,
    name="pokja.tasks.recompute_effectiveness",
    autoretry_for=RETRY_ON,
    retry_backoff=30,
    max_retries=5,
)
def recompute_effectiveness(self, run_id: int | None = None, years: list[int] | None = None):
    """Nightly (no run_id): every region for the current and previous year, then the other
    apps' nightly jobs (registry.add_nightly_job) in the same run log. With run_id: the run
    that the "recompute now" button queued."""
    if run_id is None:
        this_year = timezone.localdate().year
        run = AssessmentRun.objects.create(
            trigger=AssessmentRun.Trigger.NIGHTLY, years=years or [this_year - 1, this_year]
        )
    else:
        run = AssessmentRun.objects.get(pk=run_id)
    try:
        recompute(years=run.years, scope_code=run.scope_code or None, run=run)
    except EngineBusy as exc:
        # Another run holds the lock: try again shortly rather than write at the same time.
        # Once the retries are spent, no new run is queued: it would stay "queued" for ever.
        if run.trigger == AssessmentRun.Trigger.BUTTON and self.request.retries < self.max_retries:
            queued = AssessmentRun.objects.create(
                trigger=run.trigger,
                scope_code=run.scope_code,
                years=run.years,
                requested_by=run.requested_by,
            )
            raise self.retry(exc=exc, countdown=30, kwargs={"run_id": queued.pk}) from exc
    if run.trigger == AssessmentRun.Trigger.NIGHTLY:
        registry.run_nightly_jobs(run=run)
        log_run_summary(run)
    return run.pk


@shared_task(bind=True, name="pokja.tasks.export_list")
def export_list(self, job_id: int) -> str:
    """A list export over the inline limit; returns the job's status. Not retried: a failed
    job says so on its page and the user starts it again; a repeated message finds the job no
    longer queued and does nothing."""
    job = run_export_job(job_id)
    return job.status if job else ""


@shared_task(
    bind=True,
    name="pokja.tasks.send_password_reset",
    ignore_result=True,
    autoretry_for=(MailNotSent,),
    retry_backoff=60,
    retry_jitter=False,
    max_retries=5,
)
def send_password_reset(self, *, email: str, domain: str, use_https: bool, language: str) -> int:
    """The reset e-mail queued by the 'Lupa kata sandi' page (pokja.password_reset). A mail
    server that refused it or was down is tried again: after 1, 2, 4, 8 and 16 minutes, well
    within the link's validity (PASSWORD_RESET_TIMEOUT)."""
    return password_reset_send(email=email, domain=domain, use_https=use_https, language=language)
