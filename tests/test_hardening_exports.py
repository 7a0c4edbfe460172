"""Exports never hand a spreadsheet a live formula typed by a user."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from pokja.exports import neutralise
from tests.factories import DecreeFactory, PokjaFactory
from tests.helpers import xlsx_formula_cells

FORMULA = '=HYPERLINK("http://evil.example/","klik")'


@pytest.fixture
def pokja_6371(banjarmasin):
    return PokjaFactory(region=banjarmasin)


def test_it_defuses_formula_like_text_and_leaves_numbers_alone():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("188.45/1/KUM/2023") == "188.45/1/KUM/2023"
    assert neutralise(-5) == -5


def test_csv_export_of_a_record_list_defuses_a_formula_in_the_sk_number(
    client_for, staf_kalsel, pokja_6371
):
    DecreeFactory(pokja=pokja_6371, number=FORMULA)

    response = client_for(staf_kalsel).get(reverse("pokja:decree_list") + "?_export=csv")

    body = b"".join(response.streaming_content)  # streamed straight from the query
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    numbers = [row[2] for row in rows[1:]]
    assert numbers == [f"'{FORMULA}"]


def test_xlsx_export_of_a_record_list_holds_no_formula(client_for, staf_kalsel, pokja_6371):
    DecreeFactory(pokja=pokja_6371, number=FORMULA)

    response = client_for(staf_kalsel).get(reverse("pokja:decree_list") + "?_export=xlsx")

    assert xlsx_formula_cells(response.content) == []
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    # In a workbook the text stays as typed: a string cell with Excel's quote prefix.
    [number] = [cell for cell in cells if cell.value == FORMULA]
    assert (number.data_type, number.quotePrefix) == ("s", True)
