"""The stunting ranking as staff and leaders use it (#24): sorted by any column on the server
(`?sort=`), the sorted header announced (aria-sort), "Perubahan" for the change, and overdue
reports only where a report was due."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from stunting.services import compute_overdue_reports
from tests.factories import KabupatenKotaFactory, ProvinceFactory
from tests.factories_stunting import (
    ConvergenceActionFactory,
    PrevalenceFigureFactory,
    SemesterReportFactory,
    TppsGroupFactory,
)

pytestmark = pytest.mark.django_db


def fig(region, year, value):
    return PrevalenceFigureFactory(region=region, source="ssgi", year=year, value=Decimal(value))


@pytest.fixture
def province(kalsel):
    """Four kab/kota of Kalimantan Selatan with 2021 and 2024 SSGI figures against the 2024
    national path (14%), one without any figure."""
    regions = {
        name: KabupatenKotaFactory(code=code, name=name, parent=kalsel)
        for code, name in [
            ("63.01", "Tanah Laut"),
            ("63.03", "Banjar"),
            ("63.05", "Tapin"),
            ("63.72", "Kota Banjarbaru"),
        ]
    }
    for name, before, now in [
        ("Tanah Laut", "33.0", "20.0"),  # 6.0 above target, down 13.0
        ("Banjar", "40.2", "26.4"),  # 12.4 above, down 13.8
        ("Tapin", "33.5", "14.5"),  # 0.5 above, down 19.0
    ]:
        fig(regions[name], 2021, before)
        fig(regions[name], 2024, now)
    for name, done in [("Tanah Laut", 3), ("Banjar", 1), ("Tapin", 5)]:
        for action in range(1, done + 1):
            ConvergenceActionFactory(
                region=regions[name],
                year=2024,
                action=action,
                progress="selesai",
                done_on=datetime.date(2024, 3, 1),
            )
    return regions


def ranked(client, *, sort=None, code="63"):
    params = {"sumber": "ssgi", "tahun": 2024}
    if sort is not None:
        params["sort"] = sort
    response = client.get(reverse("stunting:province", args=[code]), params)
    assert response.status_code == 200
    return response, [row.region.name for row in response.context["rows"]]


def test_by_default_the_lowest_prevalence_comes_first(client_for, staf_kalsel, province):
    _response, names = ranked(client_for(staf_kalsel))
    assert names == ["Tapin", "Tanah Laut", "Banjar", "Kota Banjarbaru"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-jarak", ["Banjar", "Tanah Laut", "Tapin", "Kota Banjarbaru"]),  # furthest first
        ("jarak", ["Tapin", "Tanah Laut", "Banjar", "Kota Banjarbaru"]),
        ("-prevalensi", ["Banjar", "Tanah Laut", "Tapin", "Kota Banjarbaru"]),
        ("wilayah", ["Banjar", "Kota Banjarbaru", "Tanah Laut", "Tapin"]),
        ("-wilayah", ["Tapin", "Tanah Laut", "Kota Banjarbaru", "Banjar"]),
        ("perubahan", ["Tapin", "Banjar", "Tanah Laut", "Kota Banjarbaru"]),  # biggest drop first
        ("-perubahan", ["Tanah Laut", "Banjar", "Tapin", "Kota Banjarbaru"]),
        ("-aksi", ["Tapin", "Tanah Laut", "Banjar", "Kota Banjarbaru"]),
        ("target", ["Tapin", "Tanah Laut", "Banjar", "Kota Banjarbaru"]),  # ties: by prevalence
        ("-tahun", ["Tapin", "Tanah Laut", "Banjar", "Kota Banjarbaru"]),
    ],
)
def test_each_column_sorts_both_ways_with_empty_rows_last(
    client_for, staf_kalsel, province, sort, expected
):
    response, names = ranked(client_for(staf_kalsel), sort=sort)
    assert names == expected
    # The "#" column keeps each region's rank by prevalence whatever the order.
    ranks = {row.region.name: row.rank for row in response.context["rows"]}
    assert ranks == {"Tapin": 1, "Tanah Laut": 2, "Banjar": 3, "Kota Banjarbaru": None}


def test_the_overdue_column_sorts_the_most_overdue_first(
    settings, client_for, staf_kalsel, province
):
    settings.STUNTING_FIRST_REPORT_YEAR = 2025
    for region in province.values():
        TppsGroupFactory(pokja__region=region)
    SemesterReportFactory(region=province["Tapin"], year=2025, semester=1, status="diajukan")
    SemesterReportFactory(region=province["Banjar"], year=2025, semester=1, status="diajukan")
    SemesterReportFactory(region=province["Banjar"], year=2025, semester=2, status="diajukan")
    compute_overdue_reports(datetime.date(2026, 9, 1))  # 2025/1, 2025/2 and 2026/1 are due

    response, names = ranked(client_for(staf_kalsel), sort="-terlambat")

    overdue = [row.overdue for row in response.context["rows"]]
    assert names[:2] == ["Tanah Laut", "Kota Banjarbaru"] and overdue == [3, 3, 2, 1]


def test_the_sorted_header_says_so_and_the_links_keep_source_and_year(
    client_for, staf_kalsel, province
):
    response, _names = ranked(client_for(staf_kalsel), sort="-jarak")
    html = response.content.decode()
    sorted_headers = re.findall(r'<th[^>]*aria-sort="(\w+)"[^>]*>(.*?)</th>', html, re.S)
    assert len(sorted_headers) == 1
    direction, header = sorted_headers[0]
    assert direction == "descending" and "Jarak" in header
    # Clicking it again turns the order round; the source and the year stay.
    assert 'href="?sumber=ssgi&amp;tahun=2024&amp;sort=jarak#ranking"' in header
    # Every sortable header is a link (reachable by Tab, followed with Enter).
    assert 'href="?sumber=ssgi&amp;tahun=2024&amp;sort=wilayah#ranking"' in html
    assert 'href="?sumber=ssgi&amp;tahun=2024&amp;sort=-terlambat#ranking"' in html
    assert "Peringkat menurut Jarak (tertinggi lebih dulu)" in html


def test_the_default_order_marks_the_prevalence_header(client_for, staf_kalsel, province):
    response, _names = ranked(client_for(staf_kalsel))
    html = response.content.decode()
    assert re.findall(r'<th[^>]*aria-sort="(\w+)"[^>]*>\s*<a[^>]*>%', html) == ["ascending"]
    assert "Peringkat (prevalensi terendah lebih dulu)" in html


def test_the_change_column_is_called_perubahan(client_for, staf_kalsel, province):
    response, _names = ranked(client_for(staf_kalsel))
    thead = re.search(r"<thead>(.*?)</thead>", response.content.decode(), re.S).group(1)
    assert ">Perubahan<" in thead
    assert "Ganti" not in thead


@pytest.mark.parametrize("bad", ["", "ganti", "--jarak", "jarak;drop", "-", "x" * 500, "🙂"])
def test_a_bad_sort_value_falls_back_to_the_default_order(client_for, staf_kalsel, province, bad):
    _response, names = ranked(client_for(staf_kalsel), sort=bad)
    assert names == ["Tapin", "Tanah Laut", "Banjar", "Kota Banjarbaru"]


def test_the_national_ranking_sorts_too_and_the_export_keeps_the_order(
    client_for, pusat, kalsel, sulsel
):
    fig(kalsel, 2022, "24.6")
    fig(sulsel, 2022, "27.2")
    client = client_for(pusat)
    response = client.get(reverse("stunting:national"), {"sumber": "ssgi", "sort": "-prevalensi"})
    assert [r.region.code for r in response.context["rows"]][:2] == ["73", "63"]
    assert "Peringkat menurut prevalensi (tertinggi lebih dulu)" in response.content.decode()

    export = client.get(
        reverse("stunting:national_export", args=["csv"]),
        {"sumber": "ssgi", "tahun": 2024, "sort": "-prevalensi"},
    )
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[1].split(",")[1:3] == ["73", "Sulawesi Selatan"]
    assert lines[2].split(",")[1:3] == ["63", "Kalimantan Selatan"]


def test_sorting_adds_no_query(client_for, staf_kalsel, province, django_assert_num_queries):
    client = client_for(staf_kalsel)
    ranked(client)  # warm the session and the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as default:
        ranked(client)
    with django_assert_num_queries(len(default)):
        ranked(client, sort="-jarak")


# --- overdue only where a report was due ---------------------------------------------------


def test_a_province_without_a_tpps_owes_nothing_and_shows_no_data_yet(
    settings, client_for, pusat, kalsel
):
    settings.STUNTING_FIRST_REPORT_YEAR = 2024
    papua = ProvinceFactory(code="91", name="Papua")
    TppsGroupFactory(pokja__region=kalsel)
    fig(kalsel, 2022, "24.6")
    compute_overdue_reports(datetime.date(2026, 12, 6))  # five semesters past due

    response = client_for(pusat).get(reverse("stunting:national"), {"sumber": "ssgi"})

    rows = {row.region.code: row for row in response.context["rows"]}
    assert (rows["63"].reports_due, rows["63"].overdue) == (True, 5)
    assert (rows[papua.code].reports_due, rows[papua.code].overdue) == (False, 0)
    html = response.content.decode()
    papua_row = re.search(r"<tr>(?:(?!</tr>).)*Papua.*?</tr>", html, re.S).group(0)
    assert "belum ada data" in papua_row
    assert "tahun sebelumnya" not in papua_row  # no figure: no "earlier year" either
    assert "badge text-bg-danger" not in papua_row
    assert "tidak ada laporan yang wajib" in papua_row
    kalsel_row = re.search(r"<tr>(?:(?!</tr>).)*Kalimantan Selatan.*?</tr>", html, re.S).group(0)
    assert '<span class="badge text-bg-danger">5</span>' in kalsel_row


def test_reports_are_due_only_for_semesters_after_the_tpps_was_formed(
    settings, kalsel, banjarmasin
):
    from stunting.models import OverdueReport

    settings.STUNTING_FIRST_REPORT_YEAR = 2024
    TppsGroupFactory(pokja__region=banjarmasin, formed_on=datetime.date(2025, 8, 1))

    compute_overdue_reports(datetime.date(2026, 12, 6))

    owed = list(OverdueReport.objects.values_list("region_id", "year", "semester"))
    assert sorted(owed) == [("63.71", 2025, 2), ("63.71", 2026, 1)]


def test_an_inactive_tpps_owes_nothing(settings, banjarmasin):
    from stunting.models import OverdueReport

    settings.STUNTING_FIRST_REPORT_YEAR = 2024
    TppsGroupFactory(pokja__region=banjarmasin, is_active=False)
    compute_overdue_reports(datetime.date(2026, 12, 6))
    assert not OverdueReport.objects.exists()
