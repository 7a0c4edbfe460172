"""What is due for a village operator ("Perlu tindakan", their home page): this month's
profile with its deadline, drafts not submitted, returned records, each linked to its form;
the 'Daftar' menu holds only what they work with; returned records read as plain words."""

import datetime

import pytest
from django.utils import translation

from kampungkb.record_types import ACTIVITIES, PROFILES
from pokja.reminders.models import DueItem
from pokja.reminders.services import refresh
from tests.factories_stunting import SemesterReportFactory
from tests.kampungkb_factories import ActivityFactory, ProfileFactory

TODAY = datetime.date(2026, 12, 6)
DECEMBER = datetime.date(2026, 12, 1)


def items(user, kind=None):
    rows = DueItem.objects.filter(user=user)
    return list(rows.filter(kind=kind) if kind else rows)


def test_this_months_profile_is_due_by_the_15th_for_the_villages_operator(
    operator, other_operator, two_villages, koord_6371
):
    refresh(today=TODAY)
    [item] = items(operator, "kampungkb_profile_due")
    assert item.url == PROFILES.create_url(two_villages[0])
    assert item.due_on == datetime.date(2026, 12, 15)
    with translation.override("id"):
        what = item.what()
    assert what.startswith(f"Profil {two_villages[0].name} bulan Desember 2026: isi paling lambat")
    assert "15" in what and "2026" in what  # the date's style is the locale's
    # Each operator is told of their own village only; the coordinator is not told at all.
    [other] = items(other_operator, "kampungkb_profile_due")
    assert other.url == PROFILES.create_url(two_villages[1])
    assert items(koord_6371, "kampungkb_profile_due") == []


def test_after_the_deadline_it_says_the_profile_is_late(operator):
    refresh(today=datetime.date(2026, 12, 20))
    [item] = items(operator, "kampungkb_profile_due")
    with translation.override("id"):
        assert "terlambat" in item.what()


def test_entering_the_profile_replaces_the_due_item_by_a_draft_to_submit(operator, two_villages):
    refresh(today=TODAY)
    profile = ProfileFactory(kampung=two_villages[0], period=DECEMBER, status="draf")
    refresh(today=TODAY)
    assert items(operator, "kampungkb_profile_due") == []
    [draft] = items(operator, "kampungkb_draft")
    assert draft.url == PROFILES.url("edit", profile)
    assert draft.due_on == datetime.date(2026, 12, 15)
    with translation.override("id"):
        assert "masih draf: ajukan paling lambat" in draft.what()
    type(profile).objects.filter(pk=profile.pk).update(status="diajukan")
    refresh(today=TODAY)
    assert items(operator) == []


def test_a_draft_activity_is_due_too(operator, two_villages):
    ProfileFactory(kampung=two_villages[0], period=DECEMBER, status="diajukan")
    activity = ActivityFactory(kampung=two_villages[0], status="draf")
    refresh(today=TODAY)
    [draft] = items(operator, "kampungkb_draft")
    assert draft.url == ACTIVITIES.url("edit", activity)


def test_a_returned_profile_reaches_the_operator_in_plain_words_with_its_form(
    operator, two_villages, koord_6371
):
    ProfileFactory(kampung=two_villages[0], period=DECEMBER, status="diajukan")
    profile = ProfileFactory(
        kampung=two_villages[0],
        period=datetime.date(2026, 11, 1),
        status="ditolak",
        rejection_reason="Jumlah PUS tidak sesuai",
    )
    refresh(today=TODAY)
    [item] = items(operator, "rejected")
    assert item.url == PROFILES.url("edit", profile)
    with translation.override("id"):
        assert item.what() == (
            f"Profil Kampung KB {two_villages[0].region.name}, November 2026, ditolak: "
            "perbaiki dan kirim ulang"
        )
        assert item.why() == "Alasan pemeriksa: Jumlah PUS tidak sesuai."
    assert items(koord_6371, "rejected") == []  # the village's, not the kab/kota's


def test_the_coordinators_returned_tpps_report_reads_as_words(banjarmasin, koord_6371):
    report = SemesterReportFactory(
        region=banjarmasin, year=2026, semester=1, status="ditolak", rejection_reason="Belum ttd"
    )
    refresh(today=TODAY)
    [item] = items(koord_6371, "rejected")
    with translation.override("id"):
        assert item.what() == (
            "Laporan semester TPPS Kota Banjarmasin, semester 1 2026, ditolak: perbaiki dan "
            "kirim ulang"
        )
    assert "63.71" not in item.what() and "S1" not in item.what()
    assert item.url.endswith(f"/{report.pk}/ubah/")


def test_the_operators_home_leads_with_what_is_due(client_for, operator, two_villages):
    page = client_for(operator).get(f"/wilayah/{operator.region_id}/").content.decode()
    assert 'id="home-due"' in page
    assert str(PROFILES.create_url(two_villages[0])) in page


def test_a_coordinators_home_stays_the_dashboard(client_for, koord_6371, banjarmasin):
    page = client_for(koord_6371).get("/wilayah/63.71/").content.decode()
    assert 'id="home-due"' not in page


@pytest.mark.parametrize(("persona", "has_lists"), [("operator", False), ("koord_6371", True)])
def test_the_lists_menu_holds_only_what_the_user_works_with(
    request, client_for, two_villages, persona, has_lists
):
    user = request.getfixturevalue(persona)
    page = client_for(user).get(f"/wilayah/{user.region_id}/").content.decode()
    assert ('id="nav-lists"' in page) is has_lists
