"""Public datasets (issue #21): the tables the no-login page shows and offers as CSV and JSON.

Each app declares its public tables here, through `registry.add_public_dataset(...)` in its
`ready()`, so the core's public page never imports the apps. A dataset is an **allow-list**: its
`fields` name every column it publishes (name, Indonesian label, description, type), and the
same declaration drives the HTML table, the CSV header, the JSON keys and the data dictionary.
`PublicDataset.rows` keeps only the declared fields of whatever its reader returns, so a field
added to a reader by mistake never reaches the public.

Every dataset has a `kode_wilayah` field: the page picks its rows by it, and a province that
switched its public page off is left out by it, in one place (`rows`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

# The licence of every public dataset (docs/features.md says why this one).
LICENCE_NAME = "Creative Commons Atribusi 4.0 Internasional (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.id"

TEXT, YEAR, NUMBER, DECIMAL, DATE, YES_NO, CODE, URL = (
    "teks",
    "tahun",
    "bilangan bulat",
    "bilangan desimal",
    "tanggal (ISO 8601)",
    "ya/tidak",
    "kode wilayah Kemendagri",
    "alamat web",
)
TYPES = (TEXT, YEAR, NUMBER, DECIMAL, DATE, YES_NO, CODE, URL)


@dataclass(frozen=True)
class PublicField:
    name: str  # the CSV column and JSON key, stable: never renamed once published
    label: str  # Indonesian, the HTML table's header
    description: str  # Indonesian, the data dictionary's explanation
    type: str  # one of TYPES
    # Shown in the page's table (the downloads always carry every field).
    on_page: bool = True

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown public field type {self.type!r}")


# reader(scope_code) -> rows (dicts) of the regions at and below `scope_code` ("" = the nation),
# verified figures only; every year.
Reader = Callable[[str], Iterable[dict]]


@dataclass(frozen=True)
class PublicDataset:
    slug: str  # the URL segment: /publik/data/<slug>.csv
    title: str
    description: str  # what it is, in plain Indonesian (the dictionary page and the index)
    source: str  # where the figures come from and how they are verified
    fields: tuple[PublicField, ...]
    reader: Reader
    # The page shows only the selected year's rows (a yearly judgement); otherwise every year
    # (a series, e.g. stunting prevalence by source).
    yearly: bool = False
    order: int = 100

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if "kode_wilayah" not in names or len(set(names)) != len(names):
            raise ValueError(f"{self.slug}: fields need kode_wilayah, each name once")
        if self.yearly and "tahun" not in names:
            raise ValueError(f"{self.slug}: a yearly dataset needs a tahun field")

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def rows(self, scope_code: str = "", hidden: frozenset[str] = frozenset()) -> list[dict]:
        """The allow-listed rows at and below `scope_code`, without the provinces in `hidden`
        (their public page is switched off) and their kab/kota."""
        names = self.field_names
        out = []
        for row in self.reader(scope_code):
            if row["kode_wilayah"].split(".")[0] in hidden:
                continue
            out.append({name: row.get(name) for name in names})
        return out


def json_value(value):
    """A value as the JSON download writes it: numbers stay numbers, dates ISO."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def csv_value(value):
    """A value as the CSV download writes it: yes/no in words, dates ISO, empty for none."""
    if value is None:
        return ""
    if value is True:
        return "ya"
    if value is False:
        return "tidak"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
