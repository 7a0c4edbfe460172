"""Targets in Excel: the template, the all-or-nothing import with its row report, the exports."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from targets import excel
from targets.models import Indicator, ProvinceTarget, RegionTarget
from tests.factories import (
    AchievementFactory,
    IndicatorFactory,
    KabupatenKotaFactory,
    ProvinceTargetFactory,
    RateIndicatorFactory,
)
from tests.helpers import csv_rows

YEAR = timezone.localdate().year
COUNT = "peserta-kb-baru"
RATE = "stunting"


@pytest.fixture
def tanah_laut(kalsel):
    return KabupatenKotaFactory(code="63.01", name="Kabupaten Tanah Laut", parent=kalsel)


@pytest.fixture
def kalsel_kabkota(tanah_laut, banjarmasin, banjarbaru):
    return [tanah_laut, banjarmasin, banjarbaru]


@pytest.fixture
def count_indicator(db):
    return IndicatorFactory(code=COUNT)


@pytest.fixture
def rate_indicator(db):
    return RateIndicatorFactory(code=RATE)


def workbook_bytes(rows, header=(COUNT, RATE), sheet="Target") -> bytes:
    """A workbook laid out like the template: codes in row 1, names in row 2, then data."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(["Kode", "Nama", *header])
    ws.append(["", "", *["nama" for _ in header]])
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    ("63", "Kalimantan Selatan", 1000, 24.6),
    ("63.01", "Tanah Laut", 400, 26.1),
    ("63.71", "Banjarmasin", 350, 21.0),
    ("63.72", "Banjarbaru", 250, "19,5"),
]


def run_import(user, province, data: bytes, name="target.xlsx"):
    return excel.import_targets(
        user=user, province=province, year=YEAR, fileobj=SimpleUploadedFile(name, data)
    )


def shares_of(target):
    return {s.region_id: s.value for s in target.shares.all()}


def test_it_imports_a_good_workbook(
    staf_kalsel, kalsel, kalsel_kabkota, count_indicator, rate_indicator
):
    result = run_import(staf_kalsel, kalsel, workbook_bytes(GOOD_ROWS))

    assert result.ok, result.errors
    assert result.written == 2
    count = ProvinceTarget.objects.get(region=kalsel, indicator=count_indicator, year=YEAR)
    assert count.value == 1000
    assert count.method == ProvinceTarget.Method.MANUAL
    assert shares_of(count) == {"63.01": 400, "63.71": 350, "63.72": 250}
    assert count.history.get().history_change_reason == "Diimpor dari Excel"
    assert count.shares.get(region_id="63.01").history.count() == 1
    rate = ProvinceTarget.objects.get(region=kalsel, indicator=rate_indicator, year=YEAR)
    assert rate.value == Decimal("24.60")
    assert shares_of(rate) == {
        "63.01": Decimal("26.10"),
        "63.71": Decimal("21.00"),
        "63.72": Decimal("19.50"),
    }


def test_it_leaves_identical_targets_alone(
    staf_kalsel, kalsel, kalsel_kabkota, count_indicator, rate_indicator
):
    run_import(staf_kalsel, kalsel, workbook_bytes(GOOD_ROWS))

    again = run_import(staf_kalsel, kalsel, workbook_bytes(GOOD_ROWS))

    assert again.ok
    assert (again.written, again.unchanged) == (0, 2)


def with_cell(row_index, column, value):
    rows = [list(r) for r in GOOD_ROWS]
    rows[row_index][column] = value
    return rows


BAD_WORKBOOKS = {
    # name: (rows, header, sheet row of the error, words of the Indonesian message)
    "unknown region code": (
        [*GOOD_ROWS, ("63.99", "Tidak ada", 0, 20)],
        (COUNT, RATE),
        7,
        "tidak dikenal",
    ),
    "region of another province": (
        [*GOOD_ROWS, ("73.71", "Kota Makassar", 0, 20)],
        (COUNT, RATE),
        7,
        "di luar",
    ),
    "code of another province": (
        [*GOOD_ROWS, ("73", "Sulawesi Selatan", 0, 20)],
        (COUNT, RATE),
        7,
        "di luar",
    ),
    "text instead of a number": (with_cell(2, 2, "banyak"), (COUNT, RATE), 5, "bukan angka"),
    "negative value": (with_cell(2, 3, -3), (COUNT, RATE), 5, "negatif"),
    "fraction in a count": (with_cell(1, 2, 400.5), (COUNT, RATE), 4, "bilangan bulat"),
    "split that does not add up": (with_cell(1, 2, 401), (COUNT, RATE), 3, "berjumlah 1001"),
    "unknown indicator column": (
        [[*r, 5] for r in GOOD_ROWS],
        (COUNT, RATE, "tidak-ada"),
        1,
        "tidak dikenal",
    ),
    "missing regency row": (GOOD_ROWS[:3], (COUNT, RATE), None, "tidak memiliki baris"),
}


