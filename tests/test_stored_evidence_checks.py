"""A stored evidence file was checked when it came in; later saves of its record do not read it
back from the storage (on object storage each read is a request), and a file lost from the
storage does not make the verification fail with a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pokja.kernel import workflow
from pokja.kernel.uploads import validate_evidence_file
from pokja.kernel.verification import Status
from tests.factories import DecreeFactory


@pytest.fixture
def submitted_decree(banjarmasin):
    return DecreeFactory(pokja__region=banjarmasin, status=Status.DIAJUKAN)


def test_a_record_whose_stored_file_is_lost_can_still_be_verified(submitted_decree, staf_kalsel):
    submitted_decree.document.storage.delete(submitted_decree.document.name)

    workflow.record_verify(record=submitted_decree, user=staf_kalsel)

    submitted_decree.refresh_from_db()
    assert submitted_decree.status == Status.TERVERIFIKASI


def test_verifying_does_not_open_the_stored_file(submitted_decree, staf_kalsel, monkeypatch):
    storage = submitted_decree.document.storage
    storage.exists("")  # a lazy storage sets itself up on first use
    opened = []
    monkeypatch.setattr(
        type(getattr(storage, "_wrapped", storage)),
        "_open",
        lambda self, name, mode="rb": opened.append(name),
    )

    workflow.record_verify(record=submitted_decree, user=staf_kalsel)

    assert opened == []


def test_a_new_upload_is_still_checked_by_content():
    fake = SimpleUploadedFile("sk.pdf", b"not a pdf at all", content_type="application/pdf")

    with pytest.raises(ValidationError) as refused:
        validate_evidence_file(fake)

    assert refused.value.code == "file_type"
