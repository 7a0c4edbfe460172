"""Evidence files: checked by content (not by name), limited in size, stored privately."""

from __future__ import annotations

import uuid
from functools import reduce
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

# What an evidence file may be, by its content, and the extension we store it under.
ALLOWED_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def detected_mime(file) -> str | None:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8192)
    file.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_evidence_file(file) -> None:
    if file.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest file accepted is %(limit)s.")
            % {
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
            code="file_too_large",
        )
    if detected_mime(file) not in ALLOWED_TYPES:
        raise ValidationError(
            _("Only PDF, JPEG or PNG documents are accepted, and this file is none of them."),
            code="file_type",
        )


def _region_code(instance) -> str:
    """The record's region code, by its queryset's path to the region (any kind of record)."""
    path = type(instance).objects.all().region_code_field.split("__")
    try:
        return str(reduce(getattr, path, instance))
    except (AttributeError, ObjectDoesNotExist):
        return "unknown"


def evidence_upload_to(instance, filename: str) -> str:
    """A random name under the region's folder; the type's own extension, never the user's."""
    mime = detected_mime(instance.document.file)
    extension = ALLOWED_TYPES.get(mime, ".bin")
    region = _region_code(instance)
    folder = instance._meta.model_name
    return f"evidence/{region}/{folder}/{uuid.uuid4().hex}{extension}"


def safe_download_name(original: str, fallback: str) -> str:
    name = get_valid_filename(PurePath(original or "").name) if original else ""
    return name or fallback


def evidence_response(stored, original_name: str, fallback_stem: str) -> FileResponse:
    """A stored evidence file as a download whose type comes from its content.

    The uploader's file name only lends its stem: the extension and the Content-Type are those of
    the detected type, so a PDF named `x.html` is served as `x.pdf`, application/pdf. A file whose
    content is none of the accepted types is served as an opaque octet-stream `.bin`.
    """
    handle = stored.open("rb")
    mime = detected_mime(handle)
    if mime not in ALLOWED_TYPES:
        mime = "application/octet-stream"
    extension = ALLOWED_TYPES.get(mime, ".bin")
    stem = PurePath(safe_download_name(original_name, fallback_stem)).stem or fallback_stem
    response = FileResponse(handle, as_attachment=True, filename=f"{stem}{extension}")
    response["Content-Type"] = mime
    response["X-Content-Type-Options"] = "nosniff"
    return response
