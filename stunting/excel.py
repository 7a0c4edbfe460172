"""Prevalence figures in Excel: the template of a province (one source and year per workbook, a
row per region) and its all-or-nothing upload with an error per row, as in the targets workbook.

The header block names the source, the year and the publication; the rows below give each
region's value. Only surveys come this way: e-PPGBM is monthly and has its own register.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pokja.excel_guard import open_workbook
from pokja.kernel import policy, spreadsheets, workflow
from pokja.kernel.accounts import User
from pokja.kernel.regions import Region
from pokja.kernel.verification import Status
from pokja.kernel.years import validate_program_year
from stunting.models import PrevalenceFigure, Source

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Prevalensi"
# The header block: label in column A, value in column B.
META_ROWS = {"source": 1, "year": 2, "title": 3, "date": 4, "url": 5}
HEADER_ROW = 7
FIRST_DATA_ROW = 8
SOURCE_NAMES = {"SSGI": Source.SSGI, "SKI": Source.SKI}


def build_template(province: Region, source_label: str, year: int) -> bytes:
    """The header block and a row per region. The source label comes from the request, so every
    value goes through pokja.kernel.spreadsheets: text stays text whatever it starts with."""
    workbook = spreadsheets.new_workbook()
    sheet = workbook.active
    sheet.title = SHEET
    meta = [
        ("Sumber (SSGI, SKI atau nama survei lain)", source_label),
        ("Tahun", year),
        ("Judul publikasi", ""),
        ("Tanggal publikasi (dd/mm/yyyy)", ""),
        ("Tautan publikasi", ""),
    ]
    for row, (label, value) in enumerate(meta, start=1):
        spreadsheets.write(sheet, row, 1, label)
        spreadsheets.write(sheet, row, 2, value)
    for column, label in enumerate(
        ["Kode", "Wilayah", "Prevalensi stunting (%)", "Ukuran sampel"], start=1
    ):
        spreadsheets.write(sheet, HEADER_ROW, column, label)
    regions = [province, *Region.objects.kabupaten_kota().filter(parent=province).order_by("code")]
    for row, region in enumerate(regions, start=FIRST_DATA_ROW):
        spreadsheets.write(sheet, row, 1, region.code)
        spreadsheets.write(sheet, row, 2, region.name)
    sheet.column_dimensions["A"].width = 38
    sheet.column_dimensions["B"].width = 32
    sheet.column_dimensions["C"].width = 24
    return spreadsheets.save(workbook)


@dataclass
class RowError:
    row: int | None
    message: str
    region_code: str = ""


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    written: int = 0
    unchanged: int = 0
    source_label: str = ""
    year: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Meta:
    source: str = ""
    survey_name: str = ""
    year: int | None = None
    title: str = ""
    date: datetime.date | None = None
    url: str = ""


def import_figures(*, user: User, province: Region, fileobj: IO[bytes]) -> ImportResult:
    """Check every row of the uploaded workbook; write all of it (as verified figures, entered
    by the province's staff), or nothing."""
    if not policy.may_manage_province(user, province.code):
        raise PermissionDenied
    result = ImportResult()
    try:
        workbook = open_workbook(fileobj.read(), not_a_workbook=_not_a_workbook())
    except ValidationError as exc:
        result.errors.extend(RowError(None, message) for message in exc.messages)
        return result
    try:
        if SHEET not in workbook.sheetnames:
            result.errors.append(
                RowError(None, _("The workbook has no sheet named %(sheet)s.") % {"sheet": SHEET})
            )
            return result
        rows = list(workbook[SHEET].iter_rows(values_only=True, max_col=4))
    finally:
        workbook.close()
    meta = _read_meta(rows, result.errors)
    values = _read_rows(rows, province, result.errors)
    if result.errors:
        return result
    result.source_label = meta.survey_name or Source(meta.source).label
    result.year = meta.year
    try:
        with transaction.atomic():
            _write(meta, values, user, result)
            if result.errors:
                transaction.set_rollback(True)
                result.written = result.unchanged = 0
    except IntegrityError:
        result.errors.append(
            RowError(None, _("The figures were changed meanwhile by someone else: upload again."))
        )
        result.written = result.unchanged = 0
    return result


def _cell(rows, row: int, column: int = 2):
    try:
        return rows[row - 1][column - 1]
    except IndexError:
        return None


def _read_meta(rows, errors: list[RowError]) -> _Meta:
    meta = _Meta()
    source = str(_cell(rows, META_ROWS["source"]) or "").strip()
    if not source:
        errors.append(RowError(META_ROWS["source"], _("Name the source in cell B1.")))
    elif source.upper() in ("E-PPGBM", "EPPGBM"):
        errors.append(
            RowError(
                META_ROWS["source"],
                _("e-PPGBM figures are monthly and are not imported with this workbook."),
            )
        )
    elif source.upper() in SOURCE_NAMES:
        meta.source = SOURCE_NAMES[source.upper()]
    else:
        meta.source, meta.survey_name = Source.OTHER, source[:100]
    raw_year = _cell(rows, META_ROWS["year"])
    try:
        meta.year = int(raw_year)
        validate_program_year(meta.year)
    except (TypeError, ValueError):
        errors.append(RowError(META_ROWS["year"], _("Enter the year in cell B2, e.g. 2024.")))
    except ValidationError as exc:
        errors.extend(RowError(META_ROWS["year"], m) for m in exc.messages)
    meta.title = str(_cell(rows, META_ROWS["title"]) or "").strip()[:255]
    if not meta.title:
        errors.append(RowError(META_ROWS["title"], _("Name the publication in cell B3.")))
    raw_date = _cell(rows, META_ROWS["date"])
    if isinstance(raw_date, datetime.datetime):
        meta.date = raw_date.date()
    elif raw_date not in (None, ""):
        # The portal's date style first (dd/mm/yyyy); ISO from older templates still reads.
        try:
            meta.date = forms.DateField().clean(str(raw_date).strip())
        except ValidationError:
            errors.append(
                RowError(META_ROWS["date"], _("Write the publication date as dd/mm/yyyy."))
            )
    meta.url = str(_cell(rows, META_ROWS["url"]) or "").strip()[:500]
    return meta


def _read_rows(rows, province: Region, errors: list[RowError]) -> dict[str, tuple]:
    allowed = {
        province.code: province,
        **{r.code: r for r in Region.objects.kabupaten_kota().filter(parent=province)},
    }
    values: dict[str, tuple] = {}
    for number, row in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
        code, _name, raw_value, raw_sample = (list(row) + [None] * 4)[:4]
        code = str(code or "").strip()
        if not code and raw_value in (None, ""):
            continue
        if code not in allowed:
            errors.append(
                RowError(
                    number,
                    _("%(code)s is not %(province)s or one of its kab/kota.")
                    % {"code": code or "?", "province": province.name},
                    code,
                )
            )
            continue
        if code in values:
            errors.append(RowError(number, _("%(code)s appears twice.") % {"code": code}, code))
            continue
        if raw_value in (None, ""):
            continue  # no figure published for this region
        try:
            value = Decimal(str(raw_value).replace(",", ".").strip()).quantize(Decimal("0.01"))
        except InvalidOperation:
            errors.append(RowError(number, _("The prevalence is not a number."), code))
            continue
        if not Decimal(0) <= value <= Decimal(100):
            errors.append(RowError(number, _("A prevalence lies between 0 and 100%."), code))
            continue
        sample = None
        if raw_sample not in (None, ""):
            try:
                sample = int(raw_sample)
                if sample < 0 or sample != float(raw_sample):
                    raise ValueError
            except (TypeError, ValueError):
                errors.append(RowError(number, _("The sample size is not a whole number."), code))
                continue
        values[code] = (allowed[code], value, sample, number)
    if not values and not errors:
        errors.append(RowError(None, _("The workbook has no figures to import.")))
    return values


def _write(meta: _Meta, values: dict[str, tuple], user: User, result: ImportResult) -> None:
    existing = {
        f.region_id: f
        for f in PrevalenceFigure.objects.select_for_update().filter(
            region_id__in=list(values),
            source=meta.source,
            survey_name=meta.survey_name,
            year=meta.year,
            month=0,
        )
    }
    for code, (region, value, sample, number) in values.items():
        figure = existing.get(code)
        if figure and figure.value == value and figure.sample_size == sample and figure.is_verified:
            result.unchanged += 1
            continue
        figure = figure or PrevalenceFigure(
            region=region, source=meta.source, survey_name=meta.survey_name, year=meta.year
        )
        figure.value, figure.sample_size = value, sample
        figure.publication_title, figure.publication_date = meta.title, meta.date
        figure.publication_url = meta.url
        figure.status = Status.TERVERIFIKASI
        try:
            workflow.record_save(
                record=figure,
                user=user,
                expected_version=figure.version if figure.pk else None,
                reason=_("Imported from Excel"),
            )
        except ValidationError as exc:
            result.errors.extend(RowError(number, m, code) for m in exc.messages)
            continue
        except PermissionDenied:
            result.errors.append(RowError(number, _("You may not change this figure."), code))
            continue
        result.written += 1


def _not_a_workbook() -> str:
    return _("This file is not an Excel workbook (.xlsx): download the template and fill it in.")
