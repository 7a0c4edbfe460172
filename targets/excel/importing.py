"""The all-or-nothing import of a filled template (see the package's docstring)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pokja.excel_guard import open_workbook
from pokja.kernel import pagecache, policy
from pokja.kernel.accounts import User
from pokja.kernel.regions import Region
from pokja.kernel.years import validate_program_year
from targets.excel.layout import (
    FIRST_DATA_ROW,
    FIRST_VALUE_COLUMN,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_VALUE,
    TARGET_SHEET,
    active_indicators,
)
from targets.models import Indicator, ProvinceTarget, RegionTarget
from targets.services.targets import kabupaten_kota_of, province_own_share

_NUMBER_TEXT = re.compile(r"^-?\d+(?:[.,]\d+)?$")
# "1.000" is one thousand to an Indonesian reader and one to a computer: refuse to guess.
_THOUSANDS_TEXT = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$")


@dataclass(frozen=True)
class RowError:
    """One problem, where the user finds it: the sheet row (None for the file as a whole)."""

    row: int | None
    message: str
    region_code: str = ""
    column: str = ""


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    written: int = 0  # province targets set and split
    unchanged: int = 0  # identical to what is stored: not rewritten

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Plan:
    """What the workbook says for one indicator."""

    indicator: Indicator
    column: str
    province_value: Decimal | None = None
    shares: dict[str, Decimal] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    target: ProvinceTarget | None = None


def import_targets(*, user: User, province: Region, year: int, fileobj: IO[bytes]) -> ImportResult:
    """Check every row of the uploaded workbook; write all of it, or nothing."""
    if not policy.may_manage_province(user, province.code):
        raise PermissionDenied
    result = ImportResult()
    try:
        validate_program_year(year)
    except ValidationError as exc:
        result.errors.extend(RowError(None, message) for message in exc.messages)
        return result

    try:
        workbook = open_workbook(fileobj.read(), not_a_workbook=_not_a_workbook())
    except ValidationError as exc:
        result.errors.extend(RowError(None, message) for message in exc.messages)
        return result
    try:
        plans = _read_workbook(workbook, province, result.errors)
    finally:
        workbook.close()
    if result.errors:
        return result

    try:
        with transaction.atomic():
            # Read and lock the stored targets inside the write transaction, so a target
            # finalised while the file was being checked is still refused.
            existing = {
                t.indicator_id: t
                for t in ProvinceTarget.objects.select_for_update()
                .filter(region=province, year=year, indicator__in=[p.indicator for p in plans])
                .prefetch_related("shares")
            }
            changed = []
            for plan in plans:
                target = existing.get(plan.indicator.pk)
                if target and _same(target, plan):
                    result.unchanged += 1
                elif target and target.is_final:
                    result.errors.append(
                        RowError(
                            FIRST_DATA_ROW,
                            _("The %(year)s target for %(indicator)s is final: reopen it first.")
                            % {"year": year, "indicator": plan.indicator.code},
                            province.code,
                            plan.column,
                        )
                    )
                else:
                    changed.append(plan)
            if result.errors:
                result.unchanged = 0
                return result
            _write(changed, existing, province, year, user)
            result.written = len(changed)
    except IntegrityError:
        # Someone saved the same target between our read and our write: nothing stays.
        result.errors.append(
            RowError(None, _("The targets were changed meanwhile by someone else: upload again."))
        )
        result.written = result.unchanged = 0
    return result


def _write(plans: list[_Plan], existing: dict, province: Region, year: int, user: User) -> None:
    """`target_set` + `split_apply(method="manual")` for many targets in a fixed number of queries.

    The target services save row by row (a full_clean and a history row for each of about 30
    kab/kota per indicator): fine on the page, but about 50,000 queries for a national import.
    Every rule they enforce has been checked on the workbook by then (scope, year, not final,
    values >= 0 within 14 digits, whole counts that add up, every kab/kota present), so the rows
    are written in bulk, with their history, in the caller's transaction.
    """
    codes = [r.code for r in kabupaten_kota_of(province)]
    reason = _("Imported from Excel")
    history = {"default_user": user, "default_change_reason": reason}
    created, updated = [], []
    for plan in plans:
        target = existing.get(plan.indicator.pk)
        if target is None:
            target = ProvinceTarget(region=province, indicator=plan.indicator, year=year)
            created.append(target)
        else:
            updated.append(target)
        target.value = plan.province_value
        target.method = ProvinceTarget.Method.MANUAL
        target.base_label = ""
        target.updated_by = user
        plan.target = target
    bulk_create_with_history(created, ProvinceTarget, **history)
    bulk_update_with_history(
        updated, ProvinceTarget, ["value", "method", "base_label", "updated_by"], **history
    )

    stored = {(s.province_target_id, s.region_id): s for t in updated for s in t.shares.all()}
    stale = [s.pk for s in stored.values() if s.region_id not in codes]
    if stale:
        RegionTarget.objects.filter(pk__in=stale).delete()
    new_shares, changed_shares = [], []
    for plan in plans:
        for code in codes:
            value = plan.shares[code]
            share = stored.get((plan.target.pk, code))
            if share is None:
                new_shares.append(
                    RegionTarget(province_target=plan.target, region_id=code, value=value)
                )
            elif share.value != value or share.base_value is not None:
                share.value, share.base_value = value, None
                changed_shares.append(share)
    bulk_create_with_history(new_shares, RegionTarget, batch_size=1000, **history)
    bulk_update_with_history(
        changed_shares, RegionTarget, ["value", "base_value"], batch_size=1000, **history
    )
    pagecache.bump()  # bulk writes send no signals


def _not_a_workbook() -> str:
    return _(
        "This file is not an Excel workbook (.xlsx). Download the template, fill it in and "
        "upload it as it is."
    )


def _same(target: ProvinceTarget, plan: _Plan) -> bool:
    stored = {s.region_id: s.value for s in target.shares.all()}
    return target.value == plan.province_value and stored == plan.shares


def _read_workbook(workbook, province: Region, errors: list[RowError]) -> list[_Plan]:
    if TARGET_SHEET not in workbook.sheetnames:
        errors.append(
            RowError(
                None,
                _("The workbook has no sheet named “%(sheet)s”: use the template.")
                % {"sheet": TARGET_SHEET},
            )
        )
        return []
    sheet = workbook[TARGET_SHEET]
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    header = next(rows, None) or ()
    columns = _read_header(header, errors)

    kab_kota = {r.code: r for r in kabupaten_kota_of(province)}
    plans = {
        column: _Plan(indicator, get_column_letter(column + 1))
        for column, indicator in columns.items()
    }
    seen: dict[str, int] = {}
    for row_number, row in enumerate(rows, start=2):
        if row_number < FIRST_DATA_ROW:
            continue  # the indicator names
        if all(_blank(value) for value in row):
            continue
        if row_number > MAX_ROWS:
            errors.append(
                RowError(
                    row_number,
                    _("The sheet has more than %(max)s rows; a province has far fewer regions.")
                    % {"max": MAX_ROWS},
                )
            )
            break
        code = _region_code(row[0] if row else None)
        if not _region_ok(code, row_number, province, kab_kota, seen, errors):
            continue
        seen[code] = row_number
        for column, plan in plans.items():
            raw = row[column] if column < len(row) else None
            if _blank(raw):
                continue
            plan.rows[code] = row_number
            value = _number(raw, plan, row_number, code, errors)
            if value is None:
                continue
            if code == province.code:
                plan.province_value = value
            else:
                plan.shares[code] = value
        for column, raw in enumerate(row[FIRST_VALUE_COLUMN - 1 :], start=FIRST_VALUE_COLUMN - 1):
            headed = column < len(header) and not _blank(header[column])
            if column not in plans and not headed and not _blank(raw):
                errors.append(
                    RowError(
                        row_number,
                        _("A value in a column without an indicator code."),
                        code,
                        get_column_letter(column + 1),
                    )
                )

    filled = [p for p in plans.values() if p.rows]
    for plan in filled:
        _check_plan(plan, province, kab_kota, seen, errors)
    if not filled and not errors:
        errors.append(RowError(None, _("The workbook holds no targets to import.")))
    errors.sort(key=lambda e: (e.row is not None, e.row or 0, e.column))
    return filled


def _read_header(header, errors: list[RowError]) -> dict[int, Indicator]:
    """Column index (0-based) -> indicator, from the codes in row 1."""
    by_code = {i.code: i for i in active_indicators()}
    columns: dict[int, Indicator] = {}
    used: dict[str, str] = {}
    for column in range(FIRST_VALUE_COLUMN - 1, len(header)):
        raw = header[column]
        if _blank(raw):
            continue
        code = str(raw).strip()
        letter = get_column_letter(column + 1)
        indicator = by_code.get(code)
        if indicator is None:
            errors.append(
                RowError(1, _("Unknown indicator code “%(code)s”.") % {"code": code}, "", letter)
            )
        elif code in used:
            errors.append(
                RowError(
                    1,
                    _("Indicator “%(code)s” is also in column %(other)s.")
                    % {"code": code, "other": used[code]},
                    "",
                    letter,
                )
            )
        else:
            used[code] = letter
            columns[column] = indicator
    return columns


def _region_ok(code, row_number, province, kab_kota, seen, errors) -> bool:
    def error(message):
        errors.append(RowError(row_number, message, code or "", "A"))
        return False

    if not code:
        return error(_("The region code is empty."))
    if code in seen:
        return error(
            _("Region %(code)s is also on row %(row)s.") % {"code": code, "row": seen[code]}
        )
    if code == province.code or code in kab_kota:
        return True
    region = Region.objects.filter(code=code).first()
    if region is None:
        return error(_("Unknown region code “%(code)s”.") % {"code": code})
    if region.province_code != province.code:
        return error(
            _(
                "Region %(code)s %(name)s lies outside %(province)s: this workbook is for "
                "%(province)s only."
            )
            % {"code": code, "name": region.name, "province": province.name}
        )
    return error(
        _(
            "Region %(code)s %(name)s is not a regency/city: targets are set for the province "
            "and its regencies/cities only."
        )
        % {"code": code, "name": region.name}
    )


def _check_plan(plan: _Plan, province, kab_kota, seen, errors) -> None:
    """One indicator's column as a whole: a province target, every kab/kota, the sum."""
    indicator = plan.indicator
    if province.code not in plan.rows:
        errors.append(
            RowError(
                seen.get(province.code),
                _("%(indicator)s: the province target is empty, but regencies/cities have values.")
                % {"indicator": indicator.code},
                province.code,
                plan.column,
            )
        )
    for code, region in kab_kota.items():
        if code in plan.shares or code in plan.rows:
            continue
        if code in seen:
            message = _("%(indicator)s: every regency/city needs a target; this one is empty.")
        else:
            message = _("%(indicator)s: regency/city %(code)s %(name)s has no row.")
        errors.append(
            RowError(
                seen.get(code),
                message % {"indicator": indicator.code, "code": code, "name": region.name},
                code,
                plan.column,
            )
        )
    complete = len(plan.shares) == len(kab_kota) and plan.province_value is not None
    if indicator.is_additive and complete:
        total = sum(plan.shares.values(), Decimal(0))
        own = province_own_share(indicator, plan.province_value)
        if total + own != plan.province_value:
            message = (
                _(
                    "%(indicator)s: the regency/city targets add up to %(total)s, not to the "
                    "province target %(target)s less 1 for the province's own Pokja "
                    "(%(diff)s off)."
                )
                if own
                else _(
                    "%(indicator)s: the regency/city targets add up to %(total)s, not to the "
                    "province target %(target)s (%(diff)s off)."
                )
            )
            errors.append(
                RowError(
                    seen[province.code],
                    message
                    % {
                        "indicator": indicator.code,
                        "total": _plain(total),
                        "target": _plain(plan.province_value),
                        "diff": _plain(plan.province_value - own - total),
                    },
                    province.code,
                    plan.column,
                )
            )


