"""Choropleth maps (issue #21): every province and kab/kota drawn, areas without a boundary
listed, hidden areas unlinked, each layer's verified figures only, and the map on the national,
province and kab/kota pages, linking only inside the viewer's scope."""

import csv
import datetime
import gzip
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kampungkb.models import KampungKB, MaturityClass
from pokja.maps import geometry, render_map, render_png
from pokja.maps.panel import map_panel_html
from pokja.models import Assessment, Region
from tests.factories import AssessmentFactory, KabupatenKotaFactory
from tests.factories_stunting import PrevalenceFigureFactory
from tests.kampungkb_factories import KampungKBFactory, MaturityClassFactory, village

YEAR = 2025
WILAYAH = Path(__file__).resolve().parent.parent / "pokja" / "data" / "wilayah"


def official(name: str) -> list[list[str]]:
    with gzip.open(WILAYAH / f"{name}.csv.gz", "rt") as rows:
        return list(csv.reader(rows))[1:]


def all_regions_of_the_country() -> None:
    """The 38 provinces and 514 kab/kota of the Kemendagri list the portal loads."""
    Region.objects.bulk_create(
        [Region(code=code, name=name, level="provinsi") for code, name in official("provinces")],
        ignore_conflicts=True,
    )
    Region.objects.bulk_create(
        [
            Region(
                code=code,
                name=name,
                parent_id=province,
                level="kota" if int(code[3:]) >= 71 else "kabupaten",
            )
            for code, province, name in official("regencies")
        ],
        ignore_conflicts=True,
    )


def paths(html: str) -> int:
    return html.count("<path d=")


def linked_codes(html: str) -> set[str]:
    return set(re.findall(r'<a href="/wilayah/([\d.]+)/', html))


def assessment(region, effective: bool, year: int = YEAR) -> Assessment:
    return AssessmentFactory(region=region, year=year, is_effective=effective)


def everywhere(code: str) -> str:
    return f"/wilayah/{code}/"


def draw(parent, layer="efektivitas", link=everywhere, **kwargs) -> str:
    return render_map(parent=parent, layer_key=layer, year=YEAR, link=link, **kwargs)


class TestBoundaries:
    def test_every_province_and_kab_kota_of_the_official_list_has_a_boundary(self):
        assert set(geometry.shapes(geometry.PROVINCES)) == {c for c, _n in official("provinces")}
        assert set(geometry.shapes(geometry.KABKOTA)) == {c for c, _p, _n in official("regencies")}

    def test_the_vendored_files_stay_small(self):
        assert (geometry.DATA / "provinces.json").stat().st_size < 150_000
        assert (geometry.DATA / "kabkota.json").stat().st_size < 800_000


