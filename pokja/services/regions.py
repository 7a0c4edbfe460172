"""Loading the official Kemendagri regions shipped with the project (idn-area-data 4.0.1, ODbL)."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from pokja.kernel import pagecache
from pokja.models import Region

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "wilayah"
BATCH_SIZE = 5000


@dataclass(frozen=True)
class LoadResult:
    level_counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.level_counts.values())


def _rows(filename: str) -> Iterator[list[str]]:
    with gzip.open(DATA_DIR / filename, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)  # header
        yield from reader


def _kabupaten_or_kota(code: str) -> str:
    # Kemendagri: kab/kota digits 01-69 are kabupaten, 71-99 are kota.
    return Region.Level.KOTA if int(code.split(".")[1]) >= 71 else Region.Level.KABUPATEN


def _desa_or_kelurahan(code: str) -> str:
    # The village number starts with 1 for a kelurahan and 2 (rarely 3) for a desa.
    return Region.Level.KELURAHAN if code.split(".")[3].startswith("1") else Region.Level.DESA


def _regions(include_villages: bool) -> Iterator[Region]:
    """Regions in parent-before-child order, so each batch's parents already exist."""
    for code, name in _rows("provinces.csv.gz"):
        yield Region(code=code, name=name, level=Region.Level.PROVINSI, parent_id=None)
    for code, parent, name in _rows("regencies.csv.gz"):
        yield Region(code=code, name=name, level=_kabupaten_or_kota(code), parent_id=parent)
    if not include_villages:
        return
    for code, parent, name in _rows("districts.csv.gz"):
        yield Region(code=code, name=name, level=Region.Level.KECAMATAN, parent_id=parent)
    for code, parent, name in _rows("villages.csv.gz"):
        yield Region(code=code, name=name, level=_desa_or_kelurahan(code), parent_id=parent)


def load_regions(
    *, include_villages: bool = False, village_prefixes: tuple[str, ...] = ()
) -> LoadResult:
    """Insert or update the shipped regions. Idempotent: a rerun updates names, adds nothing twice.

    Provinces and kabupaten/kota always; kecamatan and desa/kelurahan when asked (only those
    whose code starts with one of `village_prefixes`, when given: the demo needs two provinces'
    villages, not the country's). Bulk upserts in batches keep the 83,762 villages to a few
    dozen statements.
    """
    counts: dict[str, int] = {}
    batch: list[Region] = []
    with transaction.atomic():
        for region in _regions(include_villages):
            outside = not region.code.startswith(tuple(f"{p}." for p in village_prefixes))
            if village_prefixes and region.code.count(".") > 1 and outside:
                continue
            batch.append(region)
            counts[region.level] = counts.get(region.level, 0) + 1
            if len(batch) >= BATCH_SIZE:
                _upsert(batch)
                batch = []
        _upsert(batch)
    return LoadResult(level_counts=counts)


def _upsert(batch: list[Region]) -> None:
    if batch:
        Region.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent"],
        )
        pagecache.bump()  # bulk writes send no signals
