"""Evidence stamps: every write to a Pokja's evidence moves the Pokja's stamp, in the database.

The effectiveness engine judges a region again when its Pokja's stamp moved since the stored
judgement (inputs.py). Triggers on every table a judgement reads move it, not the code that
writes: a form, a bulk `update()`, an admin action, an import, a data migration or SQL typed in
a console moves it just the same. The stamps' table is not a Django model: it is not backed up,
and a restore writes it anew as it loads the evidence (the triggers stay on).

SQLite alters a table by building a new one and dropping the old, and the old one's triggers
go with it: `install` therefore runs after every `migrate` (pokja/apps.py), not only in the
migration that created the stamps, and replaces whatever is there.
"""

from __future__ import annotations

TABLE = "pokja_evidence_stamp"
# The tables a judgement reads (facts.py), each with how one of its rows names its Pokja. A
# planning document's indicators name it through their document. A table added to facts.py
# must be added here.
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
_EVENTS = ("insert", "update", "delete")


def create_table(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(pokja_id bigint PRIMARY KEY, version bigint NOT NULL)"
        )


def install(connection) -> None:
    """(Re)create every evidence table's triggers; nothing before the stamps' table exists."""
    if TABLE not in connection.introspection.table_names():
        return
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for statement in _postgresql() if postgresql else _sqlite():
            cursor.execute(statement)


def uninstall(connection) -> None:
    """Drop the triggers and the stamps' table."""
    with connection.cursor() as cursor:
        for table in EVIDENCE:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {table}_stamp() CASCADE")  # and trigger
            else:
                for event in _EVENTS:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp_{event}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def installed(connection) -> set[str]:
    """The names of the stamps' triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", ["%\\_stamp%"])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()} & expected(connection)


def expected(connection) -> set[str]:
    if connection.vendor == "postgresql":
        return {f"{table}_stamp" for table in EVIDENCE}
    return {f"{table}_stamp_{event}" for table in EVIDENCE for event in _EVENTS}


def _bump(pokja: str, unless: str = "NULL") -> str:
    """Move a Pokja's stamp; nothing when the row names none (its document is gone) or when
    it names the Pokja `unless` names (an update moves the stamp once, not twice)."""
    return (
        f"INSERT INTO {TABLE} (pokja_id, version) SELECT {pokja}, 1 "
        f"WHERE {pokja} IS NOT NULL AND ({unless} IS NULL OR {pokja} <> {unless}) "
        f"ON CONFLICT (pokja_id) DO UPDATE SET version = {TABLE}.version + 1"
    )


def _postgresql() -> list[str]:
    statements = []
    for table, pokja in EVIDENCE.items():
        function = f"{table}_stamp"
        old, new = pokja.format(row="OLD"), pokja.format(row="NEW")
        statements += [
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP <> 'INSERT' THEN {_bump(old)}; END IF;
              IF TG_OP = 'INSERT' THEN {_bump(new)}; END IF;
              IF TG_OP = 'UPDATE' THEN {_bump(new, unless=old)}; END IF;
              RETURN NULL;
            END $$""",
            f"DROP TRIGGER IF EXISTS {function} ON {table}",
            f"CREATE TRIGGER {function} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    return statements


def _sqlite() -> list[str]:
    statements = []
    for table, pokja in EVIDENCE.items():
        old, new = pokja.format(row="OLD"), pokja.format(row="NEW")
        bumps_of = {
            "insert": [_bump(new)],
            "update": [_bump(old), _bump(new, unless=old)],
            "delete": [_bump(old)],
        }
        for event, bumps in bumps_of.items():
            name = f"{table}_stamp_{event}"
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} "
                f"BEGIN {' '.join(f'{bump};' for bump in bumps)} END",
            ]
    return statements
