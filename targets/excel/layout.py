"""The template's layout and limits, shared by the template, the import and the exports."""

from __future__ import annotations

from decimal import Decimal

from targets.models import Indicator

TARGET_SHEET = "Target"
GUIDE_SHEET = "Petunjuk"
FIRST_DATA_ROW = 3  # row 1: codes (read back), row 2: names (for people)
FIRST_VALUE_COLUMN = 3  # A: region code, B: region name
# A province has at most a few dozen kab/kota; anything far larger is not a filled-in template.
MAX_ROWS = 500
MAX_COLUMNS = 200
MAX_VALUE = Decimal("999999999999.99")  # DecimalField(max_digits=14, decimal_places=2)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
EXPORT_FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
EXPORT_KINDS = ("targets", "achievements", "evaluations")


def active_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True).order_by("order", "code"))
