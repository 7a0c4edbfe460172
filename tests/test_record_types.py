"""Every record type runs the kernel's contract (tests/kernel/record_type_contract.py)."""

import pytest
from django.utils.html import escape

from pokja import record_types as rt
from tests import factories as f
from tests.kernel.record_type_contract import RecordTypeContract


def pokja_in(region):
    return f.PokjaFactory(region=region)


class TestDecree(RecordTypeContract):
    record_type = rt.DECREES

    def make(self, region, status="terverifikasi"):
        return f.DecreeFactory(pokja=pokja_in(region), status=status)


class TestWorkPlan(RecordTypeContract):
    record_type = rt.WORK_PLANS

    def make(self, region, status="terverifikasi"):
        return f.WorkPlanFactory(pokja=pokja_in(region), status=status)


class TestIndicatorDocument(RecordTypeContract):
    record_type = rt.INDICATOR_DOCUMENTS

    def make(self, region, status="terverifikasi"):
        return f.IndicatorDocumentFactory(pokja=pokja_in(region), status=status)


class TestBudgetAllocation(RecordTypeContract):
    record_type = rt.BUDGETS

    def make(self, region, status="terverifikasi"):
        return f.BudgetAllocationFactory(pokja=pokja_in(region), status=status)


class TestGdpkDocument(RecordTypeContract):
    record_type = rt.GDPK_DOCUMENTS

    def make(self, region, status="terverifikasi"):
        return f.GdpkDocumentFactory(region=region, status=status)


class TestAdvocacyActivity(RecordTypeContract):
    record_type = rt.ADVOCACY_ACTIVITIES

    def make(self, region, status="terverifikasi"):
        group = f.WorkingGroupFactory(pokja=pokja_in(region), kind="advokasi")
        return f.AdvocacyActivityFactory(working_group=group, status=status)


@pytest.mark.parametrize(
    "contract",
    [
        TestDecree,
        TestWorkPlan,
        TestIndicatorDocument,
        TestBudgetAllocation,
        TestGdpkDocument,
        TestAdvocacyActivity,
    ],
)
def test_a_returned_record_is_listed_on_its_region_page_by_its_own_name(
    contract, client_for, banjarmasin, koord_6371
):
    """The region page names a returned record from its own columns only
    (pokja.kernel.together): a name that needed a related row would break it."""
    record = contract().make(banjarmasin, "ditolak")

    page = client_for(koord_6371).get("/wilayah/63.71/").content.decode()

    assert escape(str(record)) in page
    assert contract.record_type.url("edit", record) in page
