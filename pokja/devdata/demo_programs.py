"""The demo GDPK documents and advocacy activities (see pokja.devdata.records).

The GDPK documents are the published ones (DOMAIN.md, "GDPK and Advokasi"): their regions,
periods and, where published, legal form, adoption date and pillars. What the sources do not say
is filled in the plainest way and said here: Kalimantan Selatan's Perda and Balangan's GDPK are
given the full five pillars (the form Perpres 153/2014 designs), and the GDPK of Banjarmasin and
Balangan, whose legal form was not found, are recorded without one. The records are demo rows
(`is_demo`, a "DATA DEMO" PDF) like every other demo record.

The advocacy activities are generated (demo), each with its result and follow-up; they never
contradict a published fact (the Kalimantan Selatan DPRD is approached about the Raperda GDPK
before the Perda passed on 12 November 2025).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pokja.devdata.demo_scenarios import D, S, V
from pokja.models import AdvocacyActivity, GdpkDocument

PROGRAM_MODELS = (GdpkDocument, AdvocacyActivity)
Form = GdpkDocument.LegalForm
Target = AdvocacyActivity.Target


@dataclass(frozen=True)
class PublishedGdpk:
    region: str
    title: str
    year_start: int
    year_end: int
    legal_form: str
    adopted_on: date | None = None


PUBLISHED_GDPK = (
    PublishedGdpk(
        "63",
        "Peraturan Daerah Provinsi Kalimantan Selatan tentang Grand Design Pembangunan "
        "Kependudukan Tahun 2025–2045",
        2025,
        2045,
        Form.PERDA,
        date(2025, 11, 12),
    ),
    PublishedGdpk(
        "63.71",
        "Grand Design Pembangunan Kependudukan (GDPK) 5 Pilar Kota Banjarmasin Tahun 2022–2042",
        2022,
        2042,
        Form.NONE,
    ),
    PublishedGdpk(
        "63.11",
        "Grand Design Pembangunan Kependudukan Kabupaten Balangan Tahun 2022–2035",
        2022,
        2035,
        Form.NONE,
    ),
)


@dataclass(frozen=True)
class DemoAdvocacy:
    region: str
    status: str
    # A fixed date, or (month, day) of the current year (never after today).
    held_on: date | tuple[int, int]
    target: str
    topic: str
    result: str
    follow_up: str


DEMO_ADVOCACY = (
    DemoAdvocacy(
        "63",
        V,
        date(2025, 9, 16),
        Target.DPRD,
        "Percepatan pembahasan Raperda GDPK Provinsi Kalimantan Selatan 2025–2045",
        "Bapemperda DPRD Provinsi sepakat membahas Raperda GDPK pada masa sidang berikutnya.",
        "Pokja menyerahkan naskah akademik dan proyeksi penduduk 2025–2045 kepada Bapemperda "
        "dalam dua minggu.",
    ),
    DemoAdvocacy(
        "63",
        S,
        (3, 11),
        Target.KEPALA_OPD,
        "Penjabaran Perda GDPK 2025–2045 ke dalam RKPD dan Renstra perangkat daerah",
        "Kepala Bappeda setuju indikator kependudukan GDPK dimuat dalam rancangan RKPD tahun "
        "depan.",
        "Pokja GDPK menyusun daftar indikator bersama Bappeda paling lambat akhir triwulan II.",
    ),
    DemoAdvocacy(
        "63.71",
        V,
        (2, 20),
        Target.TOKOH_AGAMA,
        "Pencegahan perkawinan anak melalui khotbah dan bimbingan perkawinan",
        "Forum ulama kota bersedia menyampaikan usia ideal menikah dalam khotbah Jumat dan "
        "bimbingan perkawinan.",
        "DPPKBPM mengirim bahan khotbah dan jadwal bimbingan perkawinan ke KUA se-Kota "
        "Banjarmasin.",
    ),
    DemoAdvocacy(
        "63.71",
        D,
        (5, 8),
        Target.KEPALA_DAERAH,
        "Dana operasional Kampung KB dalam APBD Perubahan",
        "Wali Kota meminta usulan kebutuhan yang dirinci per kelurahan.",
        "Pokja Kampung KB menghimpun rencana kerja masyarakat (RKM) setiap Kampung KB sebagai "
        "dasar usulan.",
    ),
    DemoAdvocacy(
        "73",
        V,
        (4, 15),
        Target.DPRD,
        "Anggaran pendampingan keluarga berisiko stunting",
        "Komisi E DPRD Provinsi mendukung tambahan anggaran untuk Tim Pendamping Keluarga.",
        "Pokja menyampaikan data keluarga berisiko stunting per kabupaten/kota untuk rapat "
        "badan anggaran.",
    ),
    DemoAdvocacy(
        "73.71",
        V,
        (6, 3),
        Target.TOKOH_MASYARAKAT,
        "Peran ketua RT/RW dalam pendataan keluarga",
        "Ketua RT/RW di tiga kecamatan bersedia mendampingi kader saat pendataan keluarga.",
        "Pelatihan singkat bagi kader dan ketua RT/RW dijadwalkan bulan berikutnya.",
    ),
)
