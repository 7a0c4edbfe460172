from django.db import migrations


class Migration(migrations.Migration):
    """The kernel's verifiable record calls the person who entered a record `created_by`."""

    dependencies = [("targets", "0003_verbose_names")]

    operations = [
        migrations.RenameField("achievement", "entered_by", "created_by"),
        migrations.RenameField("historicalachievement", "entered_by", "created_by"),
    ]
