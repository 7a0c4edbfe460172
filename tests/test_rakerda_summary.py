"""The governor's one-page summary of the Rakerda (#24): the province's own figures per indicator,
the kab/kota furthest behind, for those who read every share of the province, no one else."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import AchievementFactory, ProvinceTargetFactory
from tests.helpers import evaluated_last_year

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def summary_url(code="63", year=YEAR):
    return reverse("targets:rakerda_summary", args=[code, year])


@pytest.fixture
def evaluated(staf_kalsel, kalsel, banjarmasin, banjarbaru):
    """Last year's acceptors (Banjarmasin met its share, Banjarbaru not) and stunting (lower is
    better), with the province's own 13.5% against 14% achieved; this year 230 acceptors."""
    count, rate = evaluated_last_year(staf_kalsel, kalsel, banjarmasin, banjarbaru, YEAR)
    AchievementFactory(
        region=kalsel,
        indicator=rate.indicator,
        year=YEAR - 1,
        value=Decimal("13.5"),
        source="ssgi",
        publication="SSGI (test)",
    )
    ProvinceTargetFactory(region=kalsel, indicator=count.indicator, year=YEAR, value=230)


def test_the_summary_shows_the_province_figures_and_who_is_behind(
    client_for, staf_kalsel, evaluated
):
    response = client_for(staf_kalsel).get(summary_url())

    assert response.status_code == 200
    rows = {row["indicator"].code: row for row in response.context["rows"]}
    stunting, acceptors = rows["stunting"], rows["peserta-kb-baru"]
    assert stunting["last"].achievement == Decimal("13.5")
    assert stunting["last"].evaluation.status == "tercapai"  # lower is better
    assert (stunting["achieved"], stunting["not_achieved"]) == (1, 1)
    assert acceptors["last"].achievement == 150  # the sum of the kab/kota
    assert acceptors["target"].value == 230
    assert [region.code for region, *_counts in response.context["behind"]] == ["63.72"]
    html = response.content.decode()
    assert "Ringkasan untuk Gubernur" in html
    assert "Rakerda 2026 · Kalimantan Selatan" in html
    assert "SSGI" in html  # the stunting achievement names its source
    assert "data-print" in html


def test_the_rakerda_page_links_to_the_summary(client_for, staf_kalsel, evaluated):
    html = client_for(staf_kalsel).get(reverse("targets:rakerda", args=["63", YEAR])).content
    assert summary_url().encode() in html
    assert b"Dicetak" in html  # the handout's date, printed under the title


def test_the_national_reader_reads_it(client_for, pusat, evaluated):
    assert client_for(pusat).get(summary_url()).status_code == 200


@pytest.mark.parametrize("who", ["koord_6371", "staf_sulsel"])
def test_who_may_not_read_every_share_gets_404(client_for, request, evaluated, who):
    assert client_for(request.getfixturevalue(who)).get(summary_url()).status_code == 404


def test_a_year_outside_the_program_is_404(client_for, staf_kalsel, kalsel):
    assert client_for(staf_kalsel).get(summary_url(year=1900)).status_code == 404


def test_the_summary_uses_a_bounded_number_of_queries(
    client_for, staf_kalsel, evaluated, django_assert_max_num_queries
):
    client = client_for(staf_kalsel)
    with django_assert_max_num_queries(24):
        assert client.get(summary_url()).status_code == 200
