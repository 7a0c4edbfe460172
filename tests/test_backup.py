"""backup_portal and restore_portal: the demo data survives a round trip, row for row and file
for file, and a restore refuses what it cannot do safely."""

import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from pokja.models import Decree, User
from pokja.services.backup import media_checksums, row_counts
from tests.factories import UserFactory


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
