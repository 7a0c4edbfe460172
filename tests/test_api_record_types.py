"""Every record type's REST endpoint runs the API contract (tests/kernel/api_contract.py)."""

from pokja import record_types as rt
from tests import factories as f
from tests.kernel.api_contract import ApiContract


def pokja_in(region):
    return f.PokjaFactory(region=region)


class TestDecreeApi(ApiContract):
    record_type = rt.DECREES

    def make(self, region, status="terverifikasi"):
        return f.DecreeFactory(pokja=pokja_in(region), status=status)


class TestWorkPlanApi(ApiContract):
    record_type = rt.WORK_PLANS

    def make(self, region, status="terverifikasi"):
        return f.WorkPlanFactory(pokja=pokja_in(region), status=status)


class TestIndicatorDocumentApi(ApiContract):
    record_type = rt.INDICATOR_DOCUMENTS

    def make(self, region, status="terverifikasi"):
        return f.IndicatorDocumentFactory(pokja=pokja_in(region), status=status)


class TestBudgetAllocationApi(ApiContract):
    record_type = rt.BUDGETS

    def make(self, region, status="terverifikasi"):
        return f.BudgetAllocationFactory(pokja=pokja_in(region), status=status)


class TestGdpkDocumentApi(ApiContract):
    record_type = rt.GDPK_DOCUMENTS

    def make(self, region, status="terverifikasi"):
        return f.GdpkDocumentFactory(region=region, status=status)


class TestAdvocacyActivityApi(ApiContract):
    record_type = rt.ADVOCACY_ACTIVITIES

    def make(self, region, status="terverifikasi"):
        group = f.WorkingGroupFactory(pokja=pokja_in(region), kind="advokasi")
        return f.AdvocacyActivityFactory(working_group=group, status=status)


class TestWorkingGroupApi(ApiContract):
    record_type = rt.WORKING_GROUPS

    def make(self, region, status=None):
        return f.WorkingGroupFactory(pokja=pokja_in(region))


class TestMemberApi(ApiContract):
    record_type = rt.MEMBERS

    def make(self, region, status=None):
        return f.MemberFactory(pokja=pokja_in(region))