def _number(raw, plan: _Plan, row_number: int, code: str, errors) -> Decimal | None:
    def error(message):
        errors.append(RowError(row_number, message, code, plan.column))

    if isinstance(raw, bool):
        error(_("“%(value)s” is not a number.") % {"value": raw})
        return None
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
        # Excel arithmetic leaves tails like 0.30000000000000004: keep the intended cents.
        rounded = value.quantize(Decimal("0.01"))
        if abs(value - rounded) < Decimal("1e-9"):
            value = rounded
    else:
        text = str(raw).strip().replace(" ", "")
        if _THOUSANDS_TEXT.match(text):
            error(
                _("“%(value)s” is ambiguous: write numbers without a thousands separator.")
                % {"value": text}
            )
            return None
        if not _NUMBER_TEXT.match(text):
            error(_("“%(value)s” is not a number.") % {"value": str(raw).strip()})
            return None
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            error(_("“%(value)s” is not a number.") % {"value": text})
            return None
    if not value.is_finite():
        error(_("“%(value)s” is not a number.") % {"value": raw})
        return None
    if value < 0:
        error(_("A target cannot be negative."))
        return None
    if value > MAX_VALUE:
        error(_("The number is too large."))
        return None
    if plan.indicator.is_additive and value % 1:
        error(
            _("%(indicator)s is a count: enter a whole number.")
            % {"indicator": plan.indicator.code}
        )
        return None
    if value != value.quantize(Decimal("0.01")):
        error(_("Use at most two decimal places."))
        return None
    return value.quantize(Decimal("0.01"))


def _region_code(raw) -> str:
    """The code as typed; a code Excel turned into a number is turned back (63.1 -> "63.10")."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else f"{raw:.2f}"
    return str(raw).strip()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
