"""List exports written straight from the query hold exactly what the table library wrote
cell by cell: same headers, order, defaults and labels; CSV streamed (issue #11)."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pokja import tables
from pokja.exports import SafeTableExport
from pokja.models import BudgetAllocation, Decree, IndicatorDocument, VerifiableRecord, WorkPlan
from tests.factories import (
    BudgetAllocationFactory,
    DecreeFactory,
    IndicatorDocumentFactory,
    PokjaFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)

Status = VerifiableRecord.Status
LISTS = {
    "decree_list": (Decree, tables.DecreeTable),
    "workplan_list": (WorkPlan, tables.WorkPlanTable),
    "indicatordocument_list": (IndicatorDocument, tables.IndicatorDocumentTable),
    "budgetallocation_list": (BudgetAllocation, tables.BudgetAllocationTable),
}


@pytest.fixture
def varied(kalsel, banjarmasin, banjarbaru):
    pokja = PokjaFactory(region=banjarmasin)
    group = WorkingGroupFactory(pokja=pokja, kind="stunting", name="TPPS")
    DecreeFactory(pokja=pokja, number="=HYPERLINK(1)", valid_until=None)
    DecreeFactory(pokja=pokja, working_group=group, status=Status.DIAJUKAN, revoked_on=None)
    WorkPlanFactory(pokja=pokja, year=2026, approved_on=None)
    WorkPlanFactory(pokja=pokja, working_group=group, year=2025, status=Status.DRAF)
    IndicatorDocumentFactory(pokja=pokja, title="-RPJMD")
    BudgetAllocationFactory(pokja=pokja, year=2026, realised_amount=None, dpa_reference="")
    BudgetAllocationFactory(pokja=pokja, working_group=group, year=2025, is_operational=False)
    PokjaFactory(region=banjarbaru)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def table_library_rows(model, table_class):
    queryset = model.objects.select_related("pokja__region", "working_group").order_by(
        *model._meta.ordering, "pk"
    )
    exported = SafeTableExport("csv", table_class(queryset)).export()
    return list(csv.reader(io.StringIO(exported)))


@pytest.mark.parametrize("name", list(LISTS))
def test_csv_export_matches_the_table_librarys(client_for, admin, varied, name):
    model, table_class = LISTS[name]

    response = client_for(admin).get(reverse(f"pokja:{name}"), {"_export": "csv"})

    assert response.streaming
    rows = list(csv.reader(io.StringIO(body(response).decode())))
    expected = [[str(c) for c in row] for row in table_library_rows(model, table_class)]
    assert len(rows) >= 2
    assert rows == expected


def test_xlsx_export_keeps_dates_numbers_and_defaults(client_for, admin, varied):
    response = client_for(admin).get(reverse("pokja:budgetallocation_list"), {"_export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kode", "Wilayah", "Tahun")
    assert all(isinstance(row[5], int) for row in rows[1:])  # the amount stays a number
    assert {row[7] for row in rows[1:]} == {"ya", "tidak"}
    assert rows[1][6] is None or rows[2][6] is None  # no realisation: an empty cell


def test_decree_xlsx_keeps_dates_as_dates(client_for, admin, varied):
    response = client_for(admin).get(reverse("pokja:decree_list"), {"_export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    first = list(sheet.iter_rows(min_row=2, values_only=True))[0]
    assert any(hasattr(cell, "year") for cell in first)


def test_export_reads_the_rows_in_one_query(client_for, admin, varied):
    client = client_for(admin)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("pokja:decree_list"), {"_export": "csv"})
        body(response)

    reads = [q["sql"] for q in captured.captured_queries if 'FROM "pokja_decree"' in q["sql"]]
    # One COUNT decides between the file now and a background job (tests/test_export_jobs.py).
    counts = [sql for sql in reads if "COUNT(" in sql]
    assert len(counts) == 1
    assert len(reads) - len(counts) == 1
