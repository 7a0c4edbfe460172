"""Errors the services raise, in the API's terms: a Django ValidationError is a 400 with the
same (translated) messages the web forms show; a stale write is a 409."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import NotFound
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
    return drf_exception_handler(exc, context)
