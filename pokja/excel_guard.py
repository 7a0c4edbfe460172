"""Refuse an uploaded workbook whose insides are out of proportion, before openpyxl parses it.

An .xlsx file is a zip archive. A small upload can unpack to hundreds of megabytes (a million
shared strings in 0.6 MB kept the target import busy for 16 s; a 1.2 MB file cost 640 MB of
memory), so every Excel import calls `check_workbook()` first. It reads only the zip's directory
and counts the shared strings in a bounded stream; nothing is expanded in memory.

`open_workbook()` is the one way an import opens an upload: the .xlsx signature, this check, then
openpyxl in read-only mode, each failure a ValidationError in the user's language.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from PIL.Image import DecompressionBombError

# A filled-in template of 500 rows is a few hundred kilobytes unpacked, has a dozen parts and far
# fewer distinct texts than these limits; anything beyond them is not a template.
MAX_PARTS = 100
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_SHARED_STRINGS = 100_000
SHARED_STRINGS_PART = "xl/sharedStrings.xml"
CHUNK = 64 * 1024
XLSX_SIGNATURE = b"PK\x03\x04"


def open_workbook(data: bytes, *, not_a_workbook: str):
    """The uploaded bytes as a read-only workbook, or ValidationError: `not_a_workbook` (the
    importer's own words) for a file that is no .xlsx, check_workbook's reason for one out of
    proportion."""
    if not data.startswith(XLSX_SIGNATURE):
        raise ValidationError(not_a_workbook)
    check_workbook(data)
    try:
        return load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        ValueError,
        DecompressionBombError,  # openpyxl decodes a chart sheet's images with Pillow
    ):
        # A zip that is not a workbook (a renamed .docx or .zip) ends here too.
        raise ValidationError(not_a_workbook) from None


def check_workbook(data: bytes) -> None:
    """Raise ValidationError (in the user's language) when the workbook is out of proportion.

    A file that is not a zip at all passes: the import's own "not a workbook" check answers it.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        return
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _refuse(_("%(count)s parts") % {"count": len(parts)})
        unpacked = sum(part.file_size for part in parts)
        packed = sum(part.compress_size for part in parts) or 1
        if unpacked > MAX_UNCOMPRESSED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
            raise _refuse(_("%(size)s MB unpacked") % {"size": round(unpacked / 1024 / 1024, 1)})
        if SHARED_STRINGS_PART in archive.namelist():
            count = _count_shared_strings(archive)
            if count > MAX_SHARED_STRINGS:
                raise _refuse(_("%(count)s distinct texts") % {"count": count})


def _count_shared_strings(archive: zipfile.ZipFile) -> int:
    """Count `<si>` entries by streaming the part (its size is already bounded above)."""
    count, tail = 0, b""
    with archive.open(SHARED_STRINGS_PART) as part:
        while chunk := part.read(CHUNK):
            window = tail + chunk
            count += window.count(b"<si>") + window.count(b"<si ")
            # The last 3 bytes carry over: a 4-byte tag split between two chunks is counted once
            # (3 bytes can never hold a whole tag, so nothing is counted twice).
            tail = window[-3:]
    return count


def _refuse(detail: str) -> ValidationError:
    return ValidationError(
        _(
            "This workbook is far larger inside than a filled-in template (%(detail)s), so it "
            "was not read. Download the template, fill it in and upload it as it is."
        )
        % {"detail": detail},
        code="workbook_out_of_proportion",
    )
