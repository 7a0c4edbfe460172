"""The two catalogue indicators that were seeded with English names get their Indonesian names,
unless an admin has renamed them since."""

from django.db import migrations

RENAMES = {
    "tfr": ("Total Fertility Rate (TFR)", "Angka Kelahiran Total (TFR)"),
    "mcpr": (
        "Modern Contraceptive Prevalence Rate (mCPR)",
        "Angka Prevalensi Kontrasepsi Modern (mCPR)",
    ),
}


def rename(apps, schema_editor, backwards=False):
    Indicator = apps.get_model("targets", "Indicator")
    for code, (english, indonesian) in RENAMES.items():
        old, new = (indonesian, english) if backwards else (english, indonesian)
        Indicator.objects.filter(code=code, name=old).update(name=new)


def unrename(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("targets", "0005_achievement_verifiable")]

    operations = [migrations.RunPython(rename, unrename)]
