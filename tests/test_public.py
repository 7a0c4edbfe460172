"""The public page (issue #21): nothing personal or internal on any public URL, every field
from an allow-list, served without a session, cached and never stale, bounded, throttled, and a
province may switch its page off."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from pokja.kernel.public_data import LICENCE_URL
from pokja.kernel.registry import registry
from pokja.models import PublicPageSetting
from tests.factories_stunting import PrevalenceFigureFactory
from tests.public_seed import PLANTED, seed_public_world

pytestmark = pytest.mark.django_db

JSON_TOP_KEYS = {"dataset", "judul", "wilayah", "lisensi", "sumber", "kamus_data", "kolom", "data"}
HREF = re.compile(r'(?:href|content)="([^"]+)"')


@pytest.fixture
def world(db):
    return seed_public_world()


def _local(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc and f"{parts.scheme}://{parts.netloc}" != settings.PORTAL_BASE_URL:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/publik/") or path == "/robots.txt" else None


def crawl(client, starts) -> dict[str, object]:
    """Every public URL reachable from `starts` (links, sitemap entries, Open Graph images)."""
    seen, queue = {}, list(starts)
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = response
        if response["Content-Type"].startswith(("text/html", "application/xml", "text/plain")):
            text = response.content.decode()
            found = HREF.findall(text) + re.findall(r"<loc>([^<]+)</loc>", text)
            found += re.findall(r"(?:Allow|Sitemap): (\S+)", text)
            queue += [u for link in found if (u := _local(link.replace("&amp;", "&")))]
    return seen


def test_it_publishes_nothing_personal_and_only_allow_listed_fields(client, world):
    year = world["year"]
    starts = ["/robots.txt", "/publik/sitemap.xml", "/publik/", f"/publik/?tahun={year - 1}"]
    starts += [f"/publik/{code}/?tahun={year}" for code in ("63", "63.03", "73.71")]
    responses = crawl(client, starts)
    # Every kind of public URL was reached.
    for expected in (
        "/publik/",
        "/publik/63/",
        "/publik/63.03/",
        "/publik/73/",
        "/publik/73.71/",
        "/publik/data/",
        "/publik/peta.png",
        "/publik/63.03/peta.png",
        "/publik/data/stunting-prevalensi/",
        "/publik/data/stunting-prevalensi.csv",
        "/publik/63.03/data/stunting-prevalensi.json",
        "/publik/63/data/kampung-kb-kelas.csv",
        "/publik/sitemap.xml",
    ):
        assert expected in responses, expected
    datasets = registry.public_datasets
    labels = {f.label for d in datasets.values() for f in d.fields}
    # The map's table beside each map: region, the layer's figure and its class, the same
    # verified values the map draws (tests/test_maps.py: verified figures only).
    labels |= {"Wilayah", "Nilai", "Klasifikasi"}
    for url, response in responses.items():
        if response["Content-Type"] == "image/png":  # the map drawn (pixels, no text)
            assert response.content.startswith(b"\x89PNG"), url
            continue
        body = response.content.decode()
        for planted in PLANTED:
            assert planted not in body, (url, planted)
        assert "csrfmiddlewaretoken" not in body, url
        assert "/asal-angka/" not in body, url  # behind the login: no dead link for the public
        slug = url.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if url.endswith(".json"):
            payload = json.loads(body)
            assert set(payload) == JSON_TOP_KEYS
            allowed = set(datasets[slug].field_names)
            assert all(set(row) == allowed for row in payload["data"]), url
            assert payload["lisensi"]["url"] == LICENCE_URL
        elif url.endswith(".csv"):
            header = next(csv.reader(io.StringIO(body)))
            assert header == datasets[slug].field_names, url
        elif "<table" in body and "/data/" not in url:
            headers = set(re.findall(r'<th scope="col">([^<]+)</th>', body))
            assert headers <= labels, (url, headers - labels)


def test_banjar_stunting_series_as_csv_and_json(client, world):
    response = client.get("/publik/63.03/data/stunting-prevalensi.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    series = [(r["sumber"], r["tahun"], r["bulan"], r["prevalensi_persen"]) for r in rows]
    # Verified figures only (the draft SKI 66.66 is not there), one source per row.
    assert series == [
        ("e-PPGBM", "2024", "6", "9.10"),
        ("SSGI", "2021", "", "40.20"),
        ("SSGI", "2022", "", "26.40"),
    ]
    by_year = {r["tahun"]: r for r in rows}
    # 2022: Banjar's own final target (SSGI-measured) beside the SSGI figure; e-PPGBM never.
    assert (by_year["2022"]["target_persen"], by_year["2022"]["asal_target"]) == (
        "20.50",
        "wilayah",
    )
    assert by_year["2024"]["target_persen"] == ""
    payload = client.get("/publik/63.03/data/stunting-prevalensi.json").json()
    assert payload["wilayah"] == "63.03"
    assert [(r["sumber"], r["tahun"], r["prevalensi_persen"]) for r in payload["data"]] == [
        ("e-PPGBM", 2024, 9.1),
        ("SSGI", 2021, 40.2),
        ("SSGI", 2022, 26.4),
    ]


def test_the_page_shows_verified_figures_with_their_words(client, world):
    page = client.get(f"/publik/63.03/?tahun={world['year']}").content.decode()
    assert "Kabupaten Banjar" in page
    assert "Tentang data ini" in page
    assert "40,2" in page and "26,4" in page  # the stunting series, Indonesian decimals
    assert '<a href="/publik/63/">Kalimantan Selatan</a>' in page  # back to the province
    national = client.get("/publik/").content.decode()
    assert '<a href="/publik/63/">Kalimantan Selatan</a>' in national
    province = client.get("/publik/63/").content.decode()
    assert '<a href="/publik/63.03/">Kabupaten Banjar</a>' in province


def test_open_graph_and_robots(client, world):
    page = client.get("/publik/63.03/").content.decode()
    base = settings.PORTAL_BASE_URL
    assert f'<meta property="og:image" content="{base}/publik/63.03/peta.png">' in page
    assert f'<meta property="og:url" content="{base}/publik/63.03/">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    image = client.get("/publik/63.03/peta.png")
    assert image["Content-Type"] == "image/png"
    robots = client.get("/robots.txt").content.decode()
    assert "Allow: /publik/\nDisallow: /\n" in robots
    assert f"Sitemap: {base}/publik/sitemap.xml" in robots


@pytest.mark.parametrize(
    "url", ["/publik/", "/publik/63.03/", "/publik/data/stunting-prevalensi.csv", "/robots.txt"]
)
def test_served_without_a_session_even_to_a_signed_in_user(client, world, admin, url):
    anonymous = client.get(url)
    client.force_login(admin)
    signed_in = client.get(url)
    for response in (anonymous, signed_in):
        assert response.status_code == 200
        assert not response.cookies, response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert response["Content-Language"] == "id"
    assert signed_in.content == anonymous.content  # one page for everyone: shared cache


def test_the_language_is_indonesian_whatever_the_cookie(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/publik/").content.decode()
    assert '<html lang="id">' in page and "Tentang data ini" in page


def test_cached_whole_and_new_after_a_write(client, world, django_assert_num_queries):
    client.get("/publik/63.03/")
    with django_assert_num_queries(0):
        again = client.get("/publik/63.03/")
    assert "31,5" not in again.content.decode()
    PrevalenceFigureFactory(
        region=world["banjar"], source="ski", year=2024, value="31.5", publication_title="SKI 2024"
    )
    assert "31,5" in client.get("/publik/63.03/").content.decode()


def test_etag_answers_not_modified(client, world):
    first = client.get("/publik/")
    second = client.get("/publik/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 304


def test_unknown_parameters_share_the_cache_and_bad_values_are_404(
    client, world, django_assert_num_queries
):
    client.get("/publik/")
    with django_assert_num_queries(0):
        for query in ("?utm_source=wa", "?x=1&y=2", f"?foo={'a' * 500}"):
            assert client.get(f"/publik/{query}").status_code == 200
    assert client.get("/publik/?tahun=1999").status_code == 404
    assert client.get("/publik/?tahun=abc").status_code == 404
    assert client.get(f"/publik/?tahun={timezone.localdate().year - 1}").status_code == 200
    assert client.get("/publik/63.99/").status_code == 404
    assert client.get("/publik/63.03.01/").status_code == 404


@override_settings(PUBLIC_REQUESTS_PER_MINUTE=3)
def test_throttled_per_client_address(client, world):
    for _ in range(3):
        assert client.get("/publik/").status_code == 200
    refused = client.get("/publik/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert not refused.cookies
    assert client.get("/publik/", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_a_province_switched_off_disappears(client, world):
    PublicPageSetting.objects.create(region=world["sulsel"], is_published=False)
    for url in ("/publik/73/", "/publik/73.71/", "/publik/73/data/efektivitas-pokja.csv"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Halaman tidak ditemukan" in response.content.decode()
    national = client.get("/publik/").content.decode()
    assert 'href="/publik/73/"' not in national
    assert "Tidak dipublikasikan" in national and "Sulawesi Selatan" in national
    rows = client.get("/publik/data/efektivitas-pokja.json").json()["data"]
    assert {r["kode_wilayah"] for r in rows} == {"63", "63.03", "63.71"}
    assert "/publik/73/" not in client.get("/publik/sitemap.xml").content.decode()
    assert client.get("/publik/63/").status_code == 200


def test_the_switch_is_in_the_admin_in_indonesian(client, world, admin):
    client.force_login(admin)
    page = client.get("/admin/pokja/publicpagesetting/add/").content.decode()
    assert "Halaman publik ditampilkan" in page


@pytest.mark.parametrize("url", ["/publik/", "/publik/63/", "/publik/63.03/"])
def test_query_count_of_a_first_render(client, world, url, django_assert_max_num_queries):
    # At most 14 for the page and its tables, and 3 for each of its three maps (the layer's
    # figures, the areas drawn, the regions without a boundary); a cached answer needs none.
    with django_assert_max_num_queries(14 + 3 * 3):
        assert client.get(url).status_code == 200


def test_switching_off_shows_at_once_and_greys_the_map(client, world, monkeypatch):
    assert client.get("/publik/73/").status_code == 200  # cached now
    drawn = []

    def spy(**kwargs):
        drawn.append(kwargs)
        return ""

    monkeypatch.setattr("pokja.public.views.render_map", spy)
    PublicPageSetting.objects.create(region=world["sulsel"], is_published=False)
    assert client.get("/publik/73/").status_code == 404
    client.get("/publik/")
    assert {m["layer_key"] for m in drawn} == {"efektivitas", "kampung-kb", "stunting"}
    national = drawn[0]
    assert national["parent"] is None
    assert national["hidden_codes"] == {"73", "73.71"}
    assert national["link"]("73") is None and national["link"]("73.71") is None
    assert national["link"]("63") == "/publik/63/"


def test_csv_text_that_looks_like_a_formula_is_neutralised(client, world):
    PrevalenceFigureFactory(
        region=world["banjar"], source="ski", year=2024, publication_title="=HYPERLINK(1)"
    )
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/publik/63.03/data/stunting-prevalensi.csv").content.decode())
        )
    )
    assert "'=HYPERLINK(1)" in [r["publikasi"] for r in rows]
