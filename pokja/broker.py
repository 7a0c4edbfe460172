"""The message broker as the web side sees it: can a job be handed over now, and how long may a
queued job wait before it counts as lost. Shared by every kind of background job (effectiveness
runs, export jobs), so none of them reaches into another's module for it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


class WorkerUnreachable(ValidationError):
    """The broker cannot be reached, so a queued run would never be picked up."""


def queued_run_timeout() -> timedelta:
    """How long a run may wait in the queue before it counts as lost (a few retry rounds)."""
    return timedelta(minutes=getattr(settings, "QUEUED_RUN_TIMEOUT_MINUTES", 60))


def broker_reachable(timeout: float = 3.0) -> bool:
    """Whether a message can be handed to the broker right now."""
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=timeout
            )
        return True
    except (BrokerError, OSError) as exc:
        logger.warning("Broker unreachable: %r", exc)
        return False
