"""The national stunting target path, as data in the targets app's national targets (admins edit
it there): 14% in 2024 (Perpres 72/2021, already seeded by the targets catalogue), then the
2025-2029 plan from 18.8% to 14.2%. The plan publishes the first and last year; the years
between are placed on the straight line and say so in their source, until the official yearly
figures are entered."""

from decimal import Decimal

from django.db import migrations

PLAN = "RPJMN 2025-2029"
PATH = [
    (2025, Decimal("18.80"), PLAN),
    (2026, Decimal("17.65"), f"{PLAN} (interpolasi linear 2025-2029)"),
    (2027, Decimal("16.50"), f"{PLAN} (interpolasi linear 2025-2029)"),
    (2028, Decimal("15.35"), f"{PLAN} (interpolasi linear 2025-2029)"),
    (2029, Decimal("14.20"), PLAN),
]


def seed_path(apps, schema_editor):
    Indicator = apps.get_model("targets", "Indicator")
    NationalTarget = apps.get_model("targets", "NationalTarget")
    indicator = Indicator.objects.filter(code="stunting").first()
    if indicator is None:
        return
    for year, value, source in PATH:
        NationalTarget.objects.get_or_create(
            indicator=indicator, year=year, defaults={"value": value, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("stunting", "0001_initial"),
        ("targets", "0002_seed_catalogue"),
    ]

    operations = [migrations.RunPython(seed_path, migrations.RunPython.noop)]
