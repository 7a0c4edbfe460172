"""backup_portal and restore_portal: the demo data survives a round trip, row for row and file
for file, and a restore refuses what it cannot do safely."""

import hashlib
import io
import json
import os
import stat
import tarfile
from pathlib import Path

import boto3
import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from moto import mock_aws

from pokja.models import Decree, User
from pokja.services.backup import media_checksums, row_counts
from tests.factories import DecreeFactory, KabupatenKotaFactory, KecamatanFactory, UserFactory


@pytest.fixture(scope="module")
def demo_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data's backup, made once for the module; the database is then left empty, as
    a transactional test leaves it (each test restores into it, or adds what it needs)."""
    folder = tmp_path_factory.mktemp("backup")
    media = folder / "media"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        call_command("seed_demo", stdout=io.StringIO())
        call_command("recompute_effectiveness", stdout=io.StringIO())
        archive = folder / "pokja.tar.gz"
        call_command("backup_portal", str(archive), stdout=io.StringIO())
        made = archive, row_counts(), media_checksums()
        call_command("flush", interactive=False, verbosity=0)
    return made


@pytest.fixture
def demo_backup(transactional_db, demo_archive):
    return demo_archive


def empty_portal(settings, media_root: Path) -> None:
    """What the guide restores into: a migrated database without rows, an empty media folder."""
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = media_root


def test_demo_data_round_trips_with_the_same_rows_and_files(demo_backup, settings, tmp_path):
    archive, counts, files = demo_backup
    assert counts["pokja.user"] == 8 and counts["pokja.decree"] > 0
    assert counts["pokja.assessment"] > 0
    assert len(files) > 0
    empty_portal(settings, tmp_path / "restored-media")
    assert User.objects.count() == 0

    call_command("restore_portal", str(archive), stdout=io.StringIO())

    assert row_counts() == counts
    assert media_checksums() == files
    # What a user notices: the demo account logs in again and its evidence opens.
    assert User.objects.get(username="staf-kalsel").check_password("bangga-kencana-demo")
    decree = Decree.objects.exclude(document="").first()
    with decree.document.open("rb") as document:
        assert document.read(5) == b"%PDF-"


def test_restore_names_a_missing_archive_before_touching_anything(db, tmp_path):
    counts = row_counts()

    with pytest.raises(CommandError, match="pokja.tar.gz does not exist or is not a file"):
        call_command("restore_portal", str(tmp_path / "pokja.tar.gz"))

    assert row_counts() == counts


def test_restore_refuses_a_database_that_has_accounts(demo_backup):
    archive, _, _ = demo_backup
    UserFactory()
    counts = row_counts()

    with pytest.raises(CommandError, match="already has accounts"):
        call_command("restore_portal", str(archive))

    assert row_counts() == counts


def test_restore_refuses_a_tampered_archive_and_writes_nothing(demo_backup, settings, tmp_path):
    archive, _, files = demo_backup
    tampered = tmp_path / "tampered.tar.gz"
    victim = f"media/{next(iter(files))}"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == victim:
                data = data + b"changed"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    empty_portal(settings, tmp_path / "restored-media")

    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore_portal", str(tampered))

    assert User.objects.count() == 0
    assert media_checksums() == {}


# --- The archive on disk: private from its first byte, in a folder made for it ----------------


def test_the_nightly_archive_is_private_in_a_folder_it_creates(
    transactional_db, settings, tmp_path
):
    UserFactory(username="staf-kalsel")
    settings.BACKUP_DIR = tmp_path / "backups" / "pokja"  # missing, like the guide's folder
    umask = os.umask(0o022)  # a usual umask would leave a new file world-readable
    try:
        call_command("backup_portal", stdout=io.StringIO())  # no path: the timer's call
    finally:
        os.umask(umask)

    folder = settings.BACKUP_DIR
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    [archive] = folder.iterdir()  # nothing left beside it: no scratch folder, no .partial
    assert archive.name.startswith("pokja-") and archive.name.endswith(".tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as opened:
        assert {"manifest.json", "data.jsonl"} <= set(opened.getnames())


# --- The portal's files in an S3 bucket (moto's in-process mock) ------------------------------

BUCKET = "pokja-uji"


@pytest.fixture
def s3_bucket(settings):
    """The default storage as an S3 bucket, the way AWS_STORAGE_BUCKET_NAME switches it."""
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        with override_settings(
            STORAGES={
                **settings.STORAGES,
                "default": {"BACKEND": "storages.backends.s3.S3Storage"},
            },
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID="uji",
            AWS_SECRET_ACCESS_KEY="uji",
        ):
            yield client


def bucket_objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


def decree_rows() -> list[tuple]:
    """Each decree's file and dates, to the millisecond (what Django's JSON serialiser keeps)."""
    return [
        (
            pk,
            document,
            *(moment.replace(microsecond=moment.microsecond // 1000 * 1000) for moment in dates),
        )
        for pk, document, *dates in Decree.objects.values_list(
            "pk", "document", "created_at", "updated_at"
        )
    ]


def test_backup_and_restore_bring_back_the_buckets_objects(transactional_db, s3_bucket, tmp_path):
    decree = DecreeFactory()
    assert decree.document.name in bucket_objects(s3_bucket)  # the evidence lives in the bucket
    staff = UserFactory(username="staf-kalsel")
    staff.groups.add(Group.objects.create(name="Verifikator"))
    stored = bucket_objects(s3_bucket)
    decrees = decree_rows()
    counts = row_counts()
    archive = tmp_path / "pokja.tar.gz"
    call_command("backup_portal", str(archive), stdout=io.StringIO())
    # A new, empty portal: the database flushed, the bucket emptied.
    call_command("flush", interactive=False, verbosity=0)
    for key in stored:
        s3_bucket.delete_object(Bucket=BUCKET, Key=key)
    assert bucket_objects(s3_bucket) == {}

    call_command("restore_portal", str(archive), stdout=io.StringIO())

    assert bucket_objects(s3_bucket) == stored
    assert row_counts() == counts
    # The rows as they were: dates not stamped anew, many-to-many links kept.
    assert decree_rows() == decrees
    assert list(User.objects.get(username="staf-kalsel").groups.values_list("name", flat=True)) == [
        "Verifikator"
    ]
    with Decree.objects.get().document.open("rb") as document:
        assert document.read(5) == b"%PDF-"
    # New rows after a restore get new ids (the sequences were moved past the restored ones).
    assert DecreeFactory(pokja=decree.pokja).pk > decree.pk


# --- Restore in bulk, with loaddata's checks ---------------------------------------------------


def test_restore_writes_many_rows_in_a_few_statements(transactional_db, settings, tmp_path):
    kabupaten = KabupatenKotaFactory(code="63.03")
    KecamatanFactory.create_batch(99, parent=kabupaten)  # 63.03.01 … 63.03.99
    counts = row_counts()
    assert counts["pokja.region"] == 101
    archive = tmp_path / "pokja.tar.gz"
    call_command("backup_portal", str(archive), stdout=io.StringIO())
    empty_portal(settings, tmp_path / "restored-media")

    with CaptureQueriesContext(connection) as queries:
        call_command("restore_portal", str(archive), stdout=io.StringIO())

    assert row_counts() == counts
    region_inserts = [
        q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "pokja_region"')
    ]
    assert len(region_inserts) == 1  # loaddata: one a row


def test_restore_refuses_rows_whose_references_are_missing(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # only this test's files, not the worker's others
    KabupatenKotaFactory(code="63.03")
    archive = tmp_path / "pokja.tar.gz"
    call_command("backup_portal", str(archive), stdout=io.StringIO())
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(broken, "w:gz") as target:
        rows = source.extractfile("data.jsonl").read().decode().splitlines()
        for index, line in enumerate(rows):
            row = json.loads(line)
            if row["model"] == "pokja.region" and row["fields"]["parent"]:
                row["fields"]["parent"] = 999_999  # a province that is not in the backup
                rows[index] = json.dumps(row)
        data = ("\n".join(rows) + "\n").encode()
        manifest = json.load(source.extractfile("manifest.json"))
        manifest["data_sha256"] = hashlib.sha256(data).hexdigest()  # consistent, yet wrong
        for name, content in (
            ("manifest.json", json.dumps(manifest).encode()),
            ("data.jsonl", data),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            target.addfile(info, io.BytesIO(content))
    empty_portal(settings, tmp_path / "restored-media")

    with pytest.raises(CommandError, match="cannot be loaded"):
        call_command("restore_portal", str(broken))

    assert set(row_counts().values()) == {0}  # nothing half-loaded