@pytest.mark.parametrize("kind", BAD_WORKBOOKS)
def test_it_reports_each_bad_row_and_imports_nothing(
    kind, staf_kalsel, kalsel, kalsel_kabkota, makassar, count_indicator, rate_indicator
):
    before = ProvinceTargetFactory(region=kalsel, indicator=count_indicator, year=YEAR, value=900)
    rows, header, row, words = BAD_WORKBOOKS[kind]

    result = run_import(staf_kalsel, kalsel, workbook_bytes(rows, header))

    assert not result.ok
    assert any(e.row == row and words in e.message for e in result.errors), result.errors
    before.refresh_from_db()
    assert before.value == 900
    assert not before.shares.exists()
    assert not ProvinceTarget.objects.filter(indicator=rate_indicator).exists()


def test_it_reports_every_error_with_its_row(
    staf_kalsel, kalsel, kalsel_kabkota, count_indicator, rate_indicator
):
    rows = with_cell(1, 2, "x")
    rows[2][3] = -1
    rows.append(("99.99", "?", 1, 1))

    result = run_import(staf_kalsel, kalsel, workbook_bytes(rows))

    assert [(e.row, e.column) for e in result.errors] == [(4, "C"), (5, "D"), (7, "A")]
    assert not ProvinceTarget.objects.exists()


def test_a_final_target_is_refused_until_reopened(
    staf_kalsel, kalsel, kalsel_kabkota, count_indicator, rate_indicator
):
    run_import(staf_kalsel, kalsel, workbook_bytes(GOOD_ROWS))
    target = ProvinceTarget.objects.get(indicator=count_indicator)
    target.status = ProvinceTarget.Status.FINAL
    target.save()

    changed = run_import(staf_kalsel, kalsel, workbook_bytes(with_cell(0, 3, 23.0)))
    assert changed.ok  # the final count is the same; only the draft rate changes

    rows = with_cell(0, 2, 1100)
    rows[1][2] = 500
    result = run_import(staf_kalsel, kalsel, workbook_bytes(rows))

    assert [e.row for e in result.errors] == [3]
    assert "final" in result.errors[0].message
    target.refresh_from_db()
    assert target.value == 1000


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        b"kode,nama\n63,Kalimantan Selatan\n",
    ],
    ids=["pdf", "csv"],
)
def test_a_renamed_file_is_refused(data, staf_kalsel, kalsel, kalsel_kabkota):
    result = run_import(staf_kalsel, kalsel, data, name="target.xlsx")

    assert [e.row for e in result.errors] == [None]
    assert "bukan buku kerja Excel" in result.errors[0].message


def test_a_zip_that_is_not_a_workbook_is_refused(staf_kalsel, kalsel, kalsel_kabkota):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    result = run_import(staf_kalsel, kalsel, buffer.getvalue())

    assert not result.ok
    assert not ProvinceTarget.objects.exists()


def test_an_admin_imports_for_any_province(admin, kalsel, kalsel_kabkota, count_indicator):
    result = run_import(admin, kalsel, workbook_bytes(GOOD_ROWS))

    assert result.ok
    assert ProvinceTarget.objects.get(indicator=count_indicator).updated_by == admin


def test_staff_of_another_province_cannot_import(staf_sulsel, kalsel, kalsel_kabkota):
    with pytest.raises(PermissionDenied):
        run_import(staf_sulsel, kalsel, workbook_bytes(GOOD_ROWS))


