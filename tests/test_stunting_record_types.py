"""The stunting record types run the kernel's record-type contract (persona scoping, status
transitions, download scope, history, lost updates)."""

from stunting import record_types as rt
from tests.factories import KecamatanFactory
from tests.factories_stunting import (
    PrevalenceFigureFactory,
    SemesterReportFactory,
    TppsTeamFactory,
)
from tests.kernel.record_type_contract import RecordTypeContract


class TestPrevalenceFigure(RecordTypeContract):
    record_type = rt.PREVALENCE

    def make(self, region, status="terverifikasi"):
        from tests.factories import pdf_file

        return PrevalenceFigureFactory(
            region=region, status=status, document=pdf_file(), document_name="ssgi.pdf"
        )


class TestSemesterReport(RecordTypeContract):
    record_type = rt.REPORTS

    def make(self, region, status="terverifikasi"):
        return SemesterReportFactory(region=region, status=status)


class TestTppsTeam(RecordTypeContract):
    record_type = rt.TEAMS

    def make(self, region, status="terverifikasi"):
        return TppsTeamFactory(region=KecamatanFactory(parent=region), status=status)
