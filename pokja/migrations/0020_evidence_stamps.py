"""Every write to a Pokja's evidence moves its stamp, in the database itself: the stamps' table
and the evidence tables' triggers (pokja/effectiveness/stamps.py, which also puts the triggers
back after every later `migrate`)."""

from django.db import migrations

from pokja.effectiveness import stamps


def create(apps, schema_editor):
    stamps.create_table(schema_editor.connection)
    stamps.install(schema_editor.connection)


def drop(apps, schema_editor):
    stamps.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("pokja", "0019_public_page_setting")]

    operations = [migrations.RunPython(create, drop)]
