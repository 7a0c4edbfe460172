"""Kampung KB from Excel: all or nothing, every problem with its row and column."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from kampungkb import excel
from kampungkb.models import KampungKB, Profile
from kampungkb.record_types import PROFILES as PROFILES_TYPE
from tests.kampungkb_factories import KampungKBFactory, ProfileFactory, village


def workbook(headers, rows) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "kampung.xlsx"
    return buffer


REGISTRY_HEADERS = [h for h, _f, _k in excel.REGISTRY_COLUMNS]
PROFILE_HEADERS = [h for h, _f, _k in excel.PROFILE_COLUMNS]


def registry_row(code, name="Kampung KB Uji", launched="01/02/2023", coverage="desa"):
    return [code, name, launched, coverage, "low_kb,poor", "", None, None, "tidak", "ya"]


def upload(client, kind, file, status="draf"):
    return client.post(
        f"/kampung-kb/wilayah/63.71/excel/{kind}/", {"berkas": file, "status": status}
    )


def test_good_registry_file_creates_and_updates(client_for, koord_6371, banjarmasin):
    one, two = village(banjarmasin, 1), village(banjarmasin, 2)
    existing = KampungKBFactory(region=one, name="Lama")
    file = workbook(REGISTRY_HEADERS, [registry_row(one.code, "Baru"), registry_row(two.code)])
    response = upload(client_for(koord_6371), "registri", file)
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.name == "Baru" and existing.is_model_province
    assert KampungKB.objects.get(region=two).selection_criteria == ["low_kb", "poor"]
    assert existing.history.count() == 2  # the update is in its history


def test_a_bad_row_saves_nothing_and_names_row_and_column(
    client_for, koord_6371, banjarmasin, banjarbaru
):
    one = village(banjarmasin, 1)
    outside = village(banjarbaru, 1)
    file = workbook(
        REGISTRY_HEADERS,
        [
            registry_row(one.code),
            registry_row(outside.code),
            registry_row(one.code, launched="31/31/2023", coverage="kota"),
        ],
    )
    response = upload(client_for(koord_6371), "registri", file)
    assert response.status_code == 200
    errors = response.context["result"].errors
    where = {(e.row, e.column.split(" ")[0]) for e in errors}
    assert (3, "A") in where  # a village of another kab/kota
    assert (4, "A") in where  # the same village twice
    assert (4, "C") in where  # an impossible date
    assert (4, "D") in where  # an unknown coverage
    assert not KampungKB.objects.exists()


def test_profile_figures_that_do_not_add_up_are_refused(client_for, koord_6371, banjarmasin):
    kampung = KampungKBFactory(region=village(banjarmasin, 1))
    row = {h: 0 for h in PROFILE_HEADERS}
    row.update(kode_desa=kampung.region_id, bulan="03/2025", pus=10, kb_pill=20)
    response = upload(
        client_for(koord_6371), "profil", workbook(PROFILE_HEADERS, [list(row.values())])
    )
    errors = response.context["result"].errors
    assert any("pus" in e.column and e.row == 2 for e in errors)
    assert not Profile.objects.exists()


def test_coordinator_uploads_verified_profile_figures(client_for, koord_6371, banjarmasin):
    kampung = KampungKBFactory(region=village(banjarmasin, 1))
    row = {h: 0 for h in PROFILE_HEADERS}
    row.update(kode_desa=kampung.region_id, bulan="03/2025", pus=100, kb_pill=40)
    response = upload(
        client_for(koord_6371),
        "profil",
        workbook(PROFILE_HEADERS, [list(row.values())]),
        status="terverifikasi",
    )
    assert response.status_code == 302
    profile = Profile.objects.get()
    assert profile.period == datetime.date(2025, 3, 1)
    assert profile.status == "terverifikasi" and profile.verified_by.username == "koord-6371"


def test_not_a_workbook_is_refused_in_words(client_for, koord_6371, banjarmasin):
    file = BytesIO(b"%PDF-1.4 not excel")
    file.name = "x.xlsx"
    response = upload(client_for(koord_6371), "registri", file)
    assert response.context["result"].errors[0].row is None


def test_template_lists_the_registered_kampung(client_for, koord_6371, banjarmasin):
    kampung = KampungKBFactory(region=village(banjarmasin, 1))
    response = client_for(koord_6371).get("/kampung-kb/wilayah/63.71/excel/registri/templat/")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == REGISTRY_HEADERS
    assert sheet["A2"].value == kampung.region_id


def test_operator_and_other_coordinators_get_404(client_for, koord_6372, pusat, banjarmasin):
    for user in (koord_6372, pusat):
        assert client_for(user).get("/kampung-kb/wilayah/63.71/excel/registri/").status_code == 404


def profile_file(kampung, **figures):
    row = {h: 0 for h in PROFILE_HEADERS}
    row.update(kode_desa=kampung.region_id, bulan="03/2025", pus=100, kb_pill=40, **figures)
    return workbook(PROFILE_HEADERS, [list(row.values())])


def test_the_service_refuses_a_status_the_user_may_not_set(koord_6371, banjarmasin):
    kampung = KampungKBFactory(region=village(banjarmasin, 1))
    with pytest.raises(PermissionDenied):
        excel.import_workbook(
            kind=excel.PROFILES,
            user=koord_6371,
            kabkota=banjarmasin,
            fileobj=profile_file(kampung),
            status="ditolak",  # a verifier's answer, never chosen: the page does not offer it
        )
    assert not Profile.objects.exists()


def test_an_imported_verified_profile_reads_as_one_verified_on_its_page(
    client_for, koord_6371, banjarmasin
):
    client = client_for(koord_6371)
    by_hand = ProfileFactory(
        kampung=KampungKBFactory(region=village(banjarmasin, 2)), status="diajukan"
    )
    client.post(PROFILES_TYPE.url("status", by_hand), {"action": "verify"})
    kampung = KampungKBFactory(region=village(banjarmasin, 1))
    response = upload(client, "profil", profile_file(kampung), status="terverifikasi")
    assert response.status_code == 302
    imported = Profile.objects.get(kampung=kampung)
    by_hand.refresh_from_db()

    def verification(profile):
        last = profile.history.first()
        return (
            profile.status,
            profile.verified_by,
            profile.verified_at is not None,
            profile.rejection_reason,
            last.status,
            last.history_user,
            last.verified_by,
            last.rejection_reason,
        )

    assert verification(imported) == verification(by_hand)
    assert imported.history.first().history_change_reason == "Diimpor dari Excel"


def test_a_row_the_workflow_refuses_is_reported_and_nothing_saved(
    client_for, koord_6371, banjarmasin
):
    kampung = KampungKBFactory(region=village(banjarmasin, 1))
    # Last month named the Pokja's SK, whose file a new month needs before it is submitted.
    ProfileFactory(
        kampung=kampung,
        period=datetime.date(2025, 2, 1),
        pokja_formed=True,
        pokja_sk_signer="bupati",
    )
    good = KampungKBFactory(region=village(banjarmasin, 2))
    rows = [profile_file(good), profile_file(kampung)]
    sheets = [load_workbook(r).active for r in rows]
    file = workbook(PROFILE_HEADERS, [[c.value for c in s[2]] for s in sheets])
    response = upload(client_for(koord_6371), "profil", file, status="diajukan")
    assert response.status_code == 200
    assert [e.row for e in response.context["result"].errors] == [3]
    assert Profile.objects.count() == 1  # last month's only


def test_an_imported_registry_update_counts_one_version_and_says_why(
    client_for, koord_6371, banjarmasin
):
    existing = KampungKBFactory(region=village(banjarmasin, 1), name="Lama")
    version = existing.version
    file = workbook(REGISTRY_HEADERS, [registry_row(existing.region_id, "Baru")])
    assert upload(client_for(koord_6371), "registri", file).status_code == 302
    existing.refresh_from_db()
    assert existing.version == version + 1
    assert existing.history.first().history_change_reason == "Diimpor dari Excel"
