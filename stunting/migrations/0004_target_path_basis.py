"""The national stunting target path says, per year, whether its value is published or only
interpolated, and which survey it is measured by. 2021-2023 join the path: the RPJMN 2020-2024
publishes the 2019 baseline (27.7%) and 14% for 2024; the years between are placed on the
straight line and marked interpolated until an admin enters the published yearly values. SKI
replaced SSGI in 2023, so 2023 is measured by SKI."""

from decimal import Decimal

from django.db import migrations

OLD_PLAN = "RPJMN 2020-2024 (interpolasi linear dari baseline 2019 27,7% ke 14% pada 2024)"
# year: (value, source, basis, measured by); a row an admin already entered keeps its value.
PATH = {
    2021: (Decimal("22.22"), OLD_PLAN, "interpolated", "ssgi"),
    2022: (Decimal("19.48"), OLD_PLAN, "interpolated", "ssgi"),
    2023: (Decimal("16.74"), OLD_PLAN, "interpolated", "ski"),
    2024: (None, None, "published", "ssgi"),
    2025: (None, None, "published", "ssgi"),
    2026: (None, None, "interpolated", "ssgi"),
    2027: (None, None, "interpolated", "ssgi"),
    2028: (None, None, "interpolated", "ssgi"),
    2029: (None, None, "published", "ssgi"),
}


def mark_path(apps, schema_editor):
    Indicator = apps.get_model("targets", "Indicator")
    NationalTarget = apps.get_model("targets", "NationalTarget")
    indicator = Indicator.objects.filter(code="stunting").first()
    if indicator is None:
        return
    for year, (value, source, basis, measured_by) in PATH.items():
        row = NationalTarget.objects.filter(indicator=indicator, year=year).first()
        if row is None:
            if value is None:
                continue
            NationalTarget.objects.create(
                indicator=indicator,
                year=year,
                value=value,
                source=source,
                basis=basis,
                measured_by=measured_by,
            )
            continue
        if year in (2026, 2027, 2028) and "interpolasi" not in row.source:
            continue  # an admin entered the published value already
        row.basis = basis
        row.measured_by = measured_by
        row.save(update_fields=["basis", "measured_by"])


def unmark_path(apps, schema_editor):
    NationalTarget = apps.get_model("targets", "NationalTarget")
    NationalTarget.objects.filter(indicator__code="stunting", source=OLD_PLAN).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stunting", "0003_illustrative_figures"),
        ("targets", "0007_target_source_and_path_basis"),
    ]

    operations = [migrations.RunPython(mark_path, unmark_path)]
