from django.db import migrations, models

import pokja.kernel.indicators

# The planning documents' old codes, and the catalogue's code for the same indicator.
RENAMED = {
    "asfr_15_19": "asfr-15-19",
    "unmet_need": "unmet-need",
    "pa_mkjp": "pa-mkjp",
    "drop_out": "drop-out",
    "families_reached": "keluarga-terjangkau",
}


def to_catalogue_codes(apps, schema_editor):
    for model_name in ("DocumentIndicator", "HistoricalDocumentIndicator"):
        model = apps.get_model("pokja", model_name)
        for old, new in RENAMED.items():
            model.objects.filter(indicator=old).update(indicator=new)


def to_old_codes(apps, schema_editor):
    for model_name in ("DocumentIndicator", "HistoricalDocumentIndicator"):
        model = apps.get_model("pokja", model_name)
        for old, new in RENAMED.items():
            model.objects.filter(indicator=new).update(indicator=old)


class Migration(migrations.Migration):
    """Planning documents name indicators by the one catalogue's codes (`unmet-need`, not
    `unmet_need`), the same codes targets are set for."""

    dependencies = [("pokja", "0005_gdpk_and_advocacy")]

    operations = [
        migrations.AlterField(
            model_name="documentindicator",
            name="indicator",
            field=models.CharField(
                choices=pokja.kernel.indicators.document_indicator_choices,
                max_length=30,
                verbose_name="indicator",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldocumentindicator",
            name="indicator",
            field=models.CharField(
                choices=pokja.kernel.indicators.document_indicator_choices,
                max_length=30,
                verbose_name="indicator",
            ),
        ),
        migrations.RunPython(to_catalogue_codes, to_old_codes),
    ]