# --- the pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staf_sulsel", "koord_6371", "pusat"])
def test_only_the_provinces_staff_open_the_template_and_upload(
    request, persona, client_for, kalsel, kalsel_kabkota
):
    client = client_for(request.getfixturevalue(persona))

    template = client.get(reverse("targets:template_download", args=["63"]))
    page = client.get(reverse("targets:import", args=["63"]))
    upload = client.post(
        reverse("targets:import", args=["63"]),
        {"tahun": YEAR, "berkas": SimpleUploadedFile("t.xlsx", workbook_bytes(GOOD_ROWS))},
    )

    assert (template.status_code, page.status_code, upload.status_code) == (404, 404, 404)
    assert not ProvinceTarget.objects.exists()


def test_a_kalsel_workbook_with_a_sulsel_row_is_refused_on_the_page(
    client_for, staf_kalsel, kalsel, kalsel_kabkota, makassar, count_indicator, rate_indicator
):
    data = workbook_bytes([*GOOD_ROWS, ("73.71", "Kota Makassar", 0, 20)])

    response = client_for(staf_kalsel).post(
        reverse("targets:import", args=["63"]),
        {"tahun": YEAR, "berkas": SimpleUploadedFile("t.xlsx", data)},
    )

    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [(e.row, e.region_code) for e in errors] == [(7, "73.71")]
    assert "Kalimantan Selatan" in errors[0].message
    assert b'id="import-errors"' in response.content
    assert not ProvinceTarget.objects.exists()


