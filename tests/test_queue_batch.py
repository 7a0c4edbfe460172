"""The verification queue as a verifier reads it on a Monday (issue #24): a summary by kind and
kab/kota, the rows grouped with what is overdue first and the days each has waited, and several
records of one kind verified together, each through the workflow with its own history entry."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from pokja.models import BudgetAllocation, Decree, VerifiableRecord, WorkingGroup
from pokja.queue import item_value
from tests.factories import (
    BudgetAllocationFactory,
    DecreeFactory,
    PokjaFactory,
    WorkingGroupFactory,
)
from tests.kampungkb_factories import ProfileFactory, village

Status = VerifiableRecord.Status
QUEUE = reverse("pokja:verification_queue")
BATCH = reverse("pokja:verification_batch")


def waited(record, days):
    """The record as if submitted `days` days ago."""
    type(record).objects.filter(pk=record.pk).update(
        updated_at=timezone.now() - timedelta(days=days)
    )
    record.refresh_from_db()
    return record


@pytest.fixture
def waiting(kalsel, banjarmasin, banjarbaru, makassar):
    """In Kalsel: two SKs of Kota Banjarmasin (one ten days old), one SK of Kota Banjarbaru,
    a budget of Banjarmasin (three days old) and a Kampung KB profile of a Banjarmasin
    village. In Sulsel: an SK of Makassar."""
    pokja_6371 = PokjaFactory(region=banjarmasin)
    return {
        "old_sk": waited(DecreeFactory(pokja=pokja_6371, status=Status.DIAJUKAN), 10),
        "new_sk": DecreeFactory(pokja=pokja_6371, status=Status.DIAJUKAN),
        "sk_6372": waited(
            DecreeFactory(pokja=PokjaFactory(region=banjarbaru), status=Status.DIAJUKAN), 1
        ),
        "budget": waited(BudgetAllocationFactory(pokja=pokja_6371, status=Status.DIAJUKAN), 3),
        "profile": ProfileFactory(kampung__region=village(banjarmasin), status=Status.DIAJUKAN),
        "sk_7371": DecreeFactory(pokja=PokjaFactory(region=makassar), status=Status.DIAJUKAN),
    }


def summary_of(response):
    return [
        (kind.kind, [(g.name, g.count, g.overdue) for g in kind.groups])
        for kind in response.context["summary"]
    ]


def headings(response):
    rows = response.context["table"].paginated_rows
    return [
        f"{row.record['group'].kind} · {row.record['group'].name}"
        for row in rows
        if row.record["group_starts"]
    ]


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- what the verifier reads ----------------------------------------------------------------


def test_summary_counts_each_kind_per_kabkota_with_what_is_overdue(
    client_for, staf_kalsel, waiting
):
    response = client_for(staf_kalsel).get(QUEUE)

    # The kind and the kab/kota that waited longest first; a village's profile under its kab/kota.
    assert summary_of(response) == [
        ("SK", [("Kota Banjarmasin", 2, 1), ("Kota Banjarbaru", 1, 0)]),
        ("Alokasi anggaran", [("Kota Banjarmasin", 1, 0)]),
        ("Profil Kampung KB", [("Kota Banjarmasin", 1, 0)]),
    ]
    summary = response.content.decode().split('id="queue-summary"')[1].split("</section>")[0]
    assert "3 menunggu" in summary and "1 terlambat" in summary  # the SKs
    assert "?kind=decree&amp;region=63.71" in summary  # a group is one click away


def test_rows_are_grouped_overdue_first_with_the_days_waited(client_for, staf_kalsel, waiting):
    response = client_for(staf_kalsel).get(QUEUE)

    assert headings(response) == [
        "SK · Kota Banjarmasin",
        "SK · Kota Banjarbaru",
        "Alokasi anggaran · Kota Banjarmasin",
        "Profil Kampung KB · Kota Banjarmasin",
    ]
    first = response.context["table"].paginated_rows[0].record
    assert (first["url"], first["waiting_days"], first["overdue"]) == (
        waiting["old_sk"].get_absolute_url(),
        10,
        True,
    )
    content = response.content.decode()
    assert "10 hari" in content and "terlambat" in content
    assert "SK · Kota Banjarmasin" in content


def test_eight_days_is_overdue_seven_is_not(client_for, staf_kalsel, banjarmasin):
    # REMINDER_VERIFICATION_DAYS = 7 (the test settings): the threshold "Perlu tindakan" uses.
    pokja = PokjaFactory(region=banjarmasin)
    seven = waited(DecreeFactory(pokja=pokja, status=Status.DIAJUKAN), 7)
    eight = waited(DecreeFactory(pokja=pokja, status=Status.DIAJUKAN), 8)

    rows = client_for(staf_kalsel).get(QUEUE).context["table"].paginated_rows

    assert [(r.record["url"], r.record["overdue"]) for r in rows] == [
        (eight.get_absolute_url(), True),
        (seven.get_absolute_url(), False),
    ]


def test_the_working_group_is_named_under_its_record_not_in_a_column(
    client_for, staf_kalsel, banjarmasin
):
    pokja = PokjaFactory(region=banjarmasin)
    group = WorkingGroupFactory(pokja=pokja, kind=WorkingGroup.Kind.STUNTING, name="TPPS Kota")
    DecreeFactory(pokja=pokja, working_group=group, status=Status.DIAJUKAN)
    DecreeFactory(pokja=pokja, status=Status.DIAJUKAN)

    content = client_for(staf_kalsel).get(QUEUE).content.decode()

    assert "Kelompok kerja" not in content
    assert content.count("TPPS Kota") == 1


def test_the_kind_filter_narrows_the_summary_too(client_for, staf_kalsel, waiting):
    response = client_for(staf_kalsel).get(QUEUE, {"kind": "budgetallocation"})

    assert summary_of(response) == [("Alokasi anggaran", [("Kota Banjarmasin", 1, 0)])]


def test_the_export_holds_the_days_waited(client_for, staf_kalsel, waiting):
    response = client_for(staf_kalsel).get(QUEUE, {"_export": "xlsx", "kind": "decree"})

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    header = list(rows[0])
    assert "Pilih" not in header
    days = [row[header.index("Menunggu")] for row in rows[1:]]
    assert days == [10, 0, 1]  # Banjarmasin's group (its oldest waited longest), Banjarbaru's


def test_only_a_verifier_gets_the_checkboxes(client_for, staf_kalsel, pusat, waiting):
    staff = client_for(staf_kalsel).get(QUEUE).content.decode()
    national = client_for(pusat).get(QUEUE).content.decode()

    assert f'value="{item_value(waiting["old_sk"])}"' in staff and 'id="batch-verify"' in staff
    assert 'name="item"' not in national and 'id="batch-verify"' not in national


# --- verifying several at once --------------------------------------------------------------


def post_batch(client, *records, note="", **extra):
    return client.post(
        BATCH, {"item": [item_value(r) for r in records], "note": note, **extra}, follow=True
    )


def latest_history(record):
    return record.history.order_by("-history_date", "-pk").first()


def test_staff_verify_a_batch_each_with_its_own_history(client_for, staf_kalsel, waiting):
    chosen = [waiting["old_sk"], waiting["new_sk"], waiting["sk_6372"]]

    response = post_batch(client_for(staf_kalsel), *chosen, note="Dicek di rapat bulanan")

    assert response.redirect_chain[-1][0] == QUEUE
    assert said(response) == ["3 data diverifikasi."]
    for record in chosen:
        record.refresh_from_db()
        entry = latest_history(record)
        assert (record.status, record.verified_by, record.version) == (
            Status.TERVERIFIKASI,
            staf_kalsel,
            2,
        )
        assert (entry.history_user, entry.history_change_reason) == (
            staf_kalsel,
            "Diverifikasi bersama 3 data yang dipilih: Dicek di rapat bulanan",
        )
    assert Decree.objects.get(pk=waiting["sk_7371"].pk).status == Status.DIAJUKAN


def test_a_record_changed_meanwhile_is_left_and_the_others_are_verified(
    client_for, staf_kalsel, waiting
):
    client = client_for(staf_kalsel)
    seen = [waiting["old_sk"], waiting["new_sk"]]  # the versions the queue showed
    Decree.objects.filter(pk=waiting["new_sk"].pk).update(version=F("version") + 1)

    response = post_batch(client, *seen)

    assert Decree.objects.get(pk=waiting["old_sk"].pk).status == Status.TERVERIFIKASI
    changed = Decree.objects.get(pk=waiting["new_sk"].pk)
    assert changed.status == Status.DIAJUKAN and changed.verified_by is None
    assert said(response) == [
        "1 data diverifikasi.",
        f"“{changed}” tidak diverifikasi: data ini berubah setelah Anda membuka antrean "
        "(sekarang diajukan). Buka dan periksa lagi.",
    ]


def test_a_record_verified_meanwhile_is_named_not_verified_twice(client_for, staf_kalsel, waiting):
    record = waiting["old_sk"]
    Decree.objects.filter(pk=record.pk).update(status=Status.TERVERIFIKASI)

    response = post_batch(client_for(staf_kalsel), record)

    assert latest_history(record).history_change_reason != "Diverifikasi"
    assert said(response) == [
        f"“{record}” tidak diverifikasi: data ini berubah setelah Anda membuka antrean "
        "(sekarang terverifikasi). Buka dan periksa lagi."
    ]


def test_records_of_two_kinds_are_refused_together(client_for, staf_kalsel, waiting):
    response = post_batch(client_for(staf_kalsel), waiting["old_sk"], waiting["budget"])

    assert said(response) == [
        "Pilih data dari satu jenis saja: setiap jenis diperiksa dengan aturannya sendiri."
    ]
    assert Decree.objects.get(pk=waiting["old_sk"].pk).status == Status.DIAJUKAN
    assert BudgetAllocation.objects.get(pk=waiting["budget"].pk).status == Status.DIAJUKAN


def test_staff_of_another_province_get_404_and_nothing_changes(client_for, staf_sulsel, waiting):
    response = client_for(staf_sulsel).post(BATCH, {"item": [item_value(waiting["old_sk"])]})

    assert response.status_code == 404
    assert Decree.objects.get(pk=waiting["old_sk"].pk).status == Status.DIAJUKAN


def test_a_coordinator_may_not_verify_its_own_kabkota_records(client_for, koord_6371, waiting):
    # Policy: it sees them (its own kab/kota), but they wait for the province: 403.
    response = client_for(koord_6371).post(BATCH, {"item": [item_value(waiting["old_sk"])]})

    assert response.status_code == 403
    assert Decree.objects.get(pk=waiting["old_sk"].pk).status == Status.DIAJUKAN


def test_a_coordinator_verifies_its_villages_profiles_together(client_for, koord_6371, waiting):
    profile = waiting["profile"]

    response = post_batch(client_for(koord_6371), profile)

    profile.refresh_from_db()
    assert profile.status == Status.TERVERIFIKASI and said(response) == ["1 data diverifikasi."]


def test_the_national_reader_may_not_verify(client_for, pusat, waiting):
    response = client_for(pusat).post(BATCH, {"item": [item_value(waiting["old_sk"])]})

    assert response.status_code == 403
    assert Decree.objects.get(pk=waiting["old_sk"].pk).status == Status.DIAJUKAN
