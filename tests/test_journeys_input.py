"""Input that people actually type (#10): Rupiah written the Indonesian way, dates day first,
numbers without exponents, the current document's link, implausible achievements, the admin's
region picker."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from pokja.kernel.formfields import parse_rupiah
from pokja.models import BudgetAllocation, Decree, Region
from targets.models import Achievement
from targets.services.achievements import achievement_save
from tests.factories import (
    BudgetAllocationFactory,
    DecreeFactory,
    IndicatorFactory,
    KecamatanFactory,
    PokjaFactory,
    ProvinceTargetFactory,
    RateIndicatorFactory,
    RegionFactory,
)

YEAR = timezone.localdate().year
Status = BudgetAllocation.Status


@pytest.fixture
def pokja_6371(banjarmasin):
    return PokjaFactory(region=banjarmasin)


def budget_form(**overrides):
    data = {
        "year": YEAR,
        "source": BudgetAllocation.Source.APBD,
        "amount": "150000000",
        "is_operational": "on",
        "status": Status.DRAF,
    }
    return {**data, **overrides}


# --- Rupiah ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("75.000.000", 75_000_000),
        ("Rp 75.000.000", 75_000_000),
        ("Rp75.000.000", 75_000_000),
        ("75000000", 75_000_000),
        ("75.000.000,00", 75_000_000),
        ("75,000,000", 75_000_000),
        (" 1.500 ", 1_500),
        ("75.00", None),  # 75 or 7.500? refused rather than guessed
        ("75.000,50", None),  # whole Rupiah only
        ("7.5000", None),
        ("lima juta", None),
    ],
)
def test_rupiah_is_read_as_people_write_it(typed, amount):
    assert parse_rupiah(typed) == (None if amount is None else Decimal(amount))


@pytest.mark.parametrize("typed", ["75.000.000", "Rp 75.000.000", "75000000"])
def test_coordinator_saves_a_budget_written_with_separators(
    client_for, koord_6371, pokja_6371, typed
):
    url = reverse("pokja:budgetallocation_create", args=["63.71"])
    response = client_for(koord_6371).post(url, budget_form(amount=typed))

    assert response.status_code == 302, response.context["form"].errors
    assert BudgetAllocation.objects.get().amount == 75_000_000


def test_unreadable_amount_is_explained_in_indonesian(client_for, koord_6371, pokja_6371):
    url = reverse("pokja:budgetallocation_create", args=["63.71"])
    response = client_for(koord_6371).post(url, budget_form(amount="75.000,50"))

    assert "Masukkan jumlah dalam Rupiah" in " ".join(response.context["form"].errors["amount"])


def test_edit_form_shows_the_amount_with_thousands_separators(client_for, staf_kalsel, pokja_6371):
    budget = BudgetAllocationFactory(pokja=pokja_6371, amount=75_000_000)
    content = client_for(staf_kalsel).get(reverse("pokja:budgetallocation_edit", args=[budget.pk]))
    html = content.content.decode()

    assert 'value="75.000.000"' in html
    assert 'inputmode="numeric"' in html and "data-rupiah" in html


# --- Numbers and dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("-1E+2"), "-100"),
        (Decimal("1234.50"), "1.234,5"),
        (Decimal("4562"), "4.562"),
        (Decimal("0.333"), "0,33"),
        (None, "–"),
    ],
)
def test_numbers_are_shown_the_indonesian_way(value, shown):
    with translation.override("id"):
        rendered = Template("{% load portal %}{{ value|number }}").render(Context({"value": value}))
    assert rendered == shown


def test_decree_form_shows_and_reads_dates_day_first(client_for, staf_kalsel, pokja_6371):
    decree = DecreeFactory(pokja=pokja_6371, set_on=date(2024, 3, 14))
    client = client_for(staf_kalsel)
    html = client.get(reverse("pokja:decree_edit", args=[decree.pk])).content.decode()
    assert 'value="14/03/2024"' in html

    client.cookies["django_language"] = "en"  # an English interface reads them day first too
    data = {
        "number": decree.number,
        "set_on": "03/04/2024",
        "signer": decree.signer,
        "valid_from": "03/04/2024",
        "valid_until": "31/12/2028",
        "status": Decree.Status.DRAF,
    }
    response = client.post(reverse("pokja:decree_edit", args=[decree.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    decree.refresh_from_db()
    assert decree.set_on == date(2024, 4, 3)


# --- The current document ----------------------------------------------------------------------


def test_edit_form_links_once_to_the_download_view(client_for, staf_kalsel, pokja_6371):
    decree = DecreeFactory(pokja=pokja_6371, document_name="sk-pokja.pdf")
    html = client_for(staf_kalsel).get(reverse("pokja:decree_edit", args=[decree.pk]))
    html = html.content.decode()

    download = reverse("pokja:decree_document", args=[decree.pk])
    assert html.count(f'href="{download}"') == 1
    assert decree.document.name not in html  # the storage path is never linked


def test_a_file_chosen_before_an_error_is_kept_not_asked_again(client_for, staf_kalsel, pokja_6371):
    pdf = SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    data = {
        "number": "",  # missing: the form comes back
        "set_on": "14/03/2024",
        "signer": Decree.Signer.WALIKOTA,
        "valid_from": "14/03/2024",
        "status": Decree.Status.DRAF,
        "document": pdf,
    }
    html = client_for(staf_kalsel).post(reverse("pokja:decree_create", args=["63.71"]), data)
    html = html.content.decode()
    assert "Sudah diunggah:" in html and "sk.pdf" in html
    assert "Pilih berkasnya lagi" not in html


# --- Plausible achievements --------------------------------------------------------------------


def test_an_achievement_far_above_the_target_is_refused(staf_kalsel, kalsel, banjarmasin):
    indicator = IndicatorFactory()
    target = ProvinceTargetFactory(region=kalsel, indicator=indicator, year=YEAR, value=4562)
    target.shares.create(region=banjarmasin, value=4562)

    with translation.override("id"), pytest.raises(ValidationError) as error:
        achievement_save(
            region=banjarmasin,
            indicator=indicator,
            year=YEAR,
            period=11,
            value=Decimal("99999999999"),
            user=staf_kalsel,
        )
    assert "lebih dari 10 kali target 4.562" in error.value.messages[0]
    assert not Achievement.objects.exists()


def test_a_rate_above_100_percent_is_refused(staf_kalsel, banjarmasin):
    with translation.override("id"), pytest.raises(ValidationError) as error:
        achievement_save(
            region=banjarmasin,
            # A typed rate: stunting's achievement is computed from its prevalence figures.
            indicator=RateIndicatorFactory(code="unmet-need", name="Unmet need"),
            year=YEAR,
            period=0,
            value=Decimal("146"),
            user=staf_kalsel,
        )
    assert "paling banyak 100" in error.value.messages[0]


def test_a_plausible_achievement_is_saved(staf_kalsel, kalsel, banjarmasin):
    indicator = IndicatorFactory()
    target = ProvinceTargetFactory(region=kalsel, indicator=indicator, year=YEAR, value=4562)
    target.shares.create(region=banjarmasin, value=4562)
    achievement_save(
        region=banjarmasin,
        indicator=indicator,
        year=YEAR,
        period=11,
        value=Decimal("5100"),
        user=staf_kalsel,
    )
    assert Achievement.objects.get().value == 5100


# --- Admin: the region of an account ------------------------------------------------------------


def test_region_picker_offers_provinces_and_kabkota_only_by_level_and_name(client_for, admin):
    kalsel = RegionFactory(code="63", name="Kalimantan Selatan")
    banjar = RegionFactory(code="63.03", name="Kabupaten Banjar", level="kabupaten", parent=kalsel)
    RegionFactory(code="63.72", name="Kota Banjarbaru", level="kota", parent=kalsel)
    KecamatanFactory(code="63.03.01", name="Banjar Baru", parent=banjar)
    RegionFactory(code="33", name="Jawa Tengah Banjar")  # a province matching the term
    url = reverse("admin:autocomplete")
    params = {"app_label": "pokja", "model_name": "user", "field_name": "region"}

    results = client_for(admin).get(url, {**params, "term": "Banjar"}).json()["results"]
    assert [r["text"] for r in results] == [
        "33 Jawa Tengah Banjar",
        "63.03 Kabupaten Banjar",
        "63.72 Kota Banjarbaru",
    ]
    by_code = client_for(admin).get(url, {**params, "term": "63.7"}).json()["results"]
    assert [r["id"] for r in by_code] == ["63.72"]
    assert Region.objects.filter(level="kecamatan").exists()


def test_account_form_has_no_edit_icons_for_regions(client_for, admin):
    html = client_for(admin).get(reverse("admin:pokja_user_add")).content.decode()
    assert 'id="add_id_region"' not in html and 'id="change_id_region"' not in html


# --- The achievement period a person enters now -------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "year", "expected"),
    [
        ("monthly", 2026, 10),  # 23 November: October is the latest closed month
        ("quarterly", 2026, 103),
        ("yearly", 2026, 0),
        ("monthly", 2025, 12),
        ("monthly", 2027, 1),
    ],
)
def test_achievement_period_defaults_to_the_latest_closed_one(db, frequency, year, expected):
    from targets.services.achievements import default_period

    indicator = IndicatorFactory(code=f"x-{frequency}", frequency=frequency)
    assert default_period(indicator, year, today=date(2026, 11, 23)) == expected
