"""The "Asal angka" page of any figure: what it is computed from (see pokja/kernel/provenance.py).

The kind of figure says, within the user's scope, what to show; outside the scope is a 404."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pokja.kernel import provenance as kernel


@transaction.non_atomic_requests
@require_GET
def provenance(request, kind: str, ref: str):
    found = kernel.resolve(request.user, kind, ref)
    return render(request, "pokja/provenance.html", {"provenance": found})
