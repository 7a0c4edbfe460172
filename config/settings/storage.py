"""Where the portal's files live (evidence, photos, export files, kept uploads).

Several web hosts must see the same files, so a bucket name switches them to S3-compatible object
storage (AWS, MinIO, any S3 API); without one they stay on this host's disk under MEDIA_ROOT (the
embedded default). base.py takes STORAGES and UPLOAD_MAX_BYTES from here.
"""

import environ


def object_storage(
    bucket_name: str,
    *,
    endpoint_url: str | None = None,
    region_name: str = "us-east-1",
    access_key: str | None = None,
    secret_key: str | None = None,
) -> dict:
    """The default storage in a private bucket (django-storages' S3 backend).

    Private: no ACL is set on objects and no signed link is handed out, because every download
    passes the portal's scope check and is streamed by the portal.
    """
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket_name,
            "endpoint_url": endpoint_url or None,  # None: AWS itself
            "region_name": region_name,
            # None lets boto3 find them (environment, instance role) as it does everywhere
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "default_acl": None,  # the bucket's own (private) policy, never public-read
            # A stray .url() gives a link the private bucket refuses, rather than a signed one
            # that skips the scope check until it expires.
            "querystring_auth": False,
            "file_overwrite": False,  # two uploads of "foto.jpg" never replace each other
            # a download is spooled to disk past 2 MB while it streams, not held in memory
            "max_memory_size": 2 * 1024 * 1024,
            "client_config": Config(
                s3={"addressing_style": "path"},  # works with MinIO and moto on any host name
                # an unreachable endpoint fails a request (and the health probe) in seconds
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }


def portal_storages(env: environ.Env) -> dict:
    """STORAGES: the portal's files in the bucket AWS_STORAGE_BUCKET_NAME names, else on disk."""
    bucket_name = env("AWS_STORAGE_BUCKET_NAME", default="")
    if bucket_name:
        default = object_storage(
            bucket_name,
            endpoint_url=env("AWS_S3_ENDPOINT_URL", default=""),
            region_name=env("AWS_S3_REGION_NAME", default="us-east-1"),
            access_key=env("AWS_ACCESS_KEY_ID", default=""),
            secret_key=env("AWS_SECRET_ACCESS_KEY", default=""),
        )
    else:
        default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "default": default,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
