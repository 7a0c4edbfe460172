"""Backup and restore of the whole portal: the database and the evidence files, in one archive.

The archive (`.tar.gz`) holds
- `data.jsonl`: every row, as Django's `dumpdata --format jsonl --natural-foreign`;
- `media/…`: every file under MEDIA_ROOT (the evidence);
- `manifest.json`: row counts per model, SHA-256 of every file and of data.jsonl, the applied
  migrations.

Why Django's serialisation rather than pg_dump: it round-trips the same way on SQLite and on
PostgreSQL (and from one to the other), needs no client tools of the server's exact version,
and its row counts are checked model by model on restore. Natural foreign keys make the rows
independent of content-type and permission ids, which migrate creates anew; primary keys are
kept, so every other reference stays as it was. JSON Lines is read back one line at a time, so
a large database is not loaded into memory whole. (For very large installations pg_dump of the
database beside this archive is faster; this command is the one whose result is verified.)
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
DATA = "data.jsonl"
MANIFEST = "manifest.json"
MEDIA = "media"
# Rebuilt by migrate (content types, permissions) or worthless after a restore (sessions).
EXCLUDED = ("contenttypes", "auth.permission", "sessions")


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
    for chunk in iter(lambda: stream.read(1 << 20), b""):
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


def media_checksums(root: Path) -> dict[str, str]:
    checksums = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            with path.open("rb") as stream:
                checksums[path.relative_to(root).as_posix()] = _sha256(stream)
    return checksums


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(path: Path) -> Summary:
    """Write the archive to `path`. Rows and counts come from one consistent snapshot."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
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
        files = media_checksums(media_root)
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
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            archive.add(data_file, DATA)
            for name in files:
                archive.add(media_root / name, f"{MEDIA}/{name}")
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


def _check_target(manifest: dict) -> None:
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
    media_root = Path(settings.MEDIA_ROOT)
    for name, sha in manifest["files"].items():
        existing = media_root / name
        if existing.exists():
            with existing.open("rb") as stream:
                if _sha256(stream) != sha:
                    raise BackupError(f"{existing} exists with other content; not overwritten.")


def restore(path: Path) -> Summary:
    """Restore the archive into an empty, migrated database and MEDIA_ROOT, then verify it.

    Every checksum is checked before anything is written. The rows are loaded in one
    transaction that is rolled back when a model's count differs from the manifest.
    """
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as scratch:
        manifest = read_manifest(archive)
        _check_target(manifest)
        _unpack(archive, manifest, Path(scratch))
        with transaction.atomic():
            # Remove what data migrations seeded (e.g. the indicator catalogue): the backup
            # holds those rows as they were, edits and deletions included.
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(Path(scratch) / DATA), verbosity=0)
            counts = row_counts()
            differences = {
                label: (manifest["rows"].get(label, 0), counts.get(label, 0))
                for label in set(counts) | set(manifest["rows"])
                if manifest["rows"].get(label, 0) != counts.get(label, 0)
            }
            if differences:
                raise BackupError(f"Row counts differ from the manifest: {differences}")
        for name in manifest["files"]:
            target = media_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(scratch) / MEDIA / name, target)
    if not manifest["files"].keys() <= media_checksums(media_root).keys():
        raise BackupError("Some evidence files could not be written.")
    return Summary(
        path=path,
        rows=sum(counts.values()),
        files=len(manifest["files"]),
        size=path.stat().st_size,
    )
