"""The change history names a file by the name it was uploaded with, never by its storage path
(`evidence/63.71/semesterreport/6f1a8….pdf`), on every record's history."""

import datetime

from django.utils import translation

from kampungkb.record_types import PROFILES
from pokja.kernel.history import history_rows
from tests.factories import pdf_file
from tests.factories_stunting import SemesterReportFactory
from tests.kampungkb_factories import ProfileFactory


def all_changes(record):
    return [c for row in history_rows(record) for c in row["changes"]]


def test_a_replaced_document_shows_both_original_names_once(banjarmasin):
    report = SemesterReportFactory(region=banjarmasin, status="draf")
    assert report.document.name.startswith("evidence/63.71/")
    report.document = pdf_file("laporan-revisi.pdf")
    report.document_name = "laporan-revisi.pdf"
    report.save()
    changes = all_changes(report)
    files = [c for c in changes if c["old"] == "laporan.pdf"]
    assert [(c["old"], c["new"]) for c in files] == [("laporan.pdf", "laporan-revisi.pdf")]
    # The original-name field is not a second row, and no storage path shows anywhere.
    assert len([c for c in changes if "laporan" in str(c["new"])]) == 1
    assert not any("evidence/" in str(c["old"]) + str(c["new"]) for c in changes)


def test_a_file_without_a_kept_name_is_named_by_its_type(two_villages):
    profile = ProfileFactory(kampung=two_villages[0], period=datetime.date(2026, 11, 1))
    profile.has_rkm = True
    profile.rkm_document = pdf_file("rkm-mantuil.pdf")
    profile.save()
    label = type(profile)._meta.get_field("rkm_document").verbose_name
    with translation.override("id"):
        [change] = [c for c in all_changes(profile) if c["field"] == label]
    assert change["old"] == "–"
    assert change["new"] == "berkas PDF"


def test_the_history_on_the_page_shows_the_name_not_the_path(
    client_for, koord_6371, two_villages, banjarmasin
):
    profile = ProfileFactory(kampung=two_villages[0], period=datetime.date(2026, 11, 1))
    profile.has_rkm = True
    profile.rkm_document = pdf_file("rkm.pdf")
    profile.save()
    page = client_for(koord_6371).get(PROFILES.url("detail", profile)).content.decode()
    riwayat = page[page.index('id="riwayat"') :]
    assert "evidence/" not in riwayat
    assert "berkas PDF" in riwayat or "PDF file" in riwayat
