"""The words of the demo data: names, member pools, activities and indicator lines per province."""

from __future__ import annotations

from pokja.devdata.demo_scenarios import Category, Kind


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(","))


PROVINCE_FLAVOUR = {
    "63": {
        "first": _names(
            "Muhammad, Ahmad, Akhmad, Rahmadi, Syahrani, Fauzan, Gusti Rizky, Siti, Noor, "
            "Rusdiansyah, Mahlina, Jumiati, Fahrurrazi, Hairiyah, Norhalimah, Yusran, "
            "Abdul Haris, Salamiah, Ratna, Mardiana"
        ),
        "last": _names(
            "Rahman, Fauzi, Hidayat, Syarifuddin, Noor, Arsyad, Maulana, Riduan, Hairani, "
            "Aini, Zainuddin, Wahyuni, Setiawan, Fitriani, Hamdani, Rahmah, Anshari, "
            "Mahmudah"
        ),
        "universities": (
            "Universitas Lambung Mangkurat",
            "UIN Antasari Banjarmasin",
            "Universitas Islam Kalimantan Muhammad Arsyad Al Banjari",
        ),
        "media": ("Banjarmasin Post", "Radar Banjarmasin", "RRI Banjarmasin"),
        "sk_number": "188.{kind}/{n:03d}/KUM/{year}",
    },
    "73": {
        "first": _names(
            "Andi, Muhammad, Nurhayati, Syamsuddin, Hasniah, Abdul Rahman, Rosmini, "
            "Andi Baso, Sitti, Ilham, Haeruddin, Nurmiati, Irwan, Kasmawati, Ridwan, "
            "Hasnawati, Andi Nurul, Jumriani"
        ),
        "last": _names(
            "Amir, Yusuf, Mappiasse, Mustari, Nurdin, Rasyid, Latif, Tahir, Said, Hamzah, "
            "Rauf, Syarif, Bakri, Hasanuddin, Alimuddin, Mappaturung"
        ),
        "universities": (
            "Universitas Hasanuddin",
            "UIN Alauddin Makassar",
            "Universitas Negeri Makassar",
        ),
        "media": ("Tribun Timur", "Harian Fajar", "RRI Makassar"),
        "sk_number": "{n}/{roman}/{year}",
    },
}
DEGREES = ("", "", ", S.Sos.", ", S.E.", ", M.Si.", ", S.K.M., M.Kes.", ", S.Pd.", ", M.AP.")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

WORKING_GROUPS = (
    (Kind.ADVOKASI, "Pokja Advokasi"),
    (Kind.KAMPUNG_KB, "Pokja Kampung KB"),
    (Kind.GDPK, "Pokja GDPK"),
    (Kind.STUNTING, "Tim Percepatan Penurunan Stunting (TPPS)"),
)

# Members beyond the chair, vice chair and secretary: (institution, category, working group).
# "{r}" is the region's full name, "{univ}" and "{media}" come from the province's flavour.
MEMBER_POOL = (
    ("Dinas Kesehatan {r}", Category.OPD, Kind.STUNTING),
    ("Dinas Pemberdayaan Masyarakat dan Desa {r}", Category.OPD, Kind.KAMPUNG_KB),
    ("Dinas Kependudukan dan Pencatatan Sipil {r}", Category.OPD, Kind.GDPK),
    ("Dinas Pendidikan {r}", Category.OPD, None),
    ("Dinas Sosial {r}", Category.OPD, None),
    ("Dinas Komunikasi dan Informatika {r}", Category.OPD, Kind.ADVOKASI),
    ("Kantor Kementerian Agama {r}", Category.INSTANSI_VERTIKAL, Kind.ADVOKASI),
    ("Badan Pusat Statistik {r}", Category.INSTANSI_VERTIKAL, Kind.GDPK),
    ("Majelis Ulama Indonesia {r}", Category.ORGANISASI_KEAGAMAAN, Kind.ADVOKASI),
    ("Pimpinan Daerah Muhammadiyah {r}", Category.ORGANISASI_KEAGAMAAN, None),
    ("Pengurus Cabang Nahdlatul Ulama {r}", Category.ORGANISASI_KEAGAMAAN, Kind.KAMPUNG_KB),
    ("Ikatan Bidan Indonesia {r}", Category.ORGANISASI_KEMASYARAKATAN, Kind.STUNTING),
    ("Kamar Dagang dan Industri {r}", Category.SWASTA, None),
    ("{media}", Category.MEDIA, Kind.ADVOKASI),
)

ACTIVITIES = (
    ("Rapat koordinasi Pokja Bangga Kencana triwulanan", 1, 12, "Sekretaris Pokja"),
    ("Advokasi program Bangga Kencana kepada pimpinan daerah dan DPRD", 2, 4, "Pokja Advokasi"),
    ("Orientasi pengelola Kampung KB dan Rumah DataKu", 3, 5, "Pokja Kampung KB"),
    ("Pemutakhiran dokumen Grand Design Pembangunan Kependudukan", 4, 9, "Pokja GDPK"),
    ("Audit kasus stunting dan rembuk stunting", 5, 8, "TPPS"),
    ("Pelayanan KB serentak Bhakti Sosial TNI KB Kesehatan", 6, 6, "Dinas PPKB"),
    ("Monitoring dan evaluasi capaian Kampung KB", 9, 11, "Pokja Kampung KB"),
    ("Penyusunan laporan tahunan Pokja", 11, 12, "Sekretariat Pokja"),
)

# Indicator, target range, decimals, unit.
RPJMD_INDICATORS = (
    ("tfr", (2.10, 2.35), "anak per perempuan"),
    ("mcpr", (58.0, 66.0), "%"),
    ("unmet-need", (7.4, 10.5), "%"),
    ("stunting", (14.0, 19.0), "%"),
    ("ibangga", (58.0, 63.0), "indeks"),
)
RKPD_INDICATORS = (
    ("mcpr", (58.0, 66.0), "%"),
    ("unmet-need", (7.4, 10.5), "%"),
    ("pa-mkjp", (22.0, 29.0), "%"),
    ("stunting", (14.0, 21.0), "%"),
)
