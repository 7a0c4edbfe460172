"""Every write to a Pokja's evidence moves its stamp, in the database itself.

The effectiveness engine (pokja/effectiveness/inputs.py) judges a region again when its
Pokja's stamp moved since the stored judgement. Triggers, not the code that writes, move it:
a form, a bulk `update()`, an admin action, an import, a data migration or raw SQL moves it
just the same. One row per Pokja that ever had evidence; the table is not a Django model (it
is not backed up, and a restore writes it anew as it loads the evidence).
"""

from django.db import migrations

STAMPS = "pokja_evidence_stamp"
# The tables a judgement reads (pokja/effectiveness/facts.py), each with how a row names its
# Pokja. A planning document's indicators name it through their document.
EVIDENCE = {
    "pokja_decree": "{row}.pokja_id",
    "pokja_workplan": "{row}.pokja_id",
    "pokja_indicatordocument": "{row}.pokja_id",
    "pokja_budgetallocation": "{row}.pokja_id",
    "pokja_workinggroup": "{row}.pokja_id",
    "pokja_documentindicator": (
        "(SELECT d.pokja_id FROM pokja_indicatordocument d WHERE d.id = {row}.document_id)"
    ),
}


def _bump(pokja: str, unless: str = "NULL") -> str:
    """Move a Pokja's stamp; nothing when the row names none (its document is gone) or when
    it names the Pokja `unless` names (an update moves the stamp once, not twice)."""
    return (
        f"INSERT INTO {STAMPS} (pokja_id, version) SELECT {pokja}, 1 "
        f"WHERE {pokja} IS NOT NULL AND ({unless} IS NULL OR {pokja} <> {unless}) "
        f"ON CONFLICT (pokja_id) DO UPDATE SET version = {STAMPS}.version + 1"
    )


def _postgresql() -> list[str]:
    statements = [f"CREATE TABLE {STAMPS} (pokja_id bigint PRIMARY KEY, version bigint NOT NULL)"]
    for table, pokja in EVIDENCE.items():
        function = f"{table}_stamp"
        old, new = pokja.format(row="OLD"), pokja.format(row="NEW")
        statements += [
            f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP <> 'INSERT' THEN {_bump(old)}; END IF;
              IF TG_OP = 'INSERT' THEN {_bump(new)}; END IF;
              IF TG_OP = 'UPDATE' THEN {_bump(new, unless=old)}; END IF;
              RETURN NULL;
            END $$""",
            f"CREATE TRIGGER {function} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    return statements


def _sqlite() -> list[str]:
    statements = [f"CREATE TABLE {STAMPS} (pokja_id integer PRIMARY KEY, version integer NOT NULL)"]
    for table, pokja in EVIDENCE.items():
        old, new = pokja.format(row="OLD"), pokja.format(row="NEW")
        bumps_of = {
            "INSERT": [_bump(new)],
            "UPDATE": [_bump(old), _bump(new, unless=old)],
            "DELETE": [_bump(old)],
        }
        for event, bumps in bumps_of.items():
            bumps = " ".join(f"{bump};" for bump in bumps)
            statements.append(
                f"CREATE TRIGGER {table}_stamp_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {bumps} END"
            )
    return statements


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in _postgresql() if vendor == "postgresql" else _sqlite():
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table in EVIDENCE:
        if postgresql:
            schema_editor.execute(f"DROP FUNCTION {table}_stamp() CASCADE")  # and its trigger
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER {table}_stamp_{event}")
    schema_editor.execute(f"DROP TABLE {STAMPS}")


class Migration(migrations.Migration):
    dependencies = [("pokja", "0019_public_page_setting")]

    operations = [migrations.RunPython(create, drop)]
