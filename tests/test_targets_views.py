"""The web side of targets: the split page, achievements and the Rakerda page."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from targets.models import Achievement, ProvinceTarget, RegionTarget
from targets.services import targets as target_services
from tests.factories import (
    AchievementFactory,
    IndicatorFactory,
    KabupatenKotaFactory,
    ProvinceTargetFactory,
    RateIndicatorFactory,
)
from tests.helpers import evaluated_last_year

YEAR = 2026
# Session, user and the page's own reads; the Rakerda page runs the evaluation twice (5 each).
MAX_QUERIES = 22  # the Rakerda page asks the two registered achievement sources too (+4)


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


@pytest.fixture
def kabkota(kalsel, banjarmasin, banjarbaru):
    return [banjarmasin, banjarbaru]


@pytest.fixture
def acceptors(kalsel, kabkota):
    return ProvinceTargetFactory(region=kalsel, indicator=IndicatorFactory(), year=YEAR, value=101)


@pytest.fixture
def stunting(kalsel, kabkota):
    return ProvinceTargetFactory(
        region=kalsel, indicator=RateIndicatorFactory(), year=YEAR, value=14
    )


def index_url(code="63", year=YEAR):
    return reverse("targets:index", args=[code, year])


def edit_url(indicator_code="peserta-kb-baru", code="63", year=YEAR):
    return reverse("targets:edit", args=[code, year, indicator_code])


def grid_url(code="63", year=YEAR, indicator="peserta-kb-baru", period=0):
    return reverse("targets:achievements", args=[code, year]) + (
        f"?indicator={indicator}&period={period}"
    )


def rakerda_url(code="63", year=YEAR):
    return reverse("targets:rakerda", args=[code, year])


def shares_of(target):
    return {s.region_id: s.value for s in RegionTarget.objects.filter(province_target=target)}


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- who may see what --------------------------------------------------------------------------


@pytest.mark.parametrize("url", [index_url, edit_url, grid_url, rakerda_url])
def test_anonymous_is_sent_to_the_login(client, acceptors, url):
    response = client.get(url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", [index_url, edit_url, grid_url, rakerda_url])
@pytest.mark.parametrize("persona", ["staf_kalsel", "admin", "pusat"])
def test_staff_admin_and_national_readers_open_every_page(
    request, client_for, acceptors, url, persona
):
    response = client_for(request.getfixturevalue(persona)).get(url())
    assert response.status_code == 200


@pytest.mark.parametrize("url", [index_url, edit_url, grid_url, rakerda_url])
def test_staff_of_another_province_get_404(client_for, staf_sulsel, acceptors, url):
    assert client_for(staf_sulsel).get(url()).status_code == 404


@pytest.mark.parametrize("url", [index_url, edit_url, rakerda_url])
def test_coordinator_gets_404_on_staff_pages(client_for, koord_6371, acceptors, url):
    assert client_for(koord_6371).get(url()).status_code == 404


def test_coordinator_gets_404_on_another_provinces_achievements(
    client_for, koord_6371, makassar, acceptors
):
    assert client_for(koord_6371).get(grid_url(code="73")).status_code == 404


def test_unknown_indicator_and_year_out_of_range_are_404(client_for, staf_kalsel, acceptors):
    client = client_for(staf_kalsel)
    assert client.get(edit_url("no-such-indicator")).status_code == 404
    assert client.get(index_url(year=1990)).status_code == 404


def test_national_reader_cannot_post(client_for, pusat, acceptors, banjarmasin):
    client = client_for(pusat)
    response = client.post(edit_url(), {"action": "equal", "value": "101"})
    assert response.status_code == 404
    assert client.post(grid_url(), {"value_63_71": "5"}).status_code == 404
    achievement = AchievementFactory(
        region=banjarmasin,
        indicator=acceptors.indicator,
        year=YEAR,
        status=Achievement.Status.DIAJUKAN,
    )
    status_url = reverse("targets:achievement_status", args=["63", YEAR, achievement.pk])
    assert client.post(status_url, {"action": "verify"}).status_code == 404
    assert not RegionTarget.objects.exists()


def test_coordinator_cannot_post_the_split(client_for, koord_6371, acceptors):
    response = client_for(koord_6371).post(edit_url(), {"action": "equal", "value": "101"})
    assert response.status_code == 404
    assert not RegionTarget.objects.exists()


# --- the split page ----------------------------------------------------------------------------


def test_index_shows_status_and_difference(client_for, staf_kalsel, acceptors):
    target_services.split_apply(
        target=acceptors,
        method="manual",
        user=staf_kalsel,
        values={"63.71": Decimal(50), "63.72": Decimal(40)},
    )
    response = client_for(staf_kalsel).get(index_url())
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["indicator"].code == "peserta-kb-baru")
    assert row["difference"] == Decimal(11)
    assert edit_url() in response.content.decode()


def test_equal_split_adds_up_exactly(client_for, staf_kalsel, acceptors):
    response = client_for(staf_kalsel).post(edit_url(), {"action": "equal", "value": "101"})
    assert response.status_code == 302
    assert shares_of(acceptors) == {"63.71": 51, "63.72": 50}


def test_proportional_split_adds_up_exactly(client_for, staf_kalsel, acceptors):
    data = {
        "action": "proportional",
        "value": "100",
        "base_source": "entered",
        "base_label": "Penduduk 2024",
        "base_63_71": "1",
        "base_63_72": "2",
    }
    response = client_for(staf_kalsel).post(edit_url(), data)
    assert response.status_code == 302
    shares = shares_of(acceptors)
    assert sum(shares.values()) == 100
    assert shares == {"63.71": 33, "63.72": 67}
    acceptors.refresh_from_db()
    assert acceptors.method == "proportional"
    assert acceptors.base_label == "Penduduk 2024"


def test_proportional_split_on_last_years_achievement(client_for, staf_kalsel, acceptors):
    indicator = acceptors.indicator
    AchievementFactory(region_id="63.71", indicator=indicator, year=YEAR - 1, value=300)
    AchievementFactory(region_id="63.72", indicator=indicator, year=YEAR - 1, value=100)
    data = {"action": "proportional", "value": "101", "base_source": "last_year"}
    client_for(staf_kalsel).post(edit_url(), data)
    assert shares_of(acceptors) == {"63.71": 76, "63.72": 25}
    acceptors.refresh_from_db()
    assert str(YEAR - 1) in acceptors.base_label


def test_finalise_refuses_a_split_that_does_not_add_up(client_for, staf_kalsel, acceptors):
    target_services.split_apply(target=acceptors, method="equal", user=staf_kalsel)
    data = {"action": "finalise", "value": "101", "value_63_71": "50", "value_63_72": "50"}
    response = client_for(staf_kalsel).post(edit_url(), data)
    assert response.status_code == 200
    text = " ".join(messages_of(response))
    assert "harus sama dengan target provinsi: selisih 1" in text
    assert "Tidak ada yang diubah" in text
    acceptors.refresh_from_db()
    assert acceptors.status == ProvinceTarget.Status.DRAF
    assert shares_of(acceptors) == {"63.71": 51, "63.72": 50}  # nothing changed


def test_draft_may_be_saved_with_a_difference_that_the_page_shows(
    client_for, staf_kalsel, acceptors
):
    data = {"action": "save", "value": "101", "value_63_71": "50", "value_63_72": "40"}
    client = client_for(staf_kalsel)
    assert client.post(edit_url(), data).status_code == 302
    response = client.get(edit_url())
    assert response.context["difference"] == Decimal(11)
    assert 'id="split-difference"' in response.content.decode()
    assert "js/split.js" in response.content.decode()


def test_a_count_cannot_be_split_in_fractions(client_for, staf_kalsel, acceptors):
    data = {"action": "save", "value": "101", "value_63_71": "50.5", "value_63_72": "50.5"}
    response = client_for(staf_kalsel).post(edit_url(), data)
    assert response.status_code == 200
    assert "Belum ada yang disimpan" in " ".join(messages_of(response))
    assert not RegionTarget.objects.exists()


def test_final_split_is_locked_until_reopened(client_for, staf_kalsel, acceptors):
    client = client_for(staf_kalsel)
    data = {"action": "finalise", "value": "101", "value_63_71": "60", "value_63_72": "41"}
    assert client.post(edit_url(), data).status_code == 302
    acceptors.refresh_from_db()
    assert acceptors.is_final

    page = client.get(edit_url())
    assert page.context["locked"]
    assert 'value="reopen"' in page.content.decode()
    assert 'value="equal"' not in page.content.decode()

    response = client.post(edit_url(), {"action": "equal", "value": "500"})
    assert response.status_code == 200
    assert shares_of(acceptors) == {"63.71": 60, "63.72": 41}
    acceptors.refresh_from_db()
    assert acceptors.value == 101

    assert client.post(edit_url(), {"action": "reopen"}).status_code == 302
    acceptors.refresh_from_db()
    assert acceptors.status == ProvinceTarget.Status.DRAF
    reasons = [h.history_change_reason for h in acceptors.history.all()]
    assert "Difinalkan" in reasons and "Dibuka kembali" in reasons
    assert "Dibuka kembali" in client.get(edit_url()).content.decode()


def test_rate_gets_its_own_target_per_kabkota_and_no_sum(client_for, staf_kalsel, stunting):
    client = client_for(staf_kalsel)
    data = {"action": "finalise", "value": "14", "value_63_71": "12.5", "value_63_72": "16"}
    assert client.post(edit_url("stunting"), data).status_code == 302
    stunting.refresh_from_db()
    assert stunting.is_final
    assert shares_of(stunting) == {"63.71": Decimal("12.5"), "63.72": 16}
    assert client.get(edit_url("stunting")).context["difference"] is None


def test_a_rate_is_not_split_in_proportion(client_for, staf_kalsel, stunting):
    data = {"action": "proportional", "value": "14", "base_63_71": "1", "base_63_72": "1"}
    response = client_for(staf_kalsel).post(edit_url("stunting"), data)
    assert response.status_code == 200
    assert not RegionTarget.objects.exists()


def test_staff_set_a_new_target_on_the_page(client_for, staf_kalsel, kabkota):
    IndicatorFactory()
    response = client_for(staf_kalsel).post(edit_url(), {"action": "equal", "value": "10"})
    assert response.status_code == 302
    target = ProvinceTarget.objects.get(region_id="63", year=YEAR)
    assert shares_of(target) == {"63.71": 5, "63.72": 5}


# --- achievements ------------------------------------------------------------------------------


def test_staff_save_achievements_as_verified(client_for, staf_kalsel, acceptors):
    data = {"action": "save", "value_63_71": "40", "value_63_72": "35"}
    response = client_for(staf_kalsel).post(grid_url(period=3), data)
    assert response.status_code == 302
    achievements = Achievement.objects.filter(year=YEAR, period=3)
    assert {a.region_id: a.value for a in achievements} == {"63.71": 40, "63.72": 35}
    assert {a.status for a in achievements} == {Achievement.Status.TERVERIFIKASI}


def test_period_follows_the_indicators_frequency(client_for, staf_kalsel, stunting):
    response = client_for(staf_kalsel).get(grid_url(indicator="stunting", period=3))
    assert response.context["period"] == Achievement.YEARLY


def test_coordinator_submits_only_its_own_kabkota(client_for, koord_6371, acceptors):
    client = client_for(koord_6371)
    page = client.get(grid_url(period=1))
    assert page.status_code == 200
    assert [r["region"].code for r in page.context["rows"]] == ["63.71"]

    data = {"action": "submit", "value_63_71": "40", "value_63_72": "99"}
    assert client.post(grid_url(period=1), data).status_code == 302
    achievement = Achievement.objects.get()
    assert (achievement.region_id, achievement.status) == ("63.71", Achievement.Status.DIAJUKAN)


def test_coordinator_cannot_change_a_verified_achievement(
    client_for, koord_6371, acceptors, banjarmasin
):
    achievement = AchievementFactory(
        region=banjarmasin, indicator=acceptors.indicator, year=YEAR, period=1, value=10
    )
    client = client_for(koord_6371)
    page = client.get(grid_url(period=1))
    assert page.context["rows"][0]["field"] is None
    client.post(grid_url(period=1), {"action": "submit", "value_63_71": "99"})
    achievement.refresh_from_db()
    assert achievement.value == 10
    assert achievement.status == Achievement.Status.TERVERIFIKASI


def test_coordinator_cannot_verify(client_for, koord_6371, acceptors, banjarmasin):
    achievement = AchievementFactory(
        region=banjarmasin,
        indicator=acceptors.indicator,
        year=YEAR,
        status=Achievement.Status.DIAJUKAN,
    )
    url = reverse("targets:achievement_status", args=["63", YEAR, achievement.pk])
    # In scope but not the coordinator's to verify: 403 (outside the scope would be 404).
    assert client_for(koord_6371).post(url, {"action": "verify"}).status_code == 403
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.DIAJUKAN


def test_coordinator_cannot_touch_another_kabkota(client_for, koord_6372, acceptors, banjarmasin):
    achievement = AchievementFactory(
        region=banjarmasin,
        indicator=acceptors.indicator,
        year=YEAR,
        status=Achievement.Status.DRAF,
    )
    url = reverse("targets:achievement_status", args=["63", YEAR, achievement.pk])
    assert client_for(koord_6372).post(url, {"action": "submit"}).status_code == 404
    achievement.refresh_from_db()
    assert (achievement.status, achievement.history.count()) == (Achievement.Status.DRAF, 1)


def test_staff_verify_and_reject_submissions(
    client_for, staf_kalsel, staf_sulsel, acceptors, banjarmasin, banjarbaru
):
    first, second = (
        AchievementFactory(
            region=region,
            indicator=acceptors.indicator,
            year=YEAR,
            period=1,
            status=Achievement.Status.DIAJUKAN,
        )
        for region in (banjarmasin, banjarbaru)
    )
    url = reverse("targets:achievement_status", args=["63", YEAR, first.pk])
    assert client_for(staf_sulsel).post(url, {"action": "verify"}).status_code == 404

    client = client_for(staf_kalsel)
    page = client.get(grid_url(period=1))
    assert f'id="verify-{first.pk}"' in page.content.decode()
    assert client.post(url, {"action": "verify"}).status_code == 302
    first.refresh_from_db()
    assert first.status == Achievement.Status.TERVERIFIKASI

    reject_url = reverse("targets:achievement_status", args=["63", YEAR, second.pk])
    response = client.post(reject_url, {"action": "reject", "reason": ""}, follow=True)
    second.refresh_from_db()
    assert second.status == Achievement.Status.DIAJUKAN
    assert messages_of(response)
    client.post(reject_url, {"action": "reject", "reason": "Angka tidak sesuai laporan"})
    second.refresh_from_db()
    assert second.status == Achievement.Status.DITOLAK
    assert second.rejection_reason == "Angka tidak sesuai laporan"


def test_invalid_achievement_is_explained(client_for, staf_kalsel, acceptors):
    response = client_for(staf_kalsel).post(grid_url(), {"value_63_71": "-3"})
    assert response.status_code == 200
    assert "Belum ada yang disimpan" in " ".join(messages_of(response))
    assert not Achievement.objects.exists()


# --- the Rakerda page --------------------------------------------------------------------------


@pytest.fixture
def last_year(staf_kalsel, kalsel, banjarmasin, banjarbaru):
    return evaluated_last_year(staf_kalsel, kalsel, banjarmasin, banjarbaru, YEAR)


def test_rakerda_shows_statuses_colours_and_lower_is_better(
    client_for, staf_kalsel, last_year, acceptors
):
    target_services.split_apply(target=acceptors, method="equal", user=staf_kalsel)
    response = client_for(staf_kalsel).get(rakerda_url())
    assert response.status_code == 200
    blocks = {b["item"].indicator.code: b for b in response.context["evaluation"]}
    stunting = dict((r.code, c) for r, c in blocks["stunting"]["rows"])
    assert stunting["63.71"].evaluation.status == "tercapai"
    assert stunting["63.72"].evaluation.status == "belum"
    count = dict((r.code, c) for r, c in blocks["peserta-kb-baru"]["rows"])
    assert count["63.71"].evaluation.status == "tercapai"
    assert count["63.72"].evaluation.status == "belum"
    html = response.content.decode()
    assert "table-success" in html and "table-danger" in html
    assert "Tercapai" in html and "Belum tercapai" in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "cdn" not in html.lower()
    assert "data-print" in html
    assert blocks["stunting"]["chart"]["colours"][1] == "#dc3545"
    split = {row["item"].indicator.code: row for row in response.context["split"]}
    assert [c.target for c in split["peserta-kb-baru"]["cells"]] == [51, 50]


def test_rakerda_shows_zero_stunting_as_achieved_and_says_why(client_for, staf_kalsel, last_year):
    _count, rate = last_year
    Achievement.objects.filter(indicator=rate.indicator, region_id="63.71").update(value=0)

    response = client_for(staf_kalsel).get(rakerda_url())

    blocks = {b["item"].indicator.code: b for b in response.context["evaluation"]}
    stunting = dict((r.code, c) for r, c in blocks["stunting"]["rows"])
    assert stunting["63.71"].evaluation.status == "tercapai"
    assert "0 adalah hasil terbaik" in response.content.decode()
    assert blocks["stunting"]["chart"]["values"][0] == 100


def test_region_targets_partial_renders_summary_rows(
    staf_kalsel, koord_6371, banjarmasin, acceptors
):
    from django.template.loader import render_to_string

    from targets.selectors import region_targets_summary

    target_services.split_apply(target=acceptors, method="equal", user=staf_kalsel)
    AchievementFactory(region=banjarmasin, indicator=acceptors.indicator, year=YEAR, value=60)
    rows = region_targets_summary(koord_6371, banjarmasin, YEAR)
    html = render_to_string(
        "targets/partials/region_targets.html", {"region_targets": rows, "year": YEAR}
    )
    assert "Peserta KB baru" in html
    assert "Tercapai" in html


# --- query bounds ------------------------------------------------------------------------------


def _grow(kalsel, count):
    for n in range(1, count + 1):
        KabupatenKotaFactory(code=f"63.{n:02d}", name=f"Kabupaten {n}", parent=kalsel)


@pytest.mark.parametrize("extra_kabkota", [0, 11])
@pytest.mark.parametrize(
    "url",
    [
        index_url,
        edit_url,
        grid_url,
        rakerda_url,
        lambda: grid_url(indicator="stunting"),
        lambda: edit_url("stunting"),
    ],
)
def test_pages_need_a_fixed_number_of_queries(
    client_for,
    staf_kalsel,
    kalsel,
    acceptors,
    stunting,
    last_year,
    url,
    extra_kabkota,
    django_assert_max_num_queries,
):
    _grow(kalsel, extra_kabkota)
    target_services.split_apply(target=acceptors, method="equal", user=staf_kalsel)
    for region in ("63.71", "63.72"):
        AchievementFactory(region_id=region, indicator=acceptors.indicator, year=YEAR, period=0)
    client = client_for(staf_kalsel)
    # The Rakerda page evaluates two years; each reads the stunting achievement computed from
    # the prevalence figures (one query per evaluation).
    limit = MAX_QUERIES + (2 if url is rakerda_url else 0)
    with django_assert_max_num_queries(limit):
        assert client.get(url()).status_code == 200


def test_the_effective_pokja_target_keeps_one_for_the_provinces_own_pokja(
    client_for, staf_kalsel, kalsel, kabkota
):
    # BKKBN's target counts the province's own Pokja: a target of 3 is the province + 2 kab/kota.
    IndicatorFactory(code="pokja-efektif", name="Jumlah Pokja yang efektif")
    client = client_for(staf_kalsel)

    response = client.post(edit_url("pokja-efektif"), {"action": "equal", "value": "3"})
    page = client.get(edit_url("pokja-efektif")).content.decode()

    assert response.status_code == 302
    target = ProvinceTarget.objects.get(region=kalsel, indicator__code="pokja-efektif")
    assert shares_of(target) == {"63.71": 1, "63.72": 1}
    assert target_services.split_difference(target) == 0
    assert 'id="province-own-share"' in page
    assert "Disisihkan untuk Pokja provinsi sendiri" in page


def test_staff_state_which_source_a_stunting_target_is_measured_by(
    client_for, staf_kalsel, stunting
):
    client = client_for(staf_kalsel)
    page = client.get(edit_url("stunting")).content.decode()
    assert "Diukur dengan" in page and "e-PPGBM" in page

    data = {"action": "save", "value": "14", "measured_by": "ski"}
    assert client.post(edit_url("stunting"), data).status_code == 302

    stunting.refresh_from_db()
    assert stunting.measured_by == "ski"
    assert 'value="ski" selected' in client.get(edit_url("stunting")).content.decode()


def test_a_count_target_has_no_source_to_choose(client_for, staf_kalsel, acceptors):
    page = client_for(staf_kalsel).get(edit_url()).content.decode()
    assert "Diukur dengan" not in page
