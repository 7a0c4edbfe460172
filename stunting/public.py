"""Stunting prevalence on the public page (issue #21): every verified figure, one row per
region, source and period, with the target it is judged against only where the portal judges
it (the same year, the source the target is measured by: `Target.judges`). A row never mixes
two sources, and a register figure (e-PPGBM) is never set against a survey target."""

from __future__ import annotations

from django.db.models import Q

from pokja.kernel.public_data import (
    CODE,
    DATE,
    DECIMAL,
    NUMBER,
    TEXT,
    URL,
    YEAR,
    YES_NO,
    PublicDataset,
    PublicField,
)
from pokja.kernel.scoping import region_scope_q
from pokja.kernel.verification import Status
from stunting.models import PrevalenceFigure
from stunting.selectors import targets_for

LEVELS = ("provinsi", "kabupaten", "kota")


def prevalence_rows(scope_code: str):
    where = Q(status=Status.TERVERIFIKASI, region__level__in=LEVELS)
    if scope_code:
        where &= region_scope_q("region__code", scope_code)
    figures = list(
        PrevalenceFigure.objects.filter(where)
        .select_related("region")
        .order_by("region_id", "source", "survey_name", "year", "month")
    )
    # Each region's own target once its province set it Final, else the national path.
    targets = targets_for(
        sorted({f.region_id for f in figures}), sorted({f.year for f in figures}), final_only=True
    )
    for figure in figures:
        target = targets.get((figure.region_id, figure.year))
        judged = target is not None and target.judges(figure)
        yield {
            "kode_wilayah": figure.region_id,
            "nama_wilayah": figure.region.name,
            "sumber": figure.series_label,
            "tahun": figure.year,
            "bulan": figure.month or None,
            "prevalensi_persen": figure.value,
            "target_persen": target.value if judged else None,
            "asal_target": ("wilayah" if target.origin == "region" else "nasional")
            if judged
            else None,
            "target_interpolasi": target.interpolated if judged else None,
            "publikasi": figure.publication_title,
            "tanggal_publikasi": figure.publication_date,
            "tautan_publikasi": figure.publication_url,
            "ilustrasi": figure.is_illustrative or (judged and target.illustrative),
        }


STUNTING_PREVALENCE = PublicDataset(
    slug="stunting-prevalensi",
    title="Prevalensi stunting per sumber",
    description=(
        "Prevalensi stunting balita (%) per provinsi dan kabupaten/kota, satu baris per sumber "
        "dan tahun (e-PPGBM: per bulan), dengan target tahun itu bila target diukur dengan "
        "sumber yang sama."
    ),
    source=(
        "Survei Kementerian Kesehatan (SSGI, SKI) dan register penimbangan posyandu (e-PPGBM), "
        "dimasukkan dan diverifikasi Perwakilan BKKBN Provinsi dengan judul publikasinya. Angka "
        "dari sumber berbeda tidak pernah digabung: e-PPGBM biasanya jauh lebih rendah dari "
        "survei. Target: target provinsi/kabupaten/kota yang sudah final, selain itu target "
        "nasional."
    ),
    fields=(
        PublicField("kode_wilayah", "Kode wilayah", "Kode wilayah Kemendagri.", CODE),
        PublicField("nama_wilayah", "Wilayah", "Nama provinsi atau kabupaten/kota.", TEXT),
        PublicField("sumber", "Sumber", "Sumber angka: SSGI, SKI, e-PPGBM atau survei lain.", TEXT),
        PublicField("tahun", "Tahun", "Tahun survei atau pencatatan.", YEAR),
        PublicField("bulan", "Bulan", "Bulan (1-12), hanya untuk e-PPGBM.", NUMBER),
        PublicField("prevalensi_persen", "Prevalensi (%)", "Prevalensi stunting.", DECIMAL),
        PublicField(
            "target_persen",
            "Target (%)",
            "Target tahun yang sama, hanya bila target diukur dengan sumber ini; selain itu "
            "kosong (angka tidak dinilai terhadap target).",
            DECIMAL,
        ),
        PublicField(
            "asal_target",
            "Asal target",
            '"wilayah": target provinsi atau kabupaten/kota sendiri (final); "nasional": '
            "target nasional.",
            TEXT,
        ),
        PublicField(
            "target_interpolasi",
            "Target diinterpolasi",
            "Target nasional tahun itu tidak dipublikasikan dan diisi di antara dua tahun yang "
            "dipublikasikan.",
            YES_NO,
            on_page=False,
        ),
        PublicField("publikasi", "Publikasi", "Judul publikasi sumber angka.", TEXT),
        PublicField("tanggal_publikasi", "Tanggal publikasi", "Tanggal publikasi.", DATE),
        PublicField(
            "tautan_publikasi", "Tautan publikasi", "Alamat publikasi.", URL, on_page=False
        ),
        PublicField(
            "ilustrasi", "Ilustrasi", "Angka contoh (data demo), bukan angka resmi.", YES_NO
        ),
    ),
    reader=prevalence_rows,
    order=30,
)
