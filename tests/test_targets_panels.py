"""The targets app shows on the region pages through the core app's panel hook."""

from decimal import Decimal

from targets.services import targets as target_services
from tests.factories import AchievementFactory, IndicatorFactory, ProvinceTargetFactory


def test_coordinator_home_shows_own_targets_and_progress(
    client_for, staf_kalsel, koord_6371, kalsel, banjarmasin, banjarbaru
):
    target = ProvinceTargetFactory(region=kalsel, indicator=IndicatorFactory(), value=1000)
    target_services.split_apply(
        target=target,
        method="manual",
        user=staf_kalsel,
        values={"63.71": Decimal(600), "63.72": Decimal(400)},
    )
    AchievementFactory(region=banjarmasin, indicator=target.indicator, year=target.year, value=300)

    content = client_for(koord_6371).get(f"/wilayah/63.71/?tahun={target.year}").content.decode()

    assert "Peserta KB baru" in content
    assert "50,0" in content  # 300 of 600
    assert "400" not in content.split('id="region-targets"')[1].split("</table>")[0]


def test_province_page_links_to_targets_and_rakerda(client_for, pusat, kalsel):
    content = client_for(pusat).get("/wilayah/63/?tahun=2026").content.decode()

    assert 'href="/target/63/2026/"' in content
    assert 'href="/target/rakerda/63/2026/"' in content
