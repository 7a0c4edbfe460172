"""The busy pages (issue #11): the kab/kota page's query budget with every app's panel, and the
cached page parts (pokja/kernel/pagecache.py): served again without the page's queries, never
after a write, never to a viewer who would see something else, with the viewer's own CSRF
token."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pokja.effectiveness import engine
from pokja.kernel import workflow
from pokja.models import User
from targets.services import targets as target_services
from tests.factories import (
    AchievementFactory,
    BudgetAllocationFactory,
    DecreeFactory,
    DocumentIndicatorFactory,
    IndicatorDocumentFactory,
    IndicatorFactory,
    PokjaFactory,
    ProvinceTargetFactory,
    UserFactory,
    WorkPlanFactory,
)
from tests.factories_stunting import PrevalenceFigureFactory, SemesterReportFactory
from tests.helpers import region_url
from tests.kampungkb_factories import KampungKBFactory, village

YEAR = timezone.localdate().year
# The user (the session comes from the cache) and everything the kab/kota page reads with every
# app's panel present, the map of its place in the province included (the province's kab/kota
# with their figures), the next step of every unmet criterion and the returned items of every
# kind (one query each, whatever the data).
KABKOTA_PAGE_QUERIES = 14
# A page served from the cache reads the user, nothing else.
CACHED_PAGE_QUERIES = 1


def logged_in(user) -> Client:
    """A client of its own (`client_for` logs one shared client in as someone else)."""
    client = Client()
    client.force_login(user)
    return client


def rakerda_url(year=YEAR):
    return reverse("targets:rakerda", args=["63", year])


@pytest.fixture
def banjarmasin_with_everything(banjarmasin, banjarbaru, staf_kalsel):
    """Demo-like data for 63.71: a Pokja with three criteria met and a budget rejected by the
    province, a target split with an achievement, stunting figures, a Kampung KB."""
    pokja = PokjaFactory(region=banjarmasin)
    DecreeFactory(pokja=pokja, valid_until=date(YEAR + 2, 12, 31))
    WorkPlanFactory(pokja=pokja, year=YEAR)
    DocumentIndicatorFactory(
        document=IndicatorDocumentFactory(pokja=pokja, year_start=YEAR - 2, year_end=YEAR + 2)
    )
    BudgetAllocationFactory(
        pokja=pokja, year=YEAR, status="ditolak", rejection_reason="DPA belum dilampirkan"
    )
    target = ProvinceTargetFactory(
        region=banjarmasin.parent, indicator=IndicatorFactory(), year=YEAR, value=100
    )
    target_services.split_apply(target=target, method="equal", user=staf_kalsel)
    AchievementFactory(region=banjarmasin, indicator=target.indicator, year=YEAR, period=0)
    for year, value in ((2022, "24.60"), (2023, "21.10")):
        PrevalenceFigureFactory(region=banjarmasin, year=year, value=Decimal(value))
    KampungKBFactory(region=village(banjarmasin), name="Kampung KB Sungai Jingah")
    engine.recompute(years=[YEAR - 1, YEAR], scope_code="63")
    return banjarmasin


def test_kabkota_page_with_every_panel_stays_under_the_query_budget(
    client_for, koord_6371, banjarmasin_with_everything, django_assert_max_num_queries
):
    client = client_for(koord_6371)

    with django_assert_max_num_queries(KABKOTA_PAGE_QUERIES):
        content = client.get(region_url("63.71", tahun=YEAR)).content.decode()

    for panel in ("effectiveness", "returned-items", "region-targets", "stunting-panel"):
        assert f'id="{panel}"' in content
    assert 'id="kampung-kb-panel"' in content
    assert "DPA belum dilampirkan" in content  # the rejected budget, with the province's reason


def test_kabkota_page_with_every_criterion_unmet_and_records_of_each_kind_returned(
    client_for, koord_6371, banjarmasin, banjarbaru, django_assert_max_num_queries
):
    """The national bench's worst kab/kota pages (16–18 queries before): every criterion has a
    record in flight and the province sent back records of several kinds."""
    pokja = PokjaFactory(region=banjarmasin)
    returned = {"status": "ditolak", "rejection_reason": "Lengkapi dokumennya"}
    DecreeFactory(pokja=pokja, number="188.45/77/KUM/2026", **returned)
    WorkPlanFactory(pokja=pokja, year=YEAR, title="Rencana kerja dikembalikan", **returned)
    IndicatorDocumentFactory(pokja=pokja, year_start=YEAR - 2, year_end=YEAR + 2, status="draf")
    BudgetAllocationFactory(pokja=pokja, year=YEAR, status="diajukan")
    AchievementFactory(
        region=banjarmasin,
        indicator=IndicatorFactory(name="Peserta KB baru"),
        year=YEAR,
        period=0,
        **returned,
    )
    PrevalenceFigureFactory(region=banjarmasin, year=2023, **returned)
    SemesterReportFactory(region=banjarmasin, year=2024, semester=2, **returned)
    engine.recompute(years=[YEAR], scope_code="63")
    client = client_for(koord_6371)

    with django_assert_max_num_queries(KABKOTA_PAGE_QUERIES):
        content = client.get(region_url("63.71", tahun=YEAR)).content.decode()

    assert content.count("Lengkapi dokumennya") >= 5
    for label in (
        "SK 188.45/77/KUM/2026",
        f"Rencana kerja dikembalikan ({YEAR})",
        "Peserta KB baru",
        "SSGI 2023",
        "Semester 2 2024",
    ):
        assert label in content
    assert 'id="peta"' in content and "Kota Banjarbaru" in content  # the map of the province


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("koord_6371", region_url("63.71", tahun=YEAR)),
        ("staf_kalsel", region_url("63", tahun=YEAR)),
        ("pusat", reverse("pokja:national")),
        ("staf_kalsel", rakerda_url()),
    ],
)
def test_a_page_seen_again_is_served_from_the_cache(
    request, client_for, persona, url, banjarmasin_with_everything, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(persona))
    first = client.get(url).content.decode()

    with django_assert_max_num_queries(CACHED_PAGE_QUERIES):
        again = client.get(url).content.decode()

    assert _without_tokens(again) == _without_tokens(first)


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


# --- a write shows at once ---------------------------------------------------------------------


def test_a_verification_shows_on_the_cached_kabkota_page(
    client_for, koord_6371, staf_kalsel, banjarmasin_with_everything
):
    koord = client_for(koord_6371)
    assert "DPA belum dilampirkan" in koord.get(region_url("63.71", tahun=YEAR)).content.decode()
    budget = banjarmasin_with_everything.pokja.budgetallocation_set.get()

    # The coordinator fixes the budget and submits it again: the province's reason goes away.
    workflow.record_submit(record=budget, user=koord_6371)

    page = koord.get(region_url("63.71", tahun=YEAR)).content.decode()
    assert "DPA belum dilampirkan" not in page


def test_a_recompute_shows_on_the_cached_province_page(client_for, staf_kalsel, banjarmasin):
    pokja = PokjaFactory(region=banjarmasin)
    DecreeFactory(pokja=pokja, valid_until=date(YEAR + 2, 12, 31))
    WorkPlanFactory(pokja=pokja, year=YEAR)
    DocumentIndicatorFactory(
        document=IndicatorDocumentFactory(pokja=pokja, year_start=YEAR - 2, year_end=YEAR + 2)
    )
    BudgetAllocationFactory(pokja=pokja, year=YEAR)
    client = client_for(staf_kalsel)
    before = client.get(region_url("63", tahun=YEAR)).content.decode()
    assert 'id="effective-count">0 dari 1' in _squeezed(before)

    engine.recompute(years=[YEAR], scope_code="63")  # bulk writes: no model signals

    after = client.get(region_url("63", tahun=YEAR)).content.decode()
    assert 'id="effective-count">1 dari 1' in _squeezed(after)


def _squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> ", ">")


def test_an_admin_save_shows_on_the_cached_national_page(admin, pusat, kalsel):
    reader = logged_in(pusat)
    assert "Kalimantan Selatan" in reader.get(reverse("pokja:national")).content.decode()

    response = logged_in(admin).post(
        reverse("admin:pokja_region_change", args=["63"]),
        {"code": "63", "name": "Kalimantan Selatan Raya", "level": "provinsi", "parent": ""},
    )

    assert response.status_code == 302, "the admin form was refused"
    assert "Kalimantan Selatan Raya" in reader.get(reverse("pokja:national")).content.decode()


def test_a_new_province_target_shows_on_the_cached_rakerda_page(client_for, staf_kalsel, kalsel):
    client = client_for(staf_kalsel)
    assert "Peserta KB baru" not in client.get(rakerda_url()).content.decode()

    ProvinceTargetFactory(region=kalsel, indicator=IndicatorFactory(), year=YEAR, value=100)

    assert "Peserta KB baru" in client.get(rakerda_url()).content.decode()


# --- who sees what -----------------------------------------------------------------------------


def test_the_recompute_form_carries_each_viewers_own_csrf_token(
    staf_kalsel, banjarmasin_with_everything
):
    other = UserFactory(username="staf-kalsel-2", role=User.Role.STAF_PROVINSI, region_id="63")
    tokens = []
    for user in (staf_kalsel, other):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        content = client.get(region_url("63", tahun=YEAR)).content.decode()
        token = re.search(r'id="recompute-form">\s*<input[^>]*value="([^"]+)"', content).group(1)
        tokens.append(token)
        assert "__pagecache" not in content
        response = client.post(
            reverse("pokja:recompute_now", args=["63"]),
            {"tahun": YEAR, "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302, "the viewer's own token was refused"
    assert tokens[0] != tokens[1]


def test_a_served_page_masks_its_token_once_for_every_form(client_for, staf_kalsel, kalsel):
    client = client_for(staf_kalsel)
    client.get(region_url("63", tahun=YEAR))

    content = client.get(region_url("63", tahun=YEAR)).content.decode()  # from the cache

    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', content)
    assert len(tokens) >= 3  # the navbar's forms and the page's own
    assert len(set(tokens)) == 1 and "__pagecache" not in tokens[0]


def test_a_cached_page_is_not_shown_outside_the_viewers_scope(
    client_for, koord_6371, koord_6372, banjarmasin_with_everything
):
    assert client_for(koord_6371).get(region_url("63.71", tahun=YEAR)).status_code == 200

    assert client_for(koord_6372).get(region_url("63.71", tahun=YEAR)).status_code == 404


def test_each_role_sees_its_own_buttons_on_a_cached_page(
    client_for, staf_kalsel, koord_6371, banjarmasin_with_everything
):
    page = client_for(staf_kalsel).get(region_url("63.71", tahun=YEAR)).content.decode()
    assert 'id="recompute-form"' in page

    content = client_for(koord_6371).get(region_url("63.71", tahun=YEAR)).content.decode()

    assert 'id="recompute-form"' not in content
    assert "Perbaiki di sini" in content  # the coordinator fixes its rejected budget


def test_a_cached_page_follows_the_viewers_language(client_for, koord_6371, banjarmasin):
    client = client_for(koord_6371)
    assert "Wilayah di bawahnya" in client.get(region_url("63.71", tahun=YEAR)).content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert "Regions below" in client.get(region_url("63.71", tahun=YEAR)).content.decode()


def test_an_export_jobs_progress_keeps_the_cached_pages(
    koord_6371, django_capture_on_commit_callbacks
):
    from pokja.kernel import pagecache
    from pokja.models import ExportJob

    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        job = ExportJob.objects.create(
            owner=koord_6371, list_name="pokja:decree_list", export_format="csv"
        )
        job.rows_done = 2000
        job.save(update_fields=["rows_done"])

    # Progress is saved every chunk of a long export; no cached page shows it.
    assert pagecache.generation() == before


# --- the navbar a worker keeps (pokja.templatetags.portal.navbar) -------------------------------


def _navbar(html: str) -> str:
    return html.split('<nav class="navbar', 1)[1].split("</nav>", 1)[0]


def test_a_kept_navbar_carries_each_requests_own_token_and_path(staf_kalsel, kalsel):
    other = UserFactory(username="staf-kalsel-2", role=User.Role.STAF_PROVINSI, region_id="63")
    for user in (staf_kalsel, other, staf_kalsel):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        for url in (reverse("pokja:export_jobs"), region_url("63", tahun=YEAR)):
            page = client.get(url)
            assert page.status_code == 200, url
            navbar = _navbar(page.content.decode())
            assert "__pagecache" not in navbar and "__navbar" not in navbar
            assert f'name="next" type="hidden" value="{url.replace("&", "&amp;")}"' in navbar
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', navbar).group(1)
            response = client.post(
                reverse("set_language"),
                {"language": "en", "next": url, "csrfmiddlewaretoken": token},
            )
            assert response.status_code == 302, "the requester's own token was refused"
            client.cookies.pop("django_language", None)


def test_a_kept_navbar_follows_the_account(client_for, staf_kalsel, kalsel):
    client = client_for(staf_kalsel)
    assert staf_kalsel.username in _navbar(
        client.get(reverse("pokja:export_jobs")).content.decode()
    )

    User.objects.filter(pk=staf_kalsel.pk).update(first_name="Siti", last_name="Aminah")
    navbar = _navbar(client.get(reverse("pokja:export_jobs")).content.decode())
    assert "<strong>Siti Aminah</strong>" in navbar
    assert reverse("targets:rakerda", args=["63", YEAR]) in navbar  # provincial staff's link

    User.objects.filter(pk=staf_kalsel.pk).update(role=User.Role.PUSAT, region=None)
    navbar = _navbar(client.get(reverse("pokja:export_jobs")).content.decode())
    assert str(User.Role.PUSAT.label) in navbar and "(63)" not in navbar
    assert "/rakerda/" not in navbar  # the links of the new role, not those kept for the old
