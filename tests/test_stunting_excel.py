"""The prevalence workbook: a good file imports every row, a bad one nothing, with row errors."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from stunting.excel import FIRST_DATA_ROW
from stunting.models import PrevalenceFigure

pytestmark = pytest.mark.django_db


def template(client, source="SSGI", year=2024) -> BytesIO:
    response = client.get(
        reverse("stunting:template", args=["63"]), {"sumber": source, "tahun": year}
    )
    assert response.status_code == 200
    return BytesIO(response.content)


def filled(data: BytesIO, values: dict[str, object], title="SSGI 2024") -> bytes:
    workbook = load_workbook(data)
    sheet = workbook["Prevalensi"]
    sheet["B3"] = title
    sheet["B4"] = "2025-05-26"
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        code = sheet.cell(row=row, column=1).value
        if code in values:
            sheet.cell(row=row, column=3, value=values[code])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, body: bytes):
    return client.post(
        reverse("stunting:import", args=["63"]),
        {"berkas": SimpleUploadedFile("ssgi.xlsx", body)},
    )


def test_a_good_workbook_imports_every_row_as_verified(
    client_for, kalsel, banjarmasin, banjarbaru, staf_kalsel
):
    client = client_for(staf_kalsel)
    body = filled(template(client), {"63": 24.1, "63.71": "22,5", "63.72": 15.4})

    response = upload(client, body)

    assert response.status_code == 302
    figures = {
        f.region_id: f.value for f in PrevalenceFigure.objects.filter(source="ssgi", year=2024)
    }
    assert figures == {"63": Decimal("24.10"), "63.71": Decimal("22.50"), "63.72": Decimal("15.40")}
    assert PrevalenceFigure.objects.filter(status="terverifikasi").count() == 3
    ranking = client.get(response.url)
    assert "22,5" in ranking.content.decode()


def test_a_bad_row_imports_nothing_and_names_the_row(client_for, kalsel, banjarmasin, staf_kalsel):
    client = client_for(staf_kalsel)
    body = filled(template(client), {"63": 24.1, "63.71": 120})

    response = upload(client, body)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"Baris {FIRST_DATA_ROW + 1}" in page
    assert "antara 0 dan 100" in page
    assert not PrevalenceFigure.objects.exists()


def test_a_workbook_without_a_publication_is_refused(client_for, kalsel, staf_kalsel):
    client = client_for(staf_kalsel)
    body = filled(template(client), {"63": 24.1}, title="")
    response = upload(client, body)
    assert "B3" in response.content.decode()
    assert not PrevalenceFigure.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(client_for, kalsel, staf_kalsel):
    response = upload(client_for(staf_kalsel), b"%PDF-1.4 not a workbook")
    assert "bukan buku kerja Excel" in response.content.decode()


def test_e_ppgbm_is_not_imported_by_workbook(client_for, kalsel, staf_kalsel):
    client = client_for(staf_kalsel)
    body = filled(template(client, source="e-PPGBM"), {"63": 5.0})
    response = upload(client, body)
    assert "e-PPGBM" in response.content.decode()
    assert not PrevalenceFigure.objects.exists()


def test_reimporting_the_same_file_changes_nothing(client_for, kalsel, banjarmasin, staf_kalsel):
    client = client_for(staf_kalsel)
    body = filled(template(client), {"63.71": 22.5})
    upload(client, body)
    version = PrevalenceFigure.objects.get().version
    upload(client, body)
    assert PrevalenceFigure.objects.get().version == version


def test_coordinators_cannot_import(client_for, kalsel, koord_6371):
    client = client_for(koord_6371)
    assert client.get(reverse("stunting:template", args=["63"])).status_code == 404
    assert upload(client, b"PK\x03\x04").status_code == 404
