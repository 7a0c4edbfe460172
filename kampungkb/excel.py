"""Kampung KB in Excel: a template per kab/kota and an all-or-nothing upload, for the registry
and for a month's profile figures. Every problem is reported with its row and column; when
there is any, nothing is written.

Registry rows create a Kampung KB for a village without one, or update the village's active
Kampung KB. Profile rows set the figures of a month: a new month's profile takes the
institutional answers (Pokja, Poktan present, routines ...) of the Kampung KB's latest profile,
an existing draft or rejected one is updated; a submitted or verified month is refused.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kampungkb import policy as kampungkb_policy
from kampungkb.models import KampungKB, Profile
from kampungkb.models.profiles import FAMILY_COUNTS, KB_METHODS, NOT_IN_KB, POKTAN
from pokja.excel_guard import open_workbook
from pokja.kernel import policy, spreadsheets, workflow
from pokja.kernel.regions import Region
from pokja.kernel.verification import Status

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_DATA_ROW = 2
MAX_ROWS = 5000  # the largest kab/kota has a few hundred villages
TRUE_TEXT = {"ya", "y", "yes", "1", "true", "benar"}
FALSE_TEXT = {"tidak", "t", "no", "0", "false", "salah", ""}
_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")

REGISTRY = "registri"
PROFILES = "profil"
KINDS = (REGISTRY, PROFILES)

# (header, model field, kind) in column order; the first column is always the village code.
REGISTRY_COLUMNS = [
    ("kode_desa", "region", "code"),
    ("nama", "name", "text"),
    ("tanggal_pencanangan", "launched_on", "date"),
    ("cakupan", "coverage", "choice"),
    ("kriteria", "selection_criteria", "list"),
    ("deskripsi", "description", "text"),
    ("lintang", "latitude", "decimal"),
    ("bujur", "longitude", "decimal"),
    ("model_kabkota", "is_model_kabupaten", "bool"),
    ("model_provinsi", "is_model_province", "bool"),
]
PROFILE_FIGURES = [
    "pokja_members",
    "pokja_members_trained",
    *(f"{p}_members" for p in POKTAN),
    *FAMILY_COUNTS,
    *(f"kb_{m}" for m in KB_METHODS),
    *(f"not_kb_{r}" for r in NOT_IN_KB),
]
PROFILE_COLUMNS = [
    ("kode_desa", "region", "code"),
    ("bulan", "period", "month"),
    *((name, name, "int") for name in PROFILE_FIGURES),
]
COLUMNS = {REGISTRY: REGISTRY_COLUMNS, PROFILES: PROFILE_COLUMNS}


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# --- the template ----------------------------------------------------------------------------


def build_template(kind: str, kabkota: Region) -> bytes:
    """The headers, then one row per active Kampung KB of the kab/kota (or per village for an
    empty registry, so offices only fill in the rest). Names and descriptions are written as
    text whatever they start with (pokja.kernel.spreadsheets)."""
    workbook = spreadsheets.new_workbook()
    sheet = workbook.active
    sheet.title = "Kampung KB"
    headers = [header for header, _field, _kind in COLUMNS[kind]]
    spreadsheets.append(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    kampung = KampungKB.objects.active().filter(region__code__startswith=f"{kabkota.code}.")
    if kind == REGISTRY:
        for k in kampung.order_by("region_id"):
            spreadsheets.append(
                sheet,
                [
                    k.region_id,
                    k.name,
                    k.launched_on,
                    k.coverage,
                    ",".join(k.selection_criteria),
                    k.description,
                    k.latitude,
                    k.longitude,
                    "ya" if k.is_model_kabupaten else "tidak",
                    "ya" if k.is_model_province else "tidak",
                ],
            )
    else:
        month = timezone.localdate().strftime("%m/%Y")
        for code in kampung.order_by("region_id").values_list("region_id", flat=True):
            spreadsheets.append(sheet, [code, month])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 2)
    guide = workbook.create_sheet("Petunjuk")
    for line in _guide(kind):
        spreadsheets.append(guide, [line])
    return spreadsheets.save(workbook)


def _guide(kind: str) -> list[str]:
    common = [
        _("Fill in one row per Kampung KB; keep the first row (the column names) as it is."),
        _("kode_desa: the Kemendagri code of the desa/kelurahan, e.g. 63.71.01.1001."),
        _("The whole file is checked first: if any row has a problem, nothing is saved."),
    ]
    if kind == REGISTRY:
        return [
            *common,
            _("tanggal_pencanangan: dd/mm/yyyy. cakupan: rw, dusun or desa."),
            _("kriteria: comma-separated, of low_kb, poor, remote, other."),
            _("model_kabkota, model_provinsi: ya or tidak."),
        ]
    return [
        *common,
        _("bulan: the month, mm/yyyy. Every figure is a whole number (0 when none)."),
        _("A month already submitted or verified cannot be overwritten from Excel."),
    ]


# --- the upload ------------------------------------------------------------------------------


def statuses_user_may_import(user, kabkota: Region) -> list[str]:
    """The statuses an upload may leave its profiles in, the usual one last: those the user may
    set in a form, and verified for whoever verifies the kab/kota's village records (its
    coordinator too). Never rejected: that is a verifier's answer, given with a reason."""
    statuses = [s for s in policy.statuses_user_may_set(user) if s != Status.TERVERIFIKASI]
    # A profile of some village of the kab/kota, to ask the policy (nothing is read or saved).
    sample = Profile(kampung=KampungKB(region=Region(code=f"{kabkota.code}.00.0000")))
    if policy.may_verify(user, sample):
        statuses.append(Status.TERVERIFIKASI)
    return statuses


