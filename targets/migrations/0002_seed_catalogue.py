from django.db import migrations


def seed(apps, schema_editor):
    from pokja.kernel.indicators import seed_catalogue

    seed_catalogue(apps.get_model("targets", "Indicator"), apps.get_model("targets", "NationalTarget"))


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
