"""Errors the services raise, in the API's terms: a Django ValidationError is a 400 with the
same (translated) messages the web forms show; a stale write is a 409; a throttled request is a
429 saying when to try again in the reader's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import ngettext
from rest_framework import status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback


class Conflict(Exception):  # noqa: N818 (an HTTP status, named as DRF's exceptions are)
    """A stale write: answered 409 with `payload` as it is (numbers stay numbers)."""

    def __init__(self, payload: dict):
        super().__init__(payload.get("detail", "conflict"))
        self.payload = payload


def validation_payload(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"detail": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    if isinstance(exc, ValidationError):
        set_rollback()
        return Response(validation_payload(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Conflict):
        set_rollback()
        return Response(exc.payload, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Http404):
        # Not Django's message ("No Decree matches the given query."): it is English and names
        # the model; the API's own "not found", in the reader's language.
        exc = NotFound()
    if isinstance(exc, Throttled) and exc.wait is not None:
        exc = _throttled(exc.wait)
    return drf_exception_handler(exc, context)


def _throttled(wait: int) -> Throttled:
    """DRF formats "Expected available in 56 seconds." before looking it up in the catalogue,
    so that half of its message is never translated: the whole message is ours."""
    message = ngettext(
        "Too many requests. Try again in %(wait)d second.",
        "Too many requests. Try again in %(wait)d seconds.",
        wait,
    ) % {"wait": wait}
    exc = Throttled(detail=message)
    exc.wait = wait  # DRF's handler turns it into the Retry-After header
    return exc