def import_workbook(
    *, kind: str, user, kabkota: Region, fileobj: IO[bytes], status: str = Status.DRAF
) -> ImportResult:
    """Check every row, then write them all through the kernel's workflow (which checks the
    policy and the scope, and keeps the history), or none."""
    if not kampungkb_policy.may_manage_village_programs(user, kabkota.code):
        raise PermissionDenied
    if kind == PROFILES and status not in statuses_user_may_import(user, kabkota):
        raise PermissionDenied
    result = ImportResult()
    rows = _read_rows(fileobj, kind, result)
    if result.errors:
        return result
    villages = dict(
        Region.objects.filter(
            code__startswith=f"{kabkota.code}.", level__in=("desa", "kelurahan")
        ).values_list("code", "name")
    )
    try:
        with transaction.atomic():
            if kind == REGISTRY:
                _import_registry(rows, villages, user, result)
            else:
                _import_profiles(rows, villages, user, status, result)
            if result.errors:
                transaction.set_rollback(True)
                result.created = result.updated = 0
    except IntegrityError:
        result.errors.append(
            RowError(None, "", _("The data changed meanwhile: upload the file again."))
        )
        result.created = result.updated = 0
    return result


def _read_rows(fileobj, kind: str, result: ImportResult) -> list[tuple[int, dict]]:
    not_a_workbook = _("This file is not an Excel workbook (.xlsx): download the template.")
    try:
        workbook = open_workbook(fileobj.read(), not_a_workbook=not_a_workbook)
    except ValidationError as exc:
        result.errors.extend(RowError(None, "", m) for m in exc.messages)
        return []
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)
        header = [str(v or "").strip().lower() for v in next(lines, ())]
        expected = [h for h, _f, _k in COLUMNS[kind]]
        missing = [h for h in expected if h not in header]
        if missing:
            result.errors.append(
                RowError(
                    1,
                    "",
                    _("Columns missing from the first row: %(columns)s. Use the template.")
                    % {"columns": ", ".join(missing)},
                )
            )
            return []
        positions = {h: header.index(h) for h in expected}
        rows = []
        for number, values in enumerate(lines, start=FIRST_DATA_ROW):
            if number > MAX_ROWS + 1:
                result.errors.append(
                    RowError(number, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS})
                )
                break
            if not any(v not in (None, "") for v in values):
                continue
            rows.append(
                (number, {h: values[i] if i < len(values) else None for h, i in positions.items()})
            )
        return rows
    finally:
        workbook.close()


