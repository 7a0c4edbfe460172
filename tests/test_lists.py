"""Cross-region lists, the list of regions without a work plan and the verification queue."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from pokja.kernel.registry import registry
from pokja.models import BudgetAllocation, IndicatorDocument, VerifiableRecord, WorkingGroup
from tests.factories import (
    BudgetAllocationFactory,
    DecreeFactory,
    IndicatorDocumentFactory,
    KabupatenKotaFactory,
    PokjaFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)
from tests.helpers import csv_rows

Status = VerifiableRecord.Status
LIST_NAMES = ["decree_list", "workplan_list", "indicatordocument_list", "budgetallocation_list"]
ALL_PAGES = [*LIST_NAMES, "workplan_gap_list", "verification_queue"]


def list_url(name, **params):
    url = reverse(f"pokja:{name}")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def table_rows(response):
    """The records on the page, in the order shown."""
    return [row.record for row in response.context["table"].paginated_rows]


def region_codes(response):
    return sorted({record.pokja.region_id for record in table_rows(response)})


def numbers(response):
    return [record.number for record in table_rows(response)]


@pytest.fixture
def pokjas(kalsel, banjarmasin, banjarbaru, makassar):
    return {
        code: PokjaFactory(region=region)
        for code, region in [
            ("63", kalsel),
            ("63.71", banjarmasin),
            ("63.72", banjarbaru),
            ("73.71", makassar),
        ]
    }


@pytest.fixture
def one_of_each(pokjas):
    """One record of every kind in every Pokja, all verified."""
    for code, pokja in pokjas.items():
        DecreeFactory(pokja=pokja, number=f"SK-{code}")
        WorkPlanFactory(pokja=pokja, year=2025)
        IndicatorDocumentFactory(pokja=pokja)
        BudgetAllocationFactory(pokja=pokja, year=2025)
    return pokjas


# --- scope ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_PAGES)
def test_anonymous_is_sent_to_login_from_every_list(client, name):
    response = client.get(list_url(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", LIST_NAMES)
@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("staf_kalsel", ["63", "63.71", "63.72"]),
        ("staf_sulsel", ["73.71"]),
        ("koord_6371", ["63.71"]),
        ("koord_6372", ["63.72"]),
        ("pusat", ["63", "63.71", "63.72", "73.71"]),
        ("admin", ["63", "63.71", "63.72", "73.71"]),
    ],
)
def test_every_list_shows_exactly_the_regions_in_the_users_scope(
    request, client_for, one_of_each, name, persona, visible
):
    response = client_for(request.getfixturevalue(persona)).get(list_url(name))

    assert response.status_code == 200
    assert region_codes(response) == visible


def test_staff_of_sulsel_never_sees_kalsel_sks(client_for, staf_sulsel, one_of_each):
    response = client_for(staf_sulsel).get(list_url("decree_list"))

    content = response.content.decode()
    assert numbers(response) == ["SK-73.71"]
    assert "SK-63" not in content
    assert "Banjarmasin" not in content


def test_coordinator_of_6371_never_sees_6372_rows_in_export(client_for, koord_6371, one_of_each):
    response = client_for(koord_6371).get(list_url("decree_list", _export="csv"))

    rows = csv_rows(response)
    assert [row[:3] for row in rows[1:]] == [["63.71", "Kota Banjarmasin", "SK-63.71"]]


def test_staff_of_sulsel_cannot_filter_into_kalsel(client_for, staf_sulsel, one_of_each):
    response = client_for(staf_sulsel).get(list_url("decree_list", region="63"))

    assert table_rows(response) == []
    assert "region" in response.context["filter"].errors


def test_region_search_offers_only_provinces_and_kabkota_in_scope(
    client_for, staf_kalsel, one_of_each
):
    KabupatenKotaFactory(
        code="73.72", name="Kota Parepare", parent=one_of_each["73.71"].region.parent
    )

    response = client_for(staf_kalsel).get(reverse("pokja:region_search"), {"q": "Kota"})

    codes = [row["code"] for row in response.json()["results"]]
    assert codes == ["63.71", "63.72"]


def test_coordinator_may_open_lists_and_the_queue_of_its_villages_submissions(
    client_for, koord_6371, staf_kalsel, pusat, one_of_each
):
    # Since Kampung KB, a coordinator verifies its villages' profiles and activities (policy).
    queue = list_url("verification_queue")

    coordinator_page = client_for(koord_6371).get(list_url("decree_list")).content.decode()
    staff_page = client_for(staf_kalsel).get(list_url("decree_list")).content.decode()
    national_page = client_for(pusat).get(list_url("decree_list")).content.decode()

    assert f'href="{queue}"' in coordinator_page
    assert f'href="{queue}"' not in national_page
    assert f'href="{queue}"' in staff_page
    assert f'href="{list_url("workplan_gap_list")}"' in coordinator_page


# --- filters --------------------------------------------------------------------------------


def test_choosing_a_province_takes_in_its_kabkota(client_for, pusat, one_of_each):
    response = client_for(pusat).get(list_url("decree_list", region="63"))

    assert region_codes(response) == ["63", "63.71", "63.72"]


def test_choosing_a_kabkota_narrows_to_it(client_for, staf_kalsel, one_of_each):
    response = client_for(staf_kalsel).get(list_url("budgetallocation_list", region="63.72"))

    assert region_codes(response) == ["63.72"]


@pytest.mark.parametrize(
    ("level", "codes"), [("provinsi", ["63"]), ("kabkota", ["63.71", "63.72"])]
)
def test_level_filter_separates_province_and_kabkota(
    client_for, staf_kalsel, one_of_each, level, codes
):
    response = client_for(staf_kalsel).get(list_url("workplan_list", level=level))

    assert region_codes(response) == codes


def test_status_filter_narrows(client_for, staf_kalsel, pokjas):
    DecreeFactory(pokja=pokjas["63.71"], number="verified", status=Status.TERVERIFIKASI)
    DecreeFactory(pokja=pokjas["63.71"], number="draft", status=Status.DRAF)

    response = client_for(staf_kalsel).get(list_url("decree_list", status="draf"))

    assert numbers(response) == ["draft"]


def test_working_group_kind_filter_narrows(client_for, staf_kalsel, pokjas):
    pokja = pokjas["63.71"]
    stunting = WorkingGroupFactory(pokja=pokja, kind=WorkingGroup.Kind.STUNTING, name="TPPS")
    advokasi = WorkingGroupFactory(pokja=pokja, kind=WorkingGroup.Kind.ADVOKASI, name="Advokasi")
    DecreeFactory(pokja=pokja, number="whole")
    DecreeFactory(pokja=pokja, number="tpps", working_group=stunting)
    DecreeFactory(pokja=pokja, number="advokasi", working_group=advokasi)
    client = client_for(staf_kalsel)

    assert numbers(client.get(list_url("decree_list", working_group="stunting"))) == ["tpps"]
    assert numbers(client.get(list_url("decree_list", working_group="pokja"))) == ["whole"]


def test_sks_expiring_in_a_year(client_for, staf_kalsel, pokjas):
    DecreeFactory(pokja=pokjas["63"], number="ends-2026", valid_until=date(2026, 6, 30))
    DecreeFactory(pokja=pokjas["63.71"], number="ends-2027", valid_until=date(2027, 12, 31))
    DecreeFactory(pokja=pokjas["63.72"], number="open-ended", valid_until=None)

    response = client_for(staf_kalsel).get(list_url("decree_list", expires_in=2026))

    assert numbers(response) == ["ends-2026"]


def test_sks_in_force_on_a_date(client_for, staf_kalsel, pokjas):
    DecreeFactory(pokja=pokjas["63"], number="in-force", valid_until=None)
    DecreeFactory(pokja=pokjas["63.71"], number="expired", valid_until=date(2024, 12, 31))
    DecreeFactory(pokja=pokjas["63.72"], number="revoked", revoked_on=date(2025, 3, 1))
    DecreeFactory(
        pokja=pokjas["63.72"],
        number="not-yet",
        set_on=date(2025, 9, 1),
        valid_from=date(2025, 9, 1),
    )

    response = client_for(staf_kalsel).get(list_url("decree_list", in_force_on="2025-06-30"))

    assert numbers(response) == ["in-force"]


def test_work_plan_year_filter(client_for, staf_kalsel, pokjas):
    WorkPlanFactory(pokja=pokjas["63.71"], year=2025)
    WorkPlanFactory(pokja=pokjas["63.72"], year=2026)

    response = client_for(staf_kalsel).get(list_url("workplan_list", year=2026))

    assert [(p.pokja.region_id, p.year) for p in table_rows(response)] == [("63.72", 2026)]


def test_indicator_documents_covering_a_year(client_for, staf_kalsel, pokjas):
    IndicatorDocumentFactory(pokja=pokjas["63.71"], year_start=2021, year_end=2026)
    IndicatorDocumentFactory(
        pokja=pokjas["63.72"],
        document_type=IndicatorDocument.DocumentType.RKPD,
        year_start=2024,
        year_end=2024,
    )
    client = client_for(staf_kalsel)

    covering = client.get(list_url("indicatordocument_list", covers_year=2025))
    rkpd = client.get(list_url("indicatordocument_list", document_type="rkpd"))

    assert region_codes(covering) == ["63.71"]
    assert region_codes(rkpd) == ["63.72"]


def test_budget_filters_by_year_source_and_operational(client_for, staf_kalsel, pokjas):
    BudgetAllocationFactory(pokja=pokjas["63.71"], year=2025, amount=100)
    BudgetAllocationFactory(
        pokja=pokjas["63.71"], year=2026, source=BudgetAllocation.Source.DAK_BOKB, amount=200
    )
    BudgetAllocationFactory(pokja=pokjas["63.72"], year=2026, amount=300, is_operational=False)
    client = client_for(staf_kalsel)

    def amounts(**params):
        rows = table_rows(client.get(list_url("budgetallocation_list", **params)))
        return sorted(int(b.amount) for b in rows)

    assert amounts(year=2026) == [200, 300]
    assert amounts(source="dak_bokb") == [200]
    assert amounts(year=2026, is_operational="false") == [300]


# --- sorting and display --------------------------------------------------------------------


def test_sort_parameter_orders_the_rows(client_for, staf_kalsel, pokjas):
    for number in ["B-2", "A-1", "C-3"]:
        DecreeFactory(pokja=pokjas["63.71"], number=number)
    client = client_for(staf_kalsel)

    assert numbers(client.get(list_url("decree_list", sort="number"))) == ["A-1", "B-2", "C-3"]
    assert numbers(client.get(list_url("decree_list", sort="-number"))) == ["C-3", "B-2", "A-1"]


def test_sorting_by_region_code(client_for, pusat, one_of_each):
    response = client_for(pusat).get(list_url("decree_list", sort="-region_code"))

    assert numbers(response) == ["SK-73.71", "SK-63.72", "SK-63.71", "SK-63"]


def test_budget_amounts_are_shown_in_rupiah_and_rows_link_to_records(
    client_for, staf_kalsel, pokjas
):
    budget = BudgetAllocationFactory(pokja=pokjas["63.71"], amount=150_000_000)

    content = client_for(staf_kalsel).get(list_url("budgetallocation_list")).content.decode()

    assert "Rp 150.000.000" in content
    assert f'href="{budget.get_absolute_url()}"' in content


def test_lists_are_paginated_by_25(client_for, staf_kalsel, pokjas):
    for n in range(30):
        DecreeFactory(pokja=pokjas["63.71"], number=f"SK-{n:02d}")
    client = client_for(staf_kalsel)

    first = client.get(list_url("decree_list"))
    second = client.get(list_url("decree_list", page=2))

    assert len(table_rows(first)) == 25
    assert len(table_rows(second)) == 5


# --- exports --------------------------------------------------------------------------------


def test_csv_export_holds_exactly_the_scoped_filtered_rows_of_every_page(
    client_for, staf_kalsel, pokjas
):
    for n in range(30):
        DecreeFactory(pokja=pokjas["63.71"], number=f"KEEP-{n:02d}", valid_until=date(2026, 5, 1))
    DecreeFactory(pokja=pokjas["63.72"], number="OTHER-YEAR", valid_until=date(2027, 5, 1))
    DecreeFactory(pokja=pokjas["73.71"], number="SULSEL", valid_until=date(2026, 5, 1))

    response = client_for(staf_kalsel).get(
        list_url("decree_list", expires_in=2026, sort="number", _export="csv")
    )

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows[0]) == 10  # the header
    assert [row[2] for row in rows[1:]] == [f"KEEP-{n:02d}" for n in range(30)]
    assert {row[0] for row in rows[1:]} == {"63.71"}


def test_xlsx_export_holds_exactly_the_scoped_filtered_rows(client_for, staf_kalsel, pokjas):
    BudgetAllocationFactory(pokja=pokjas["63"], year=2026, amount=1_500_000)
    BudgetAllocationFactory(pokja=pokjas["63.71"], year=2026, amount=2_500_000)
    BudgetAllocationFactory(pokja=pokjas["63.71"], year=2025, amount=9_000_000)
    BudgetAllocationFactory(pokja=pokjas["73.71"], year=2026, amount=7_000_000)

    response = client_for(staf_kalsel).get(
        list_url("budgetallocation_list", year=2026, sort="region_code", _export="xlsx")
    )

    assert "spreadsheetml" in response["Content-Type"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert [(row[0], row[2], row[5]) for row in values[1:]] == [
        ("63", 2026, 1_500_000),
        ("63.71", 2026, 2_500_000),
    ]


def test_coordinator_export_holds_only_own_kabkota(client_for, koord_6372, one_of_each):
    response = client_for(koord_6372).get(list_url("workplan_list", _export="xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["63.72"]


# --- regions without a work plan ------------------------------------------------------------


@pytest.fixture
def plans_2026(pokjas, kalsel):
    """63: verified plan; 63.71: draft plan; 63.72: only a 2025 plan and a working group's
    plan; 63.03: no Pokja at all; 73.71 (Sulsel): no plan."""
    WorkPlanFactory(pokja=pokjas["63"], year=2026, status=Status.TERVERIFIKASI)
    WorkPlanFactory(pokja=pokjas["63.71"], year=2026, status=Status.DRAF)
    WorkPlanFactory(pokja=pokjas["63.72"], year=2025, status=Status.TERVERIFIKASI)
    group = WorkingGroupFactory(pokja=pokjas["63.72"])
    WorkPlanFactory(pokja=pokjas["63.72"], working_group=group, year=2026)
    KabupatenKotaFactory(code="63.03", name="Kabupaten Banjar", parent=kalsel)


def gap_rows(response):
    return {row.record.code: row.record.plan_status for row in response.context["table"].rows}


def test_without_work_plan_lists_missing_and_unverified_plans(client_for, staf_kalsel, plans_2026):
    response = client_for(staf_kalsel).get(list_url("workplan_gap_list", tahun=2026))

    assert gap_rows(response) == {"63.03": None, "63.71": Status.DRAF, "63.72": None}
    content = response.content.decode()
    assert "2026" in content
    assert "Sulawesi" not in content


def test_without_work_plan_separates_no_plan_from_unverified(client_for, staf_kalsel, plans_2026):
    client = client_for(staf_kalsel)

    no_plan = client.get(list_url("workplan_gap_list", tahun=2026, gap="none"))
    unverified = client.get(list_url("workplan_gap_list", tahun=2026, gap="unverified"))

    assert set(gap_rows(no_plan)) == {"63.03", "63.72"}
    assert set(gap_rows(unverified)) == {"63.71"}


def test_without_work_plan_depends_on_the_year(client_for, staf_kalsel, plans_2026):
    response = client_for(staf_kalsel).get(list_url("workplan_gap_list", tahun=2025))

    assert set(gap_rows(response)) == {"63", "63.03", "63.71"}


def test_without_work_plan_defaults_to_the_current_year(client_for, koord_6371, pokjas):
    response = client_for(koord_6371).get(list_url("workplan_gap_list"))

    assert set(gap_rows(response)) == {"63.71"}


def test_without_work_plan_export_matches_the_page(client_for, staf_kalsel, plans_2026):
    response = client_for(staf_kalsel).get(list_url("workplan_gap_list", tahun=2026, _export="csv"))

    assert "2026" in response["Content-Disposition"]
    assert sorted(row[0] for row in csv_rows(response)[1:]) == ["63.03", "63.71", "63.72"]


def test_coordinator_sees_only_own_kabkota_without_work_plan(client_for, koord_6371, plans_2026):
    response = client_for(koord_6371).get(list_url("workplan_gap_list", tahun=2026))

    assert set(gap_rows(response)) == {"63.71"}


# --- verification queue ---------------------------------------------------------------------


@pytest.fixture
def submitted(pokjas):
    """Submitted records of all four kinds in 63.71 and 73.71, and records not waiting."""
    records = {}
    for code in ["63.71", "73.71"]:
        pokja = pokjas[code]
        records[code] = [
            DecreeFactory(pokja=pokja, status=Status.DIAJUKAN),
            WorkPlanFactory(pokja=pokja, year=2026, status=Status.DIAJUKAN),
            IndicatorDocumentFactory(pokja=pokja, status=Status.DIAJUKAN),
            BudgetAllocationFactory(pokja=pokja, status=Status.DIAJUKAN),
        ]
    DecreeFactory(pokja=pokjas["63.72"], status=Status.TERVERIFIKASI)
    WorkPlanFactory(pokja=pokjas["63.72"], year=2026, status=Status.DRAF)
    BudgetAllocationFactory(
        pokja=pokjas["63.72"], status=Status.DITOLAK, rejection_reason="Lampiran kurang"
    )
    return records


def queue_urls(response):
    return sorted(row.record["url"] for row in response.context["table"].rows)


def test_verification_queue_shows_only_submitted_records_in_scope(
    client_for, staf_kalsel, submitted
):
    response = client_for(staf_kalsel).get(list_url("verification_queue"))

    expected = sorted(record.get_absolute_url() for record in submitted["63.71"])
    assert queue_urls(response) == expected
    content = response.content.decode()
    for url in expected:
        assert f'href="{url}"' in content


def test_staff_of_sulsel_never_sees_kalsel_records_waiting(client_for, staf_sulsel, submitted):
    response = client_for(staf_sulsel).get(list_url("verification_queue"))

    assert queue_urls(response) == sorted(r.get_absolute_url() for r in submitted["73.71"])


def test_verification_queue_filters_by_kind(client_for, pusat, submitted):
    response = client_for(pusat).get(list_url("verification_queue", kind="decree"))

    assert queue_urls(response) == sorted(
        r.get_absolute_url() for r in (submitted["63.71"][0], submitted["73.71"][0])
    )


def test_verification_queue_export(client_for, staf_kalsel, submitted):
    response = client_for(staf_kalsel).get(list_url("verification_queue", _export="xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["63.71"] * 4


# --- query counts ---------------------------------------------------------------------------


def make_rows(pokjas, count):
    """`count` records of every kind spread over the Kalsel Pokjas, each in a working group."""
    kalsel = [pokjas["63"], pokjas["63.71"], pokjas["63.72"]]
    for n in range(count):
        pokja = kalsel[n % 3]
        group = WorkingGroupFactory(pokja=pokja, kind=WorkingGroup.Kind.STUNTING)
        DecreeFactory(pokja=pokja, working_group=group, status=Status.DIAJUKAN)
        WorkPlanFactory(pokja=pokja, working_group=group, year=2026, status=Status.DIAJUKAN)
        IndicatorDocumentFactory(pokja=pokja, working_group=group, status=Status.DIAJUKAN)
        BudgetAllocationFactory(pokja=pokja, working_group=group, status=Status.DIAJUKAN)


# The user, the count and the rows: a page only reads, without a transaction's savepoints.
QUERY_BOUND = 3
# An export opens a transaction (it may queue a job for the worker): its savepoint and release.
EXPORT_QUERY_BOUND = QUERY_BOUND + 2


def query_bound(name: str, export: bool = False) -> int:
    """The queue reads at most one query more per registered verifiable model on the page,
    whatever the number of rows, and the names of its kab/kota (its summary stands for the
    count)."""
    bound = EXPORT_QUERY_BOUND if export else QUERY_BOUND
    if name == "verification_queue":
        return bound + 1 + len(registry.queue)
    return bound


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("name", ALL_PAGES)
def test_query_count_does_not_grow_with_rows(
    client_for, staf_kalsel, pokjas, django_assert_max_num_queries, name, count
):
    make_rows(pokjas, count)
    client = client_for(staf_kalsel)

    with django_assert_max_num_queries(query_bound(name)):
        response = client.get(list_url(name, tahun=2026))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ALL_PAGES)
def test_export_query_count_does_not_grow_with_rows(
    client_for, staf_kalsel, pokjas, django_assert_max_num_queries, name
):
    make_rows(pokjas, 30)
    client = client_for(staf_kalsel)

    with django_assert_max_num_queries(query_bound(name, export=True)):
        response = client.get(list_url(name, tahun=2026, _export="xlsx"))

    assert response.status_code == 200


def test_decree_model_is_listed_newest_first_by_default(client_for, staf_kalsel, pokjas):
    DecreeFactory(pokja=pokjas["63.71"], number="old", valid_from=date(2020, 1, 1))
    DecreeFactory(pokja=pokjas["63.71"], number="new", valid_from=date(2024, 1, 1))

    response = client_for(staf_kalsel).get(list_url("decree_list"))

    assert numbers(response) == ["new", "old"]


def test_coordinator_queue_holds_its_villages_submissions_not_its_own(
    client_for, koord_6371, submitted, banjarmasin
):
    from tests.kampungkb_factories import ProfileFactory, village

    profile = ProfileFactory(kampung__region=village(banjarmasin), status=Status.DIAJUKAN)

    response = client_for(koord_6371).get(list_url("verification_queue"))

    # The kab/kota's own SK, plan, document and budget wait for the province, not for it.
    assert queue_urls(response) == [profile.get_absolute_url()]
    kinds = dict(response.context["filter"].form.fields["kind"].choices)
    assert "profile" in kinds and "decree" not in kinds
