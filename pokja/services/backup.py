"""Backup and restore of the whole portal: the database and the portal's files, in one archive.

The archive (`.tar.gz`, mode 0600: it holds password hashes) holds
- `data.jsonl`: every row, as Django's `dumpdata --format jsonl --natural-foreign`;
- `media/…`: every file of the default storage (evidence, photos, export files, kept uploads),
  read and written back through Django's storage API, so the same archive is made from and
  restored into a folder (`DJANGO_MEDIA_ROOT`) or an S3 bucket alike;
- `manifest.json`: row counts per model, SHA-256 of every file and of data.jsonl, the applied
  migrations.

Why Django's serialisation rather than pg_dump: it round-trips the same way on SQLite and on
PostgreSQL (and from one to the other), needs no client tools of the server's exact version,
and its row counts are checked model by model on restore. Natural foreign keys make the rows
independent of content-type and permission ids, which migrate creates anew; primary keys are
kept, so every other reference stays as it was. JSON Lines is read back one line at a time, so
a large database is not loaded into memory whole. A restore loads the rows in batches
(`pokja.services.bulk_load`), with loaddata's checks. (For very large installations pg_dump of
the database beside this archive is faster; this command is the one whose result is verified.)
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from pokja.kernel import pagecache
from pokja.services.bulk_load import load_jsonl

FORMAT = 1
DATA = "data.jsonl"
MANIFEST = "manifest.json"
MEDIA = "media"
# Rebuilt by migrate (content types, permissions) or worthless after a restore (sessions).
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
CHUNK = 1 << 20


class BackupError(Exception):
    """The archive cannot be restored here; the message says why."""


@dataclass(frozen=True)
class Summary:
    path: Path
    rows: int
    files: int
    size: int


def _sha256(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _backed_up_models():
    """The models dumpdata writes (auto-created many-to-many tables counted on their own)."""
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED:
            continue
        yield model


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in _backed_up_models()}


def file_storage() -> Storage:
    """The storage the portal's files live in (a folder or a bucket, see config/settings)."""
    return storages["default"]


def stored_files(storage: Storage, folder: str = "") -> list[str]:
    """Every file name in the storage, sorted, found by listing it folder by folder."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a media folder nothing was ever uploaded to
        return []
    names = [posixpath.join(folder, name) for name in files]
    for sub in folders:
        names += stored_files(storage, posixpath.join(folder, sub))
    return sorted(names)


def media_checksums(storage: Storage | None = None) -> dict[str, str]:
    """SHA-256 of every file in the storage (the default one unless given)."""
    storage = storage or file_storage()
    checksums = {}
    for name in stored_files(storage):
        with storage.open(name, "rb") as stream:
            checksums[name] = _sha256(stream)
    return checksums


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def default_archive_path() -> Path:
    """Where the nightly run writes: BACKUP_DIR, one archive per run, named by its local time."""
    return Path(settings.BACKUP_DIR) / f"pokja-{timezone.localtime():%Y-%m-%d-%H%M%S}.tar.gz"


def private_folder(folder: Path) -> None:
    """Create the archives' folder (and its parents) if missing, readable by its owner only."""
    if not folder.is_dir():
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)  # mkdir's mode passes through the umask