def test_template_round_trip(client_for, staf_kalsel, kalsel, kalsel_kabkota):
    client = client_for(staf_kalsel)
    response = client.get(reverse("targets:template_download", args=["63"]), {"tahun": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Target", "Petunjuk"]
    sheet = workbook["Target"]
    codes = [c.value for c in sheet[1]]
    active = list(Indicator.objects.filter(is_active=True).values_list("code", flat=True))
    assert codes[2:] == active
    assert [sheet.cell(row=r, column=1).value for r in range(3, 7)] == [
        "63",
        "63.01",
        "63.71",
        "63.72",
    ]
    count_column = codes.index(COUNT) + 1
    rate_column = codes.index(RATE) + 1
    for row, (count, rate) in zip(
        range(3, 7), [(90, 24.6), (30, 26), (30, 22), (30, 20)], strict=True
    ):
        sheet.cell(row=row, column=count_column, value=count)
        sheet.cell(row=row, column=rate_column, value=rate)
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload = client.post(
        reverse("targets:import", args=["63"]),
        {"tahun": YEAR, "berkas": SimpleUploadedFile("isi.xlsx", buffer.getvalue())},
    )

    assert upload.status_code == 302
    count = ProvinceTarget.objects.get(region=kalsel, indicator__code=COUNT, year=YEAR)
    assert shares_of(count) == {"63.01": 30, "63.71": 30, "63.72": 30}
    assert ProvinceTarget.objects.filter(region=kalsel, year=YEAR).count() == 2

    # The next download carries the stored targets, so an unchanged upload changes nothing.
    again = client.get(reverse("targets:template_download", args=["63"]), {"tahun": YEAR})
    filled = load_workbook(io.BytesIO(again.content))["Target"]
    assert filled.cell(row=4, column=count_column).value == 30
    result = run_import(staf_kalsel, kalsel, again.content)
    assert (result.ok, result.written, result.unchanged) == (True, 0, 2)


def test_the_upload_page_keeps_nothing_on_failure(
    client_for, staf_kalsel, kalsel, kalsel_kabkota, count_indicator, rate_indicator
):
    data = workbook_bytes(with_cell(1, 2, 401))

    response = client_for(staf_kalsel).post(
        reverse("targets:import", args=["63"]),
        {"tahun": YEAR, "berkas": SimpleUploadedFile("t.xlsx", data)},
    )

    assert response.status_code == 200
    assert "berjumlah 1001" in response.content.decode()
    assert not ProvinceTarget.objects.exists()
    assert not RegionTarget.objects.exists()


# --- exports ---------------------------------------------------------------------------------


@pytest.fixture
def targets_of_two_provinces(kalsel, sulsel, banjarmasin, makassar, count_indicator):
    kalsel_target = ProvinceTargetFactory(region=kalsel, indicator=count_indicator, value=700)
    kalsel_target.shares.create(region=banjarmasin, value=700)
    sulsel_target = ProvinceTargetFactory(region=sulsel, indicator=count_indicator, value=900)
    sulsel_target.shares.create(region=makassar, value=900)


def export_url(kind, fmt, **params):
    query = "&".join(f"{k}={v}" for k, v in {"tahun": YEAR, **params}.items())
    return f"{reverse('targets:export', args=[kind, fmt])}?{query}"


def test_csv_export_holds_only_the_users_province(
    client_for, staf_kalsel, targets_of_two_provinces
):
    response = client_for(staf_kalsel).get(export_url("target", "csv"))

    assert response.status_code == 200
    rows = csv_rows(response)
    assert {row[2] for row in rows[1:]} == {"63", "63.71"}


def test_national_users_export_every_province_to_excel(client_for, pusat, targets_of_two_provinces):
    response = client_for(pusat).get(export_url("target", "xlsx"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {"63", "63.71", "73", "73.71"}


def test_a_coordinator_exports_only_their_own_share(
    client_for, koord_6371, targets_of_two_provinces
):
    rows = csv_rows(client_for(koord_6371).get(export_url("target", "csv")))

    assert [row[2] for row in rows[1:]] == ["63.71"]


def test_staff_cannot_export_another_province(client_for, staf_kalsel, targets_of_two_provinces):
    response = client_for(staf_kalsel).get(export_url("evaluasi", "csv", provinsi="73"))

    assert response.status_code == 404


def test_achievement_and_evaluation_exports(
    client_for, pusat, kalsel, banjarmasin, count_indicator, targets_of_two_provinces
):
    AchievementFactory(region=banjarmasin, indicator=count_indicator, value=630)
    client = client_for(pusat)

    achievements = csv_rows(client.get(export_url("capaian", "csv", provinsi="63")))
    evaluations = csv_rows(client.get(export_url("evaluasi", "csv", provinsi="63")))
    workbook = client.get(export_url("evaluasi", "xlsx", provinsi="63"))

    assert [(r[2], r[7]) for r in achievements[1:]] == [("63.71", "630.00")]
    banjarmasin_row = next(r for r in evaluations if r[1] == "63.71")
    assert banjarmasin_row[6:9] == ["700.00", "630.00", "90.0"]
    assert workbook["Content-Type"] == excel.XLSX_CONTENT_TYPE


def test_it_writes_in_a_fixed_number_of_queries(
    django_assert_max_num_queries, staf_kalsel, kalsel, kalsel_kabkota, count_indicator
):
    with django_assert_max_num_queries(20):
        result = run_import(staf_kalsel, kalsel, workbook_bytes(GOOD_ROWS))

    assert result.written == 2


def test_a_thousands_separator_is_refused_not_guessed(
    staf_kalsel, kalsel, kalsel_kabkota, count_indicator, rate_indicator
):
    result = run_import(staf_kalsel, kalsel, workbook_bytes(with_cell(0, 2, "1.000")))

    assert [(e.row, e.column) for e in result.errors] == [(3, "C")]
    assert "pemisah ribuan" in result.errors[0].message


def test_a_code_excel_turned_into_a_number_is_read_back(
    staf_kalsel, kalsel, kalsel_kabkota, count_indicator, rate_indicator
):
    rows = with_cell(3, 0, 63.72)
    rows[0][0] = 63

    result = run_import(staf_kalsel, kalsel, workbook_bytes(rows))

    assert result.ok, result.errors
    assert RegionTarget.objects.filter(region_id="63.72").count() == 2


def test_an_effective_pokja_column_keeps_one_for_the_provinces_own_pokja(
    staf_kalsel, kalsel, kalsel_kabkota
):
    IndicatorFactory(code="pokja-efektif", name="Jumlah Pokja yang efektif")
    rows = [("63", "Kalsel", 4), ("63.01", "", 1), ("63.71", "", 1), ("63.72", "", 1)]

    result = run_import(staf_kalsel, kalsel, workbook_bytes(rows, header=("pokja-efektif",)))
    assert result.ok, result.errors

    rows[0] = ("63", "Kalsel", 3)
    refused = run_import(staf_kalsel, kalsel, workbook_bytes(rows, header=("pokja-efektif",)))
    assert [e.row for e in refused.errors] == [3]
    assert "dikurangi 1 untuk Pokja provinsi sendiri" in refused.errors[0].message