def _column(kind: str, header: str) -> str:
    index = [h for h, _f, _k in COLUMNS[kind]].index(header)
    return f"{get_column_letter(index + 1)} ({header})"


class _Cells:
    """Parse one row's cells, collecting every error with its column."""

    def __init__(self, kind: str, number: int, values: dict, result: ImportResult):
        self.kind, self.number, self.values, self.result = kind, number, values, result
        self.failed = False

    def error(self, header: str, message: str) -> None:
        self.failed = True
        self.result.errors.append(RowError(self.number, _column(self.kind, header), message))

    def text(self, header: str) -> str:
        value = self.values.get(header)
        return "" if value is None else str(value).strip()

    def integer(self, header: str) -> int:
        value = self.values.get(header)
        if value in (None, ""):
            return 0
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.error(
                header, _("Enter a whole number, 0 or more (not %(value)s).") % {"value": value}
            )
            return 0
        return value

    def boolean(self, header: str) -> bool:
        text = self.text(header).lower()
        if text in TRUE_TEXT:
            return True
        if text not in FALSE_TEXT:
            self.error(header, _("Enter ya or tidak."))
        return False

    def date(self, header: str) -> datetime.date | None:
        value = self.values.get(header)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.datetime.strptime(self.text(header), "%d/%m/%Y").date()
        except ValueError:
            self.error(header, _("Enter a date as dd/mm/yyyy."))
            return None

    def month(self, header: str) -> datetime.date | None:
        value = self.values.get(header)
        if isinstance(value, datetime.date):
            return datetime.date(value.year, value.month, 1)
        match = _MONTH.match(self.text(header))
        if not match or not 1 <= int(match[1]) <= 12:
            self.error(header, _("Enter the month as mm/yyyy, e.g. 03/2025."))
            return None
        return datetime.date(int(match[2]), int(match[1]), 1)

    def village(self, villages: dict, seen: dict) -> str | None:
        code = self.text("kode_desa")
        if code not in villages:
            self.error(
                "kode_desa",
                _("%(code)s is not a desa/kelurahan of this regency/city.") % {"code": code or "–"},
            )
            return None
        return code


def _model_errors(cells: _Cells, instance, exclude: list[str]) -> None:
    """The model's own checks, each reported in its column."""
    headers = {f: h for h, f, _k in COLUMNS[cells.kind]}
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            header = headers.get(name, headers.get("region"))
            for message in messages:
                cells.error(header, message)


def _import_registry(rows, villages: dict, user, result: ImportResult) -> None:
    existing = {
        k.region_id: k
        for k in KampungKB.objects.select_for_update().active().filter(region_id__in=villages)
    }
    seen: dict[str, int] = {}
    parsed = []
    for number, values in rows:
        cells = _Cells(REGISTRY, number, values, result)
        code = cells.village(villages, seen)
        if code in seen:
            cells.error(
                "kode_desa", _("This village is already on row %(row)s.") % {"row": seen[code]}
            )
        elif code:
            seen[code] = number
        criteria = [c.strip() for c in cells.text("kriteria").split(",") if c.strip()]
        kampung = existing.get(code) or KampungKB(region_id=code, created_at=timezone.now())
        kampung.name = cells.text("nama")
        kampung.launched_on = cells.date("tanggal_pencanangan")
        kampung.coverage = cells.text("cakupan").lower()
        kampung.selection_criteria = criteria
        kampung.description = cells.text("deskripsi")
        for header, name in (("lintang", "latitude"), ("bujur", "longitude")):
            raw = values.get(header)
            setattr(kampung, name, None if raw in (None, "") else raw)
        kampung.is_model_kabupaten = cells.boolean("model_kabkota")
        kampung.is_model_province = cells.boolean("model_provinsi")
        _model_errors(cells, kampung, exclude=["region", "photo"])
        if not cells.failed:
            parsed.append((cells, kampung))
    if result.errors:
        return
    _write(
        cells_of=[c for c, _k in parsed],
        records=[k for _c, k in parsed],
        user=user,
        columns=REGISTRY_COLUMNS,
        status=None,
        result=result,
    )