@pytest.mark.django_db
class TestDrawing:
    def test_the_national_map_draws_all_38_provinces_each_linked(self):
        all_regions_of_the_country()
        html = draw(None)
        assert paths(html) == 38
        assert len(linked_codes(html)) == 38

    def test_every_kab_kota_is_drawn_on_its_province_map(self):
        all_regions_of_the_country()
        drawn = 0
        for province in Region.objects.provinces():
            html = draw(province)
            assert paths(html) == province.children.count(), province.code
            drawn += paths(html)
        assert drawn == 514

    def test_a_kab_kota_is_marked_in_its_province(self, banjarmasin, banjarbaru):
        html = draw(banjarmasin)
        assert paths(html) == 2
        assert html.count('class="peta-marked"') == 1
        assert "Kota Banjarmasin" in html.split("peta-legenda")[1]  # named in the legend

    def test_a_region_without_a_boundary_is_listed_never_dropped(self, kalsel, banjarmasin):
        KabupatenKotaFactory(code="63.99", name="Kabupaten Pemekaran Baru", parent=kalsel)
        html = draw(kalsel)
        assert paths(html) == 1
        assert "Wilayah tanpa batas peta: Kabupaten Pemekaran Baru" in html
        assert "Kabupaten Pemekaran Baru" in html.split("<table")[1]  # and in the table

    def test_hidden_areas_are_grey_and_unlinked(self, kalsel, banjarmasin, banjarbaru):
        html = draw(kalsel, hidden_codes=frozenset({"63.72"}))
        assert linked_codes(html) == {"63.71"}
        assert "Kota Banjarbaru: tidak dipublikasikan" in html
        assert "Tidak dipublikasikan" in html.split("peta-legenda")[1]

    def test_the_link_decides_which_areas_open_a_page(self, kalsel, banjarmasin, banjarbaru):
        html = draw(kalsel, link=lambda code: everywhere(code) if code == "63.72" else None)
        assert linked_codes(html) == {"63.72"}
        assert 'aria-label="Kota Banjarbaru: ' in html

    def test_an_unknown_layer_draws_the_default_one(self, kalsel, banjarmasin):
        html = draw(kalsel, layer="tidak-ada")
        assert "Pokja efektif: penilaian 2025 dari bukti terverifikasi" in html

    def test_the_figure_names_its_source_and_year_and_has_a_table(self, kalsel, banjarmasin):
        assessment(banjarmasin, effective=True)
        html = draw(kalsel)
        assert "<figcaption" in html
        assert "penilaian 2025 dari bukti terverifikasi" in html
        assert '<th scope="row"' in html and "Efektif" in html.split("<table")[1]

    def test_the_png_is_an_open_graph_image_and_the_same_twice(self, kalsel, banjarmasin):
        first = render_png(parent=kalsel, layer_key="stunting", year=YEAR)
        assert first[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(first[16:20]) == 1200 and int.from_bytes(first[20:24]) == 630
        assert render_png(parent=kalsel, layer_key="stunting", year=YEAR) == first


def area_text(html: str, name: str) -> str:
    """The tooltip of an area: "Name: value"."""
    return re.search(rf"<title>{re.escape(name)}: ([^<]*)</title>", html).group(1)


@pytest.mark.django_db
class TestEffectivenessLayer:
    def test_each_kab_kota_by_its_own_assessment(self, kalsel, banjarmasin, banjarbaru):
        assessment(banjarmasin, effective=True)
        html = draw(kalsel)
        assert area_text(html, "Kota Banjarmasin") == "Efektif"
        assert area_text(html, "Kota Banjarbaru") == "Belum dinilai"
        assert 'fill="#2166ac"' in html

    def test_a_province_by_its_own_pokja_and_its_kab_kota_count(
        self, kalsel, banjarmasin, banjarbaru
    ):
        assessment(kalsel, effective=False)
        assessment(banjarmasin, effective=True)
        assessment(banjarbaru, effective=False)
        html = draw(None)
        assert area_text(html, "Kalimantan Selatan") == "Belum efektif · 1 dari 2 kab/kota efektif"

    def test_another_year_changes_nothing(self, kalsel, banjarmasin):
        assessment(banjarmasin, effective=True, year=YEAR - 1)
        assert area_text(draw(kalsel), "Kota Banjarmasin") == "Belum dinilai"


@pytest.mark.django_db
class TestKampungKbLayer:
    def classes(self, kabkota, levels: list[str], year: int = YEAR, first: int = 1) -> None:
        for i, level in enumerate(levels, start=first):
            kampung = KampungKBFactory(region=village(kabkota, i))
            MaturityClassFactory(kampung=kampung, year=year, level=level)

    def test_the_share_at_mandiri_or_better(self, kalsel, banjarmasin, banjarbaru):
        self.classes(banjarmasin, ["dasar", "mandiri", "berkelanjutan", "berkembang"])
        html = draw(kalsel, layer="kampung-kb")
        assert area_text(html, "Kota Banjarmasin") == "50% (2 dari 4 Kampung KB)"
        assert area_text(html, "Kota Banjarbaru") == "–"
        assert "belum ada data" in html.split("peta-legenda")[1]

    def test_rounding_half_to_even_and_only_this_year(self, kalsel, banjarmasin):
        self.classes(banjarmasin, ["mandiri"] + ["dasar"] * 7)  # 12.5 % → 12
        self.classes(banjarmasin, ["mandiri"], year=YEAR - 1, first=20)
        assert area_text(draw(kalsel, layer="kampung-kb"), "Kota Banjarmasin").startswith("12% ")

    def test_an_inactive_kampung_kb_is_not_counted(self, kalsel, banjarmasin):
        self.classes(banjarmasin, ["mandiri", "dasar"])
        closed = MaturityClass.objects.get(level="mandiri").kampung_id
        KampungKB.objects.filter(pk=closed).update(
            is_active=False, closed_on=datetime.date(YEAR, 3, 1)
        )
        html = draw(kalsel, layer="kampung-kb")
        assert area_text(html, "Kota Banjarmasin") == "0% (0 dari 1 Kampung KB)"


@pytest.mark.django_db
class TestStuntingLayer:
    def figure(self, region, value, source="ssgi", year=2024, **kwargs):
        return PrevalenceFigureFactory(
            region=region, source=source, year=year, value=Decimal(value), **kwargs
        )

    def test_one_source_and_the_latest_verified_year_by_default(
        self, kalsel, banjarmasin, banjarbaru
    ):
        self.figure(banjarmasin, "27.8", year=2021)
        self.figure(banjarbaru, "15.4", year=2024)
        self.figure(banjarmasin, "5.3", source="eppgbm", year=2024, month=6)
        html = draw(kalsel, layer="stunting")
        assert "Prevalensi stunting: SSGI 2024, terverifikasi" in html
        assert area_text(html, "Kota Banjarbaru") == "15,4 %"
        assert area_text(html, "Kota Banjarmasin") == "–"  # its 2021 figure is another year

    def test_a_draft_or_rejected_figure_changes_nothing(self, kalsel, banjarmasin):
        self.figure(banjarmasin, "22.9", status="draf")
        self.figure(banjarmasin, "31.0", year=2022, status="ditolak", rejection_reason="Salah")
        html = draw(kalsel, layer="stunting")
        assert area_text(html, "Kota Banjarmasin") == "–"
        assert "belum ada angka terverifikasi" in html

    def test_the_source_asked_for_and_its_bands(self, kalsel, banjarmasin, banjarbaru):
        self.figure(banjarmasin, "27.4", source="ski", year=2023)
        self.figure(banjarbaru, "15.4")
        html = draw(kalsel, layer="stunting", options={"sumber": "ski"})
        assert "SKI 2023" in html
        assert area_text(html, "Kota Banjarmasin") == "27,4 %"
        assert area_text(html, "Kota Banjarbaru") == "–"  # SSGI is another source
        assert 'fill="#e31a1c"' in html  # high: 20–<30 %

    def test_an_unknown_source_or_year_falls_back(self, kalsel, banjarmasin):
        self.figure(banjarmasin, "40.2", year=2021)
        html = draw(kalsel, layer="stunting", options={"sumber": "x", "tahun": "abc"})
        assert "SSGI 2021" in html and area_text(html, "Kota Banjarmasin") == "40,2 %"


@pytest.mark.django_db
class TestPanel:
    def test_the_panel_reads_a_bounded_number_of_queries(
        self, kalsel, banjarmasin, banjarbaru, staf_kalsel, django_assert_max_num_queries
    ):
        request = RequestFactory().get("/wilayah/63/", {"peta": "stunting", "sumber": "ssgi"})
        request.user = staf_kalsel
        with django_assert_max_num_queries(5):
            html = map_panel_html(request, kalsel, YEAR)
        assert paths(html) == 2
        for layer in ("efektivitas", "kampung-kb"):
            request = RequestFactory().get("/wilayah/63/", {"peta": layer})
            request.user = staf_kalsel
            with django_assert_max_num_queries(4):
                map_panel_html(request, kalsel, YEAR)


@pytest.mark.django_db
class TestPages:
    def test_national_page_maps_every_province_for_pusat(self, client_for, pusat, kalsel, sulsel):
        html = client_for(pusat).get(reverse("pokja:national")).content.decode()
        assert 'id="peta"' in html and paths(html) == 2
        assert linked_codes(html) == {"63", "73"}

    def test_province_page_links_its_kab_kota(
        self, client_for, staf_kalsel, banjarmasin, banjarbaru
    ):
        html = client_for(staf_kalsel).get("/wilayah/63/?peta=kampung-kb").content.decode()
        assert "Kampung KB Mandiri ke atas: kelas " in html
        assert linked_codes(html) == {"63.71", "63.72"}

    def test_kab_kota_page_links_only_itself_for_its_coordinator(
        self, client_for, koord_6371, banjarbaru
    ):
        html = client_for(koord_6371).get("/wilayah/63.71/?peta=stunting").content.decode()
        assert "Letaknya di provinsi" in html and paths(html) == 2
        assert linked_codes(html) == {"63.71"}
        assert "Kota Banjarbaru" in html  # drawn, not a link

    def test_an_unknown_layer_in_the_address_is_not_an_error(self, client_for, staf_kalsel):
        response = client_for(staf_kalsel).get("/wilayah/63/?peta=%3Cx%3E&sumber=zzz")
        assert response.status_code == 200
        assert "Pokja efektif: " in response.content.decode()

    def test_the_stunting_source_drawn_is_marked_even_by_default(
        self, client_for, staf_kalsel, banjarmasin
    ):
        PrevalenceFigureFactory(region=banjarmasin, source="ski", year=2023, value=Decimal("27"))
        html = client_for(staf_kalsel).get("/wilayah/63/?peta=stunting").content.decode()
        assert "SKI 2023, terverifikasi" in html
        assert re.search(r'aria-current="page">SKI</a>', html)


@pytest.mark.django_db
def test_each_figure_links_its_own_asal_angka_page(kalsel, banjarmasin, banjarbaru):
    figure = PrevalenceFigureFactory(region=banjarbaru, year=2024, value=Decimal("15.4"))
    html = draw(kalsel, layer="stunting")
    assert f'href="/asal-angka/prevalensi/{figure.pk}/"' in html
    assessment(banjarmasin, effective=True)
    assert 'href="/asal-angka/efektivitas/63.71/2025/"' in draw(kalsel)
    assert linked_codes(draw(kalsel)) == {"63.71", "63.72"}


@pytest.mark.django_db
def test_the_png_greys_out_hidden_areas(kalsel, banjarmasin, banjarbaru):
    import io

    from PIL import Image

    def grey_pixels(png: bytes) -> int:
        image = Image.open(io.BytesIO(png)).convert("RGB")
        return dict((rgb, n) for n, rgb in image.getcolors(maxcolors=1 << 16)).get(
            (0xF7, 0xF7, 0xF7), 0
        )

    shown = render_png(parent=kalsel, layer_key="efektivitas", year=YEAR)
    hidden = render_png(
        parent=kalsel, layer_key="efektivitas", year=YEAR, hidden_codes=frozenset({"63.72"})
    )
    assert grey_pixels(hidden) > grey_pixels(shown) + 10_000  # Banjarbaru, drawn large


@pytest.mark.django_db
def test_asal_angka_only_for_areas_the_viewer_may_open_and_never_on_the_public_page(
    kalsel, banjarmasin, banjarbaru
):
    assessment(banjarmasin, effective=True)
    assessment(banjarbaru, effective=False)
    only_banjarmasin = draw(kalsel, link=lambda code: "/x/" if code == "63.71" else None)
    assert 'href="/asal-angka/efektivitas/63.71/' in only_banjarmasin
    assert "/asal-angka/efektivitas/63.72/" not in only_banjarmasin  # a 404 for this viewer
    assert "/asal-angka/" not in draw(kalsel, source_links=False)
