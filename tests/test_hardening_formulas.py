"""No generated workbook or CSV hands a spreadsheet a live formula typed by a user (issue #23)."""

from io import BytesIO

from openpyxl import load_workbook

from tests.helpers import xlsx_formula_cells
from tests.kampungkb_factories import KampungKBFactory, village

FORMULA = '=HYPERLINK("http://evil.example/","klik")'


def test_registry_template_holds_a_formula_named_kampung_as_text(
    client_for, koord_6371, banjarmasin
):
    KampungKBFactory(region=village(banjarmasin, 1), name=FORMULA, description="-1+1")

    response = client_for(koord_6371).get("/kampung-kb/wilayah/63.71/excel/registri/templat/")

    assert xlsx_formula_cells(response.content) == []
    sheet = load_workbook(BytesIO(response.content)).active
    # Text, exactly as typed: the template goes back up unchanged (no apostrophe added).
    assert (sheet["B2"].value, sheet["B2"].data_type) == (FORMULA, "s")
    assert sheet["F2"].value == "-1+1"