def _write(*, cells_of, records, user, columns, status, result: ImportResult) -> None:
    """Write the rows through the kernel's workflow; its refusals are reported per row."""
    created = sum(1 for r in records if r.pk is None)
    refused = workflow.records_import(
        records=records, user=user, reason=_("Imported from Excel"), status=status
    )
    for index, exc in refused.items():
        _report(cells_of[index], columns, exc)
    if not refused:
        result.created, result.updated = created, len(records) - created


def _report(cells: _Cells, columns: list, exc: ValidationError) -> None:
    """A workflow's refusal, each message in its column (the village's when it names none)."""
    headers = {f: h for h, f, _k in columns}
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    for name, messages in errors.items():
        for message in messages:
            cells.error(headers.get(name, "kode_desa"), message)


INSTITUTION_FIELDS = [
    f.name
    for f in Profile._meta.concrete_fields
    if f.name
    not in {
        "id",
        "kampung",
        "period",
        "status",
        "rejection_reason",
        "verified_by",
        "verified_at",
        "document",
        "document_name",
        "created_by",
        "created_at",
        "updated_at",
        "is_demo",
        "version",
        *PROFILE_FIGURES,
    }
]


def _import_profiles(rows, villages: dict, user, status: str, result: ImportResult) -> None:
    kampung = {
        k.region_id: k
        for k in KampungKB.objects.active().filter(region_id__in=villages).select_related("region")
    }
    periods = set()
    parsed = []
    seen: dict[tuple, int] = {}
    for number, values in rows:
        cells = _Cells(PROFILES, number, values, result)
        code = cells.village(villages, seen)
        if code and code not in kampung:
            cells.error(
                "kode_desa",
                _("%(code)s has no active Kampung KB: register it first.") % {"code": code},
            )
        period = cells.month("bulan")
        if code and period:
            if (code, period) in seen:
                cells.error(
                    "bulan",
                    _("This village and month are already on row %(row)s.")
                    % {"row": seen[(code, period)]},
                )
            seen[(code, period)] = number
            periods.add(period)
        figures = {name: cells.integer(name) for name in PROFILE_FIGURES}
        parsed.append((cells, code, period, figures))
    ids = [k.pk for k in kampung.values()]
    stored = {
        (p.kampung_id, p.period): p
        for p in Profile.objects.select_for_update().filter(kampung_id__in=ids, period__in=periods)
    }
    latest = {}
    for p in Profile.objects.filter(kampung_id__in=ids).order_by("kampung_id", "period"):
        latest[p.kampung_id] = p  # the last one wins: the latest month
    to_write = []
    for cells, code, period, figures in parsed:
        if cells.failed:
            continue
        profile = stored.get((kampung[code].pk, period))
        if profile is not None and profile.status not in (Status.DRAF, Status.DITOLAK):
            cells.error(
                "bulan",
                _("This month's profile is already %(status)s: it is not overwritten.")
                % {"status": profile.get_status_display().lower()},
            )
            continue
        if profile is None:
            profile = Profile(kampung=kampung[code], period=period)
            template = latest.get(kampung[code].pk)
            if template is not None:
                for name in INSTITUTION_FIELDS:
                    setattr(profile, name, getattr(template, name))
        else:
            profile.kampung = kampung[code]
        for name, value in figures.items():
            setattr(profile, name, value)
        headers = {f: h for h, f, _k in PROFILE_COLUMNS}
        for name, message in profile.figure_errors().items():
            cells.error(headers.get(name, "kode_desa"), message)
        to_write.append((cells, profile))
    if result.errors:
        return
    _write(
        cells_of=[c for c, _p in to_write],
        records=[p for _c, p in to_write],
        user=user,
        columns=PROFILE_COLUMNS,
        status=status,
        result=result,
    )
