"""The object-storage bucket made ready for the portal (`manage.py prepare_bucket`).

The portal does not create its bucket as it starts: several hosts starting together would race,
and an operator may give it credentials that can only read and write objects. An operator runs
`prepare_bucket` once (it is safe to run again, e.g. on every deploy): it creates the bucket when
it is missing, blocks public access where the server supports it, and proves a write, a read and
a delete work with the portal's own credentials.

`upload_media FOLDER` moves an existing portal's files from its disk into the bucket.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from botocore.exceptions import ClientError
from django.core.files import File
from django.core.files.storage import storages
from storages.backends.s3 import S3Storage

from pokja import health

# What S3 answers when a server has no such feature (MinIO keeps every bucket private anyway).
NOT_SUPPORTED = {"NotImplemented", "XNotImplemented", "MethodNotAllowed"}


class NoBucketConfigured(Exception):
    pass


@dataclasses.dataclass(frozen=True)
class BucketReport:
    name: str
    created: bool
    public_access_blocked: bool  # False: the server does not support the setting


def prepare_bucket() -> BucketReport:
    storage = storages["default"]
    if not isinstance(storage, S3Storage):
        raise NoBucketConfigured(
            "AWS_STORAGE_BUCKET_NAME is not set: the portal's files are on this host's disk."
        )
    client = storage.connection.meta.client
    created = False
    try:
        client.head_bucket(Bucket=storage.bucket_name)
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in {"404", "NoSuchBucket"}:
            raise
        region = client.meta.region_name
        extra = (
            {"CreateBucketConfiguration": {"LocationConstraint": region}}
            if region and region != "us-east-1"  # us-east-1 refuses its own name here
            else {}
        )
        client.create_bucket(Bucket=storage.bucket_name, **extra)
        created = True
    try:
        client.put_public_access_block(
            Bucket=storage.bucket_name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        blocked = True
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in NOT_SUPPORTED:
            raise
        blocked = False
    health.MediaStorage(min_free_mb=0).run()  # write, read back and delete one object
    return BucketReport(storage.bucket_name, created, blocked)


@dataclasses.dataclass(frozen=True)
class UploadReport:
    copied: int
    skipped: int


def upload_folder(folder: Path) -> UploadReport:
    """Copy every file under `folder` (the old DJANGO_MEDIA_ROOT) into the default storage under
    the same name, so the records' names find them; a file already there with the same size is
    skipped, so an interrupted copy can be run again."""
    storage = storages["default"]
    if not isinstance(storage, S3Storage):
        raise NoBucketConfigured("AWS_STORAGE_BUCKET_NAME is not set: there is no bucket to fill.")
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder")
    copied = skipped = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if storage.exists(name):
            if storage.size(name) == path.stat().st_size:
                skipped += 1
                continue
            storage.delete(name)  # a partial copy from an interrupted run
        with path.open("rb") as handle:
            stored = storage.save(name, File(handle))
        if stored != name:  # never a renamed copy the records cannot find
            raise RuntimeError(f"{name} was stored as {stored}")
        copied += 1
    return UploadReport(copied, skipped)
