"""The health page: a bare status for a load balancer, and the detail for administrators."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.decorators import login_not_required
from django.db import connections, transaction
from django.http import Http404, HttpResponse
from django.utils.decorators import method_decorator
from health_check.views import HealthCheckView

from pokja import health


class _ClosingExecutor(ThreadPoolExecutor):
    """Runs the synchronous probes in threads that close their database connection afterwards,
    so the health page, polled every few seconds, never leaves connections behind."""

    def submit(self, fn, /, *args, **kwargs):
        def call():
            try:
                return fn(*args, **kwargs)
            finally:
                connections.close_all()

        return super().submit(call)


class PortalHealthView(HealthCheckView):
    def get_executor(self):
        return _ClosingExecutor(max_workers=4, thread_name_prefix="health")


@method_decorator(login_not_required, name="dispatch")
class PublicHealthView(PortalHealthView):
    """`/kesehatan/`: "ok" (200) or "error" (503), nothing else, for a load balancer.

    Only what this web node needs to serve pages is probed; a stopped worker must not take the
    web out of rotation. No detail is shown to the anonymous caller.
    """

    checks = (health.Database,)

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        failed = any(result.error for result in results)
        return HttpResponse(
            "error\n" if failed else "ok\n",
            content_type="text/plain; charset=utf-8",
            status=503 if failed else 200,
        )


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class AdminHealthView(PortalHealthView):
    """`/kesehatan/rinci/`: every probe with its message, for administrators only (404 else)."""

    checks = (
        health.Database,
        health.Broker,
        health.WorkerPing,
        health.BeatTick,
        health.NightlyRun,
        health.MediaStorage,
        health.EvidenceStamps,
    )

    async def dispatch(self, request, *args, **kwargs):
        user = await request.auser()
        if not (user.is_authenticated and (user.is_superuser or user.role == user.Role.ADMIN)):
            raise Http404
        return await super().dispatch(request, *args, **kwargs)


public_health = PublicHealthView.as_view()
admin_health = AdminHealthView.as_view()
