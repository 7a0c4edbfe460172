"""Evidence files: checked by content (not by name), limited in size, stored privately; an image
is decoded and stored re-encoded (pokja.kernel.images)."""

from __future__ import annotations

import uuid
from functools import reduce
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from pokja.kernel import images
from pokja.kernel.stored_files import open_stored

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
    """A new upload's size, type by content and image. A stored file was checked when it came
    in: checking it again at every later save (a verification, a status change) read it back
    from the storage each time (a request to the object store), and answered 500 when the
    object was gone."""
    if not _is_new(file):
        return
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
    validate_new_image(file)


def _is_new(file) -> bool:
    """An upload not stored yet (a stored file was checked when it came in)."""
    return not (isinstance(file, FieldFile) and file._committed)


def validate_new_image(file) -> None:
    """A new JPEG or PNG is decoded in full: refused (in Indonesian) when malformed or larger
    than the limits; the result is kept for ReencodingFileField to store."""
    if _is_new(file) and detected_mime(file) in images.FORMATS:
        images.reencoded_image(file)


class ReencodingFileField(models.FileField):
    """A file field that stores a new JPEG or PNG re-encoded (upright, no metadata, at most
    images.STORED_MAX_SIDE a side) whatever path saved it: web form, API, admin, import, shell.

    It changes what is written, not the column: migrations see a plain FileField, so swapping
    one for the other needs none.
    """

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed and detected_mime(file.file) in images.FORMATS:
            # validated already when full_clean ran; raises ValidationError when it did not
            file.file = images.reencoded_image(file)
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


def stored_file_name(file, region_code: str, folder: str) -> str:
    """A random name under the region's folder, with the detected type's extension (never the
    user's); a re-encoded image's name says so (images.is_reencoded)."""
    extension = ALLOWED_TYPES.get(detected_mime(file), ".bin")
    prefix = images.REENCODED_PREFIX if isinstance(file, images.ReencodedImage) else ""
    return f"evidence/{region_code}/{folder}/{prefix}{uuid.uuid4().hex}{extension}"


def _region_code(instance) -> str:
    """The record's region code, by its queryset's path to the region (any kind of record)."""
    path = type(instance).objects.all().region_code_field.split("__")
    try:
        return str(reduce(getattr, path, instance))
    except (AttributeError, ObjectDoesNotExist):
        return "unknown"


def evidence_upload_to(instance, filename: str) -> str:
    return stored_file_name(
        instance.document.file, _region_code(instance), instance._meta.model_name
    )


def safe_download_name(original: str, fallback: str) -> str:
    name = get_valid_filename(PurePath(original or "").name) if original else ""
    return name or fallback


def evidence_response(stored, original_name: str, fallback_stem: str) -> FileResponse:
    """A stored evidence file as a download whose type comes from its content.

    The uploader's file name only lends its stem: the extension and the Content-Type are those of
    the detected type, so a PDF named `x.html` is served as `x.pdf`, application/pdf. A file whose
    content is none of the accepted types is served as an opaque octet-stream `.bin`. It is
    streamed from the default storage (disk or bucket); a missing one is a "file not available"
    404 (pokja.kernel.stored_files).
    """
    handle = open_stored(stored)
    mime = detected_mime(handle)
    if mime not in ALLOWED_TYPES:
        mime = "application/octet-stream"
    extension = ALLOWED_TYPES.get(mime, ".bin")
    stem = PurePath(safe_download_name(original_name, fallback_stem)).stem or fallback_stem
    response = FileResponse(handle, as_attachment=True, filename=f"{stem}{extension}")
    response["Content-Type"] = mime
    response["X-Content-Type-Options"] = "nosniff"
    return response
