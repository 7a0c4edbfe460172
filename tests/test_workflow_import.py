"""workflow.records_import: an upload's rows written by record_save's rules, in bulk."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import F

from pokja.kernel import workflow
from pokja.models import Decree
from tests.factories import DecreeFactory, PokjaFactory

Status = Decree.Status


@pytest.fixture
def draft(banjarmasin):
    return DecreeFactory(pokja=PokjaFactory(region=banjarmasin), status=Status.DRAF)


def test_a_coordinator_may_not_import_pokja_evidence_as_verified(koord_6371, draft):
    with pytest.raises(PermissionDenied):  # the province verifies a Pokja's SK
        workflow.records_import(
            records=[draft], user=koord_6371, reason="Excel", status=Status.TERVERIFIKASI
        )

    draft.refresh_from_db()
    assert (draft.status, draft.verified_by, draft.history.count()) == (Status.DRAF, None, 1)


def test_staff_import_verified_with_verifier_history_and_version(staf_kalsel, draft):
    version = draft.version

    refused = workflow.records_import(
        records=[draft], user=staf_kalsel, reason="Dari Excel", status=Status.TERVERIFIKASI
    )

    assert refused == {}
    draft.refresh_from_db()
    assert (draft.status, draft.verified_by, draft.version) == (
        Status.TERVERIFIKASI,
        staf_kalsel,
        version + 1,
    )
    last = draft.history.first()
    assert (last.history_user, last.history_change_reason) == (staf_kalsel, "Dari Excel")


def test_a_record_changed_since_it_was_read_refuses_the_upload(staf_kalsel, draft):
    Decree.objects.filter(pk=draft.pk).update(version=F("version") + 1)  # someone else saved

    with pytest.raises(workflow.StaleRecord):
        workflow.records_import(records=[draft], user=staf_kalsel, reason="Excel")


def test_a_record_outside_the_users_scope_refuses_the_whole_upload(koord_6371, draft, banjarbaru):
    outside = DecreeFactory(pokja=PokjaFactory(region=banjarbaru), status=Status.DRAF)
    draft.number = outside.number = "changed"

    with pytest.raises(PermissionDenied):
        workflow.records_import(records=[draft, outside], user=koord_6371, reason="Excel")

    assert not Decree.objects.filter(number="changed").exists()


def test_model_checks_are_returned_by_row_and_nothing_is_written(staf_kalsel, draft):
    other = DecreeFactory(pokja=draft.pokja, status=Status.DRAF)
    draft.number, other.number = "fine", ""  # a decree needs its number

    refused = workflow.records_import(records=[draft, other], user=staf_kalsel, reason="Excel")

    assert list(refused) == [1] and "number" in refused[1].message_dict
    assert not Decree.objects.filter(number="fine").exists()
