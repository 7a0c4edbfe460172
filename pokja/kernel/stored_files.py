"""The portal's stored files, through Django's storage API only (never a path on this disk).

The default storage is the filesystem under MEDIA_ROOT or a private S3-compatible bucket
(config/settings/base.py). Every reader goes through here or through `FieldFile.open`, so the same
code serves a file on either, and from any web host when the files are in a bucket.

A stored file a record names but the storage does not hold (a second web host with its own
folder, a file lost from the disk) is not a 500: the person sees "file not available" (404, the
record itself stays visible) and the operator reads an error in the log that says why.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator

from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

logger = logging.getLogger(__name__)


class StoredFileMissing(Http404):
    """A record's file is not in the storage; the 404 page says so (pokja.views.errors)."""


def open_stored(stored: FieldFile):
    """The stored file opened for reading (call only after the scope check)."""
    try:
        return stored.open("rb")
    except FileNotFoundError as exc:
        logger.error(
            "Stored file %s is missing from the %s storage. With several web hosts the files "
            "must be in object storage (AWS_STORAGE_BUCKET_NAME), not on each host's disk.",
            stored.name,
            stored.storage.__class__.__name__,  # the backend, not its lazy wrapper
        )
        raise StoredFileMissing(stored.name) from exc


def stored_size(stored: FieldFile) -> int | None:
    """The file's size in bytes, or None when the storage does not hold it."""
    try:
        return stored.size
    except (FileNotFoundError, OSError):
        return None


def all_names(storage: Storage | None = None) -> Iterator[str]:
    """Every file in the storage, as the names the records hold ("evidence/63/…/x.pdf")."""
    storage = storage or default_storage
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:
        # A bucket lists 1,000 names a request; walking it folder by folder would ask once per
        # region and record type.
        prefix = f"{storage.location.strip('/')}/" if storage.location.strip("/") else ""
        for summary in bucket.objects.filter(Prefix=prefix):
            yield summary.key[len(prefix) :]
        return
    yield from _walk(storage, "")


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return  # before the first upload the folder may not exist yet
    for name in files:
        yield f"{folder}{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}{sub}/")


def modified_at(name: str, storage: Storage | None = None) -> datetime.datetime | None:
    storage = storage or default_storage
    try:
        return storage.get_modified_time(name)
    except (FileNotFoundError, OSError):
        return None
