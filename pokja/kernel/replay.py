"""Answers to a form sent from the device's queue ("Antrean kirim", static/js/offline-queue.js).

The queue posts the same form to the same view as a person would, with `Accept:
application/json`: the view validates and saves through the same form, workflow and scope, and
only the answer differs, so the queue can tell each item's result (saved, already received,
refused with the form's errors, changed meanwhile) without reading a page. An expired session
answers the login redirect as for any request, and the queue keeps the item.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pokja.kernel.history import field_rows


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def already_received(request, record_url: str):
    """A second replay of a form the server already saved: nothing is saved again."""
    text = _("This form had already been received; nothing was saved twice.")
    if wants_json(request):
        return JsonResponse({"result": "duplicate", "url": record_url, "message": text})
    messages.info(request, text)
    return redirect(record_url)


def saved(record, record_url: str) -> JsonResponse:
    return JsonResponse(
        {
            "result": "saved",
            "url": record_url,
            "message": _("%(record)s has been saved.") % {"record": record},
        }
    )


def invalid(form, formset=None) -> JsonResponse:
    """The form's own errors, by field label, so the operator can correct the item."""
    errors = [str(e) for e in form.non_field_errors()]
    for name, field_errors in form.errors.items():
        if name != "__all__":
            label = form.fields[name].label if name in form.fields else name
            errors += [f"{label}: {e}" for e in field_errors]
    if formset is not None:
        errors += [str(e) for e in formset.non_form_errors()]
        errors += [str(e) for row in formset.errors for field in row.values() for e in field]
    return JsonResponse(
        {
            "result": "invalid",
            "message": _("Nothing was saved: correct the fields marked below."),
            "errors": errors,
        },
        status=400,
    )


def _text(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def conflict(*, mine, current, record_url: str, fields: list[str]) -> JsonResponse:
    """The record changed after the form was opened: both versions of the fields that differ,
    and the version to send again if the operator keeps theirs."""
    rows = [
        {"label": capfirst(str(a[0])), "mine": _text(a[1]), "stored": _text(b[1])}
        for a, b in zip(field_rows(mine, fields), field_rows(current, fields), strict=True)
        if a[1] != b[1]
    ]
    return JsonResponse(
        {
            "result": "conflict",
            "message": _("Nothing was saved: someone changed this record meanwhile."),
            "url": record_url,
            "version": getattr(current, "version", None),
            "status": current.get_status_display() if hasattr(current, "status") else "",
            "reason": getattr(current, "rejection_reason", ""),
            "rows": rows,
        },
        status=409,
    )
