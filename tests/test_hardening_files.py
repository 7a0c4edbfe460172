"""Evidence files: deleted drafts leave nothing behind, replaced files stay for the history,
and housekeeping removes files nobody refers to (a day after they were written)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from pokja.kernel import workflow as record_services
from pokja.kernel.file_retention import orphan_files
from pokja.models import VerifiableRecord, WorkerHeartbeat
from pokja.services.housekeeping import run_housekeeping
from tests.factories import DecreeFactory, PokjaFactory, pdf_file

Status = VerifiableRecord.Status


@pytest.fixture
def pokja_6371(banjarmasin):
    return PokjaFactory(region=banjarmasin)


def on_disk(name: str) -> bool:
    return (Path(settings.MEDIA_ROOT) / name).exists()


def replace_document(record, user):
    record.document = pdf_file("baru.pdf")
    return record_services.record_save(record=record, user=user)


def test_deleting_a_draft_removes_every_version_of_its_file(
    staf_kalsel, pokja_6371, django_capture_on_commit_callbacks
):
    draft = DecreeFactory(pokja=pokja_6371, status=Status.DRAF)
    first = draft.document.name
    second = replace_document(draft, staf_kalsel).document.name
    assert first != second and on_disk(first) and on_disk(second)

    with django_capture_on_commit_callbacks(execute=True):
        record_services.record_delete(record=draft, user=staf_kalsel)

    assert not on_disk(first)
    assert not on_disk(second)


def test_a_replaced_file_of_a_verified_record_stays_for_the_history(staf_kalsel, pokja_6371):
    decree = DecreeFactory(pokja=pokja_6371, status=Status.TERVERIFIKASI)
    first = decree.document.name

    replace_document(decree, staf_kalsel)

    assert on_disk(first)
    assert first in set(decree.history.values_list("document", flat=True))
    assert first not in orphan_files()


def test_deleting_a_submitted_record_keeps_its_file(
    staf_kalsel, pokja_6371, django_capture_on_commit_callbacks
):
    decree = DecreeFactory(pokja=pokja_6371, status=Status.DIAJUKAN)
    name = decree.document.name

    with django_capture_on_commit_callbacks(execute=True):
        record_services.record_delete(record=decree, user=staf_kalsel)

    assert on_disk(name)


def _stray(name: str, *, days_old: int) -> str:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ContentFile(b"%PDF-1.4").read())
    written = (timezone.now() - timedelta(days=days_old)).timestamp()
    os.utime(path, (written, written))
    return name


def test_housekeeping_removes_a_day_old_file_no_record_refers_to(pokja_6371):
    kept = DecreeFactory(pokja=pokja_6371).document.name
    old = _stray("evidence/63.71/decree/yatim.pdf", days_old=2)
    fresh = _stray("evidence/63.71/decree/baru-diunggah.pdf", days_old=0)

    assert {old, fresh} <= set(orphan_files())
    heartbeat = run_housekeeping()

    assert not on_disk(old)
    assert on_disk(fresh)  # perhaps an upload whose record is not committed yet
    assert on_disk(kept)
    assert "orphan files removed: 1" in heartbeat.detail
    assert WorkerHeartbeat.objects.filter(pk=heartbeat.pk).exists()
