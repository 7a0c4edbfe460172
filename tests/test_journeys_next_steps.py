"""The coordinator's next step on the kab/kota page, and what the province sent back (#10)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pokja.effectiveness import engine
from pokja.models import VerifiableRecord
from targets.models import Achievement
from tests.factories import (
    AchievementFactory,
    BudgetAllocationFactory,
    DecreeFactory,
    DocumentIndicatorFactory,
    IndicatorDocumentFactory,
    PokjaFactory,
    WorkPlanFactory,
)

YEAR = timezone.localdate().year
Status = VerifiableRecord.Status
PAGE = f"/wilayah/63.71/?tahun={YEAR}"


@pytest.fixture
def pokja(banjarmasin):
    pokja = PokjaFactory(region=banjarmasin)
    DecreeFactory(pokja=pokja, valid_until=date(YEAR + 2, 12, 31))
    DocumentIndicatorFactory(
        document=IndicatorDocumentFactory(pokja=pokja, year_start=YEAR - 2, year_end=YEAR + 2)
    )
    return pokja


def page(client, user) -> str:
    engine.recompute(years=[YEAR], scope_code="63")
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_submitted_budget_waits_for_the_province_with_a_link(client_for, koord_6371, pokja):
    budget = BudgetAllocationFactory(pokja=pokja, year=YEAR, status=Status.DIAJUKAN)
    content = page(client_for(koord_6371), koord_6371)

    assert "menunggu verifikasi Provinsi" in content
    assert budget.get_absolute_url() in content
    assert "Masukkan anggaran operasional" not in content


def test_rejected_plan_shows_its_reason_and_the_edit_form(client_for, koord_6371, pokja):
    plan = WorkPlanFactory(
        pokja=pokja, year=YEAR, status=Status.DITOLAK, rejection_reason="Lampiran RAB belum ada"
    )
    content = page(client_for(koord_6371), koord_6371)

    edit = reverse("pokja:workplan_edit", args=[plan.pk])
    assert "ditolak Provinsi: Lampiran RAB belum ada" in content
    assert f'href="{edit}"' in content
    # ... and once more in the card of returned items, at the top of the page.
    assert 'id="returned-items"' in content
    assert content.index('id="returned-items"') < content.index('id="effectiveness"')


def test_missing_budget_links_to_the_new_budget_form(client_for, koord_6371, pokja):
    WorkPlanFactory(pokja=pokja, year=YEAR)
    content = page(client_for(koord_6371), koord_6371)

    assert f'href="{reverse("pokja:budgetallocation_create", args=["63.71"])}"' in content
    assert "Tambahkan di sini" in content
    assert 'id="returned-items"' not in content


def test_reader_gets_no_form_link_and_no_returned_card(client_for, pusat, pokja):
    WorkPlanFactory(pokja=pokja, year=YEAR, status=Status.DITOLAK, rejection_reason="Kurang")
    content = page(client_for(pusat), pusat)

    assert reverse("pokja:budgetallocation_create", args=["63.71"]) not in content
    assert 'id="returned-items"' not in content


def test_resubmitted_record_leaves_the_returned_card(client_for, koord_6371, pokja):
    plan = WorkPlanFactory(pokja=pokja, year=YEAR, status=Status.DITOLAK, rejection_reason="x")
    client = client_for(koord_6371)
    assert 'id="returned-items"' in page(client, koord_6371)

    plan.status = Status.DIAJUKAN
    plan.save()
    assert 'id="returned-items"' not in page(client, koord_6371)


def test_rejected_achievement_reaches_the_coordinator(client_for, koord_6371, banjarmasin):
    AchievementFactory(
        region=banjarmasin,
        year=YEAR,
        period=0,
        status=Achievement.Status.DITOLAK,
        rejection_reason="Angka tidak sesuai laporan SIGA",
    )
    content = page(client_for(koord_6371), koord_6371)

    assert "Angka tidak sesuai laporan SIGA" in content
    assert reverse("targets:achievements", args=["63", YEAR]) in content


def test_returned_items_do_not_add_queries_per_record(client_for, koord_6371, pokja):
    client = client_for(koord_6371)
    # One of each kind first: every kind's rejected records are read in one query, however
    # many kinds and records there are.
    WorkPlanFactory(pokja=pokja, year=YEAR, status=Status.DITOLAK, rejection_reason="a")
    BudgetAllocationFactory(pokja=pokja, year=YEAR, status=Status.DITOLAK)
    engine.recompute(years=[YEAR], scope_code="63")
    with CaptureQueriesContext(connection) as one:
        client.get(PAGE)

    for year in (YEAR - 1, YEAR - 2, YEAR - 3):
        WorkPlanFactory(pokja=pokja, year=year, status=Status.DITOLAK, rejection_reason="b")
        BudgetAllocationFactory(pokja=pokja, year=year, status=Status.DITOLAK)
    with CaptureQueriesContext(connection) as many:
        content = client.get(PAGE).content.decode()

    assert content.count("returned-item ") + content.count('returned-item"') == 8
    assert len(many.captured_queries) == len(one.captured_queries)
    assert len(many.captured_queries) <= 25


# --- Smaller things (#10) ----------------------------------------------------------------------


def test_national_page_has_a_total_row_and_tells_no_data_from_none_effective(client_for, pusat):
    from tests.factories import KabupatenKotaFactory, ProvinceFactory

    kalsel = ProvinceFactory(code="63", name="Kalimantan Selatan")
    KabupatenKotaFactory.create_batch(2, parent=kalsel)
    sulsel = ProvinceFactory(code="73", name="Sulawesi Selatan")
    KabupatenKotaFactory.create_batch(3, parent=sulsel)
    engine.recompute(years=[YEAR], scope_code="63")  # 63 computed (none effective), 73 not
    client = client_for(pusat)
    response = client.get(f"/nasional/?tahun={YEAR}")
    content = response.content.decode()

    totals = response.context["totals"]
    assert (totals["kabkota_total"], totals["assessed_count"]) == (5, 2)
    assert 'id="national-total"' in content
    assert content.count('border">belum dihitung<') == 1  # Sulsel only; Kalsel: 0 effective
    assert "0,0%" in content

    export = client.get(f"/nasional/?tahun={YEAR}&ekspor=csv").content.decode("utf-8-sig")
    lines = export.strip().splitlines()
    assert lines[-1].startswith(",Total,") and len(lines) == 4


def test_coordinator_list_title_names_its_own_region(client_for, koord_6371):
    content = client_for(koord_6371).get(reverse("pokja:decree_list")).content.decode()
    assert "Kota Banjarmasin" in content and "di semua wilayah" not in content


def test_budget_filter_starts_at_all_budgets(client_for, staf_kalsel):
    content = client_for(staf_kalsel).get(reverse("pokja:budgetallocation_list")).content
    assert "Tidak diketahui" not in content.decode()
    assert '<option value="" selected>Semua</option>' in content.decode()


def test_no_returned_record_of_any_app_costs_one_query(
    koord_6371, banjarmasin, django_assert_num_queries
):
    from pokja.returned import returned_items

    # Pokja records, achievements, stunting figures and reports: one UNION says none is back.
    with django_assert_num_queries(1):
        assert returned_items(koord_6371, banjarmasin) == []