@contextlib.contextmanager
def _private_file(path: Path):
    """A new file that only its owner can read, from its first byte (it holds password
    hashes): created 0600, never created first and narrowed afterwards."""
    path.unlink(missing_ok=True)  # a leftover of an interrupted run
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        yield stream


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _copy_files(storage: Storage, into: Path) -> dict[str, str]:
    """Copy every stored file into `into`, reading each once; returns their checksums."""
    checksums = {}
    for name in stored_files(storage):
        target = into / PurePosixPath(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            with storage.open(name, "rb") as source, target.open("wb") as copy:
                for chunk in iter(lambda source=source: source.read(CHUNK), b""):
                    digest.update(chunk)
                    copy.write(chunk)
        except FileNotFoundError:
            # Deleted since it was listed (a draft removed meanwhile): nothing to keep.
            target.unlink(missing_ok=True)
            continue
        checksums[name] = digest.hexdigest()
    return checksums


def backup(path: Path | None = None) -> Summary:
    """Write the archive to `path` (default: a new one in BACKUP_DIR). Rows and counts come
    from one consistent snapshot."""
    path = Path(path) if path else default_archive_path()
    private_folder(path.parent)
    # The files are staged beside the archive (on its disk, in a 0700 folder), not in /tmp.
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as scratch:
        data_file = Path(scratch) / DATA
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Every query of the dump sees the same snapshot, even while the portal runs.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = row_counts()
            call_command(
                "dumpdata",
                format="jsonl",
                natural_foreign=True,
                exclude=list(EXCLUDED),
                output=str(data_file),
                verbosity=0,
            )
        staged = Path(scratch) / MEDIA
        files = _copy_files(file_storage(), staged)
        with data_file.open("rb") as stream:
            data_sha256 = _sha256(stream)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "rows": counts,
            "data_sha256": data_sha256,
            "files": files,
        }
        partial = path.with_name(path.name + ".partial")
        with _private_file(partial) as stream, tarfile.open(fileobj=stream, mode="w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            archive.add(data_file, DATA)
            for name in files:
                archive.add(staged / PurePosixPath(name), f"{MEDIA}/{name}")
        partial.replace(path)  # a half-written archive never carries the final name
    return Summary(path=path, rows=sum(counts.values()), files=len(files), size=path.stat().st_size)


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, json.JSONDecodeError) as exc:
        raise BackupError("The archive has no readable manifest.json.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
    return manifest


def _unpack(archive: tarfile.TarFile, manifest: dict, into: Path) -> None:
    """Extract data.jsonl and the files into `into`, and check every checksum."""
    expected = {DATA: manifest["data_sha256"]}
    expected.update({f"{MEDIA}/{name}": sha for name, sha in manifest["files"].items()})
    for member in archive.getmembers():
        if member.name == MANIFEST:
            continue
        if member.name not in expected or not member.isfile():
            raise BackupError(f"{member.name} is in the archive but not in its manifest.")
        # The "data" filter refuses absolute paths, links and anything outside `into`.
        archive.extract(member, into, filter="data")
    for name, sha in expected.items():
        target = into / PurePosixPath(name)
        if not target.is_file():
            raise BackupError(f"{name} is in the manifest but not in the archive.")
        with target.open("rb") as stream:
            if _sha256(stream) != sha:
                raise BackupError(f"{name} does not match its checksum in the manifest.")


def _check_target(manifest: dict, storage: Storage) -> None:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if user_model._base_manager.exists():
        raise BackupError(
            "The database already has accounts: restore only into a new, migrated database."
        )
    missing = sorted(set(manifest["migrations"]) - set(applied_migrations()))
    if missing:
        raise BackupError(
            f"The database lacks migrations the backup has ({', '.join(missing[:5])}…): "
            "run `manage.py migrate` with the code the backup was taken with."
        )
    for name, sha in manifest["files"].items():
        if storage.exists(name):
            with storage.open(name, "rb") as stream:
                if _sha256(stream) != sha:
                    raise BackupError(f"{name} exists with other content; not overwritten.")


def _write_back(storage: Storage, names, staged: Path) -> None:
    """Put the files into the storage under their own names (one already there has the same
    content: _check_target compared it)."""
    for name in names:
        if storage.exists(name):
            continue
        with (staged / PurePosixPath(name)).open("rb") as stream:
            saved = storage.save(name, File(stream, name=name))
        if saved != name:
            raise BackupError(f"{name} was stored as {saved}.")


def restore(path: Path) -> Summary:
    """Restore the archive into an empty, migrated database and file storage, then verify it.

    Every checksum is checked before anything is written. The rows are loaded in one
    transaction that is rolled back when a model's count differs from the manifest.
    """
    storage = file_storage()
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as scratch:
        manifest = read_manifest(archive)
        _check_target(manifest, storage)
        _unpack(archive, manifest, Path(scratch))
        with transaction.atomic():
            # Remove what data migrations seeded (e.g. the indicator catalogue): the backup
            # holds those rows as they were, edits and deletions included.
            call_command("flush", interactive=False, verbosity=0)
            try:
                load_jsonl(Path(scratch) / DATA)
            except (DeserializationError, IntegrityError) as exc:
                raise BackupError(f"The rows cannot be loaded: {exc}") from exc
            counts = row_counts()
            differences = {
                label: (manifest["rows"].get(label, 0), counts.get(label, 0))
                for label in set(counts) | set(manifest["rows"])
                if manifest["rows"].get(label, 0) != counts.get(label, 0)
            }
            if differences:
                raise BackupError(f"Row counts differ from the manifest: {differences}")
            pagecache.bump()  # the rows were inserted without signals
        _write_back(storage, manifest["files"], Path(scratch) / MEDIA)
    if not manifest["files"].keys() <= set(stored_files(storage)):
        raise BackupError("Some of the portal's files could not be written.")
    return Summary(
        path=path,
        rows=sum(counts.values()),
        files=len(manifest["files"]),
        size=path.stat().st_size,
    )
