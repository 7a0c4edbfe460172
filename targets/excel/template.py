"""The province's template workbook: codes and names, formats, comments, validation and a guide."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pokja.kernel import spreadsheets
from pokja.kernel.regions import Region
from targets.excel.layout import (
    FIRST_DATA_ROW,
    FIRST_VALUE_COLUMN,
    GUIDE_SHEET,
    TARGET_SHEET,
    active_indicators,
)
from targets.models import Indicator, ProvinceTarget
from targets.services.targets import kabupaten_kota_of


def build_template(province: Region, year: int) -> bytes:
    """The province's workbook for `year`: its row and one row per kab/kota, one column per
    active indicator, filled with the targets already set so a download-edit-upload round trip
    changes only what the user changed. Every value goes through pokja.kernel.spreadsheets, so
    an indicator or region name is text whatever it starts with."""
    indicators = active_indicators()
    regions = kabupaten_kota_of(province)
    targets = {
        t.indicator_id: t
        for t in ProvinceTarget.objects.filter(region=province, year=year).prefetch_related(
            "shares"
        )
    }

    workbook = spreadsheets.new_workbook()
    sheet = workbook.active
    sheet.title = TARGET_SHEET
    bold = Font(bold=True)
    muted = Font(italic=True, color="555555")
    province_fill = PatternFill("solid", fgColor="DDEBF7")

    spreadsheets.append(sheet, [_("Region code"), _("Region name"), *[i.code for i in indicators]])
    spreadsheets.append(sheet, ["", "", *[f"{i.name} ({i.unit})" for i in indicators]])
    for cell in sheet[1]:
        cell.font = bold
    for cell in sheet[2]:
        cell.font = muted
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, indicator in enumerate(indicators, start=FIRST_VALUE_COLUMN):
        sheet.cell(row=1, column=column).comment = Comment(_indicator_note(indicator), "Portal")

    spreadsheets.append(
        sheet,
        [
            province.code,
            _("%(name)s (province target)") % {"name": province.name},
            *[_cell_value(targets.get(i.pk) and targets[i.pk].value) for i in indicators],
        ],
    )
    for cell in sheet[FIRST_DATA_ROW]:
        cell.fill = province_fill
        cell.font = bold
    shares = {
        (t.indicator_id, s.region_id): s.value for t in targets.values() for s in t.shares.all()
    }
    for region in regions:
        spreadsheets.append(
            sheet,
            [
                region.code,
                region.name,
                *[_cell_value(shares.get((i.pk, region.code))) for i in indicators],
            ],
        )

    last_row = FIRST_DATA_ROW + len(regions)
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=last_row, max_col=1):
        row[0].number_format = "@"  # codes stay text: "63.10" must not become 63.1
    _add_validation(sheet, indicators, last_row)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 36
    for column in range(FIRST_VALUE_COLUMN, FIRST_VALUE_COLUMN + len(indicators)):
        sheet.column_dimensions[get_column_letter(column)].width = 18
    sheet.row_dimensions[2].height = 45
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=FIRST_VALUE_COLUMN)

    _add_guide(workbook.create_sheet(GUIDE_SHEET), province, year)
    return spreadsheets.save(workbook)


def _cell_value(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value % 1 == 0 else float(value)


def _indicator_note(indicator: Indicator) -> str:
    if indicator.is_additive:
        rule = _(
            "A count: whole numbers; the regency/city values must add up exactly to the "
            "province target."
        )
    else:
        rule = _("A rate: each regency/city gets its own target; values are not added up.")
    return f"{indicator.name} ({indicator.unit}). {rule}"


def _add_validation(sheet, indicators: list[Indicator], last_row: int) -> None:
    """Excel itself warns about a negative or fractional count while the user types."""
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    decimal = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    for validation, message in (
        (whole, _("Enter a whole number, 0 or more.")),
        (decimal, _("Enter a number, 0 or more.")),
    ):
        validation.error = message
        validation.errorTitle = _("Invalid value")
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    for column, indicator in enumerate(indicators, start=FIRST_VALUE_COLUMN):
        letter = get_column_letter(column)
        validation = whole if indicator.is_additive else decimal
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")


def _add_guide(sheet, province: Region, year: int) -> None:
    lines = [
        _("Targets of %(province)s for %(year)s") % {"province": province.name, "year": year},
        "",
        _("1. Fill in the sheet “Target”: one column per indicator, one row per region."),
        _(
            "2. The first row under the headers is the province target; below it, one row per "
            "regency/city with its share or its own target."
        ),
        _(
            "3. Counts (people, villages, Pokja) are whole numbers, and the regency/city values "
            "must add up exactly to the province target."
        ),
        _("4. Rates (percentages, TFR) are not added up: each regency/city gets its own target."),
        _("5. Leave a whole column empty to leave that indicator unchanged."),
        _("6. Do not change the region codes in column A or the indicator codes in row 1."),
        _("7. Write numbers without thousands separators; use a comma or a point for decimals."),
        _(
            "8. Upload the file on the portal. Every row is checked first: if one row has an "
            "error, nothing is imported and the portal lists every error with its row number."
        ),
        _("9. A final target can only be changed after it has been reopened on the portal."),
    ]
    for line in lines:
        spreadsheets.append(sheet, [line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 110
