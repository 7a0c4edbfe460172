"""On a 390 px phone: the operator's home says this month's profile is due and leads to its
form; once the coordinator verifies the profile the Kampung KB page shows the new class at once
with the next class named; the coordinator's 'Perlu tindakan' reads as words."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from pokja.models import User
from tests.browser.helpers import log_in, second_user
from tests.factories import UserFactory
from tests.factories_stunting import SemesterReportFactory
from tests.kampungkb_factories import KampungKBFactory, ProfileFactory, village
from tests.test_kampungkb_classify import INPUT_PROCESS

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def kampung(banjarmasin):
    return KampungKBFactory(region=village(banjarmasin, 1), name="Kampung KB Mantuil")


@pytest.fixture
def operator(kampung):
    return UserFactory(
        username="operator-6371", role=User.Role.OPERATOR_KAMPUNG_KB, region=kampung.region
    )


def fits(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None and box["width"] > 200 and box["x"] + box["width"] <= PHONE["width"]


def test_the_operators_home_says_the_profile_is_due_and_opens_its_form(page, operator, kampung):
    page.set_viewport_size(PHONE)
    log_in(page, "operator-6371")
    page.goto("/")
    box = page.locator("#home-due")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Perlu tindakan")
    expect(box).to_contain_text("Profil Kampung KB Mantuil bulan")
    expect(box).to_contain_text("isi paling lambat")
    fits(page, "#home-due")
    box.get_by_role("link", name="Profil Kampung KB Mantuil").click()
    expect(page.locator("[name=period]")).to_be_visible()


def test_verifying_the_profile_moves_the_class_at_once_and_names_the_next(
    page, browser, live_server, operator, koord_6371, kampung, banjarmasin
):
    month = datetime.date.today().replace(day=1)
    profile = ProfileFactory(kampung=kampung, period=month, status="diajukan", **INPUT_PROCESS)
    SemesterReportFactory(
        region=banjarmasin, year=2026, semester=1, status="ditolak", rejection_reason="Belum ttd"
    )
    page.set_viewport_size(PHONE)
    log_in(page, "koord-6371")
    page.goto(profile.get_absolute_url())
    page.get_by_role("button", name="Verifikasi").first.click()
    expect(page.get_by_text("Terverifikasi").first).to_be_visible()

    page.goto(kampung.get_absolute_url())  # no recompute button pressed
    expect(page.locator("#kkb-class .card-header")).to_contain_text("Berkembang")
    expect(page.locator("#kkb-class")).to_contain_text(
        f"Dari profil terverifikasi bulan {_month_name(month)}"
    )
    expect(page.locator("#kkb-next-class")).to_have_text(
        "Naik ke Berkelanjutan bila Output terpenuhi."
    )
    expect(page.locator("#kkb-lift")).to_contain_text("Output belum terpenuhi")
    expect(page.locator("#kkb-lift")).to_contain_text("kurang")
    fits(page, "#kkb-lift")

    page.goto("/perlu-tindakan/")
    expect(page.locator("#due-items")).to_contain_text(
        "Laporan semester TPPS Kota Banjarmasin, semester 1 2026, ditolak: perbaiki dan kirim ulang"
    )
    fits(page, "#due-items")

    with second_user(browser, live_server, "operator-6371") as operator_page:
        operator_page.set_viewport_size(PHONE)
        operator_page.goto(kampung.get_absolute_url())
        expect(operator_page.locator("#kkb-next-class")).to_be_visible()


def _month_name(month: datetime.date) -> str:
    """A month as the Indonesian pages write it: "Desember 2026"."""
    with translation.override("id"):
        return date_format(month, "YEAR_MONTH_FORMAT")


@pytest.mark.parametrize("size", [PHONE, {"width": 1366, "height": 900}], ids=["390", "1366"])
def test_the_new_profile_form_names_the_entered_month_in_words(
    page, operator, kampung, size, tmp_path
):
    """#20: a month already entered is named as every page names a month ("Desember 2026"),
    before the first field, with the link to its profile; the field itself keeps mm/yyyy."""
    this_month = datetime.date.today().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    ProfileFactory(kampung=kampung, period=this_month)
    page.set_viewport_size(size)
    log_in(page, "operator-6371")
    page.goto(f"/kampung-kb/{kampung.pk}/profil/tambah/")
    notice = page.locator("#form-notice")
    expect(notice).to_be_visible()
    with translation.override("id"):
        words = date_format(this_month, "YEAR_MONTH_FORMAT")
        offered = date_format(last_month, "YEAR_MONTH_FORMAT")
    expect(notice).to_contain_text(f"Bulan {words} sudah memiliki profil (Draf)")
    expect(notice).to_contain_text(f"{offered} adalah bulan terakhir yang belum diisi")
    expect(notice.get_by_role("link", name="Lanjutkan profil itu")).to_be_visible()
    expect(page.locator("[name=period]")).to_have_value(f"{last_month:%m/%Y}")
    box = notice.bounding_box()
    assert box is not None and box["x"] + box["width"] <= size["width"]
    page.screenshot(path=tmp_path / f"profile-notice-{size['width']}.png")  # to look at
