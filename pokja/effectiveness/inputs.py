"""Which regions must be judged again: the database digests what each judgement reads.

For every region and year of a batch, one statement hashes exactly the inputs of the rules
(pokja/effectiveness/rules.py): the columns facts.py loads of the Pokja's SKs, work plans,
planning documents (and whether each lists an indicator of the list, or an "Other" one),
operational budget lines and active working groups, each SK's state on the assessment date
(begun, signed, not ended, not revoked), and the version of the engine's code. A region whose
digest equals the one stored with its assessment would be judged exactly as before, so the
engine reads its evidence only for the others.

The digest is taken from the rows themselves, not from a timestamp or a counter kept up to
date by the code that writes them: a bulk update, an admin edit or a data migration changes it
just the same.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from pathlib import Path
from typing import NamedTuple

from django.db import connection

from pokja.effectiveness import rules
from pokja.kernel import indicators
from pokja.models import (
    Assessment,
    BudgetAllocation,
    Decree,
    DocumentIndicator,
    IndicatorDocument,
    Pokja,
    Region,
    WorkingGroup,
    WorkPlan,
)


class Stale(NamedTuple):
    """A region and year whose stored assessment is missing or was judged on other inputs."""

    code: str
    pokja_id: int | None
    year: int
    inputs: str  # the digest of what the judgement reads today


@functools.cache
def code_version() -> str:
    """A digest of the modules that decide what an assessment holds: changing a rule (a
    deployment) makes every region stale once, without anyone having to remember it."""
    folder = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=8)
    for name in ("rules.py", "facts.py", "engine.py", "inputs.py"):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


def stale_rows(
    batch: list[tuple], levels: tuple[str, ...], years: list[int], today: date
) -> list[Stale]:
    """Each region of the batch (its (code, pokja id) pairs, in code order) and year whose
    stored assessment is missing or was judged on other inputs."""
    pokja_ids = [pokja_id for _, pokja_id in batch if pokja_id] or [0]
    params = {
        "first": batch[0][0],
        "last": batch[-1][0],
        # The evidence is read by a Pokja id range (an index range, cheaper than a join with
        # the batch's Pokja): ids are mostly given in code order, and rows of Pokja outside the
        # batch that fall in the range are dropped by the final join with the batch's regions.
        "first_pokja": min(pokja_ids),
        "last_pokja": max(pokja_ids),
        "version": code_version(),
        **{f"year{n}": year for n, year in enumerate(years)},
        **{f"day{n}": rules.assessment_date(year, today) for n, year in enumerate(years)},
    }
    with connection.cursor() as cursor:
        cursor.execute(_statement(levels, len(years)), params)
        return [Stale(*row) for row in cursor]


def table_names(*models) -> dict[str, str]:
    """Each model's table, by model name, for SQL written by hand."""
    return {model.__name__: model._meta.db_table for model in models}


def _row(kind: int, *expressions: str) -> str:
    """One evidence row as a value its Pokja's digest is built from, NULLs included.

    PostgreSQL hashes the row's values as they are (hash_record_extended: no text conversion,
    which cost the nightly run more than the floor's whole statement); SQLite joins their text.
    """
    if connection.vendor == "postgresql":
        return f"hash_record_extended(ROW({kind}, {', '.join(expressions)}), 0)"
    return _text(str(kind), *expressions)


def _text(*expressions: str) -> str:
    """One row as text, NULLs included (as empty), in the same way on every database."""
    return " || ',' || ".join(f"COALESCE(CAST({e} AS TEXT), '')" for e in expressions)


def _joined_rows() -> str:
    """All evidence rows of a Pokja and year as one value.

    On PostgreSQL the sum of the rows' 64-bit hashes and their number: the order of the rows
    does not matter, so nothing is sorted, and a changed, added or removed row changes the sum
    but for a chance of about one in 2**64."""
    if connection.vendor == "postgresql":
        return "CAST(sum(e.row) AS TEXT) || ',' || CAST(count(*) AS TEXT)"
    # SQLite before 3.44 has no ORDER BY inside an aggregate: it concatenates in the order of
    # its input, which _input_order() sorts.
    return "group_concat(e.row, ';')"


def _input_order() -> str:
    return "" if connection.vendor == "postgresql" else "ORDER BY 1, 2, 3, 4"


def _flag(condition: str) -> str:
    """A condition as a value of the row: PostgreSQL hashes booleans, SQLite has only 0 and 1."""
    if connection.vendor == "postgresql":
        return f"({condition})"
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _statement(levels: tuple[str, ...], year_count: int) -> str:
    t = table_names(
        Region,
        Pokja,
        Decree,
        WorkPlan,
        IndicatorDocument,
        DocumentIndicator,
        BudgetAllocation,
        WorkingGroup,
        Assessment,
    )
    years = ", ".join(f"(%(year{n})s, %(day{n})s)" for n in range(year_count))
    level_list = ", ".join(f"'{level}'" for level in levels)
    in_batch = "pokja_id BETWEEN %(first_pokja)s AND %(last_pokja)s"
    decree = _row(
        1,
        "d.id",
        "d.number",
        "d.status",
        "d.valid_from",
        "d.valid_until",
        "d.revoked_on",
        "d.working_group_id",
        "d.set_on",
        # What the date changes: whether the SK has begun (and been signed), not yet ended,
        # not been revoked.
        _flag("d.valid_from <= y.day"),
        _flag("d.set_on <= y.day"),
        _flag("d.valid_until IS NULL OR y.day <= d.valid_until"),
        _flag("d.revoked_on IS NULL OR y.day < d.revoked_on"),
    )
    plan = _row(2, "w.id", "w.title", "w.status", "w.working_group_id")
    document = _row(
        3,
        "i.id",
        "i.title",
        "i.status",
        "i.year_start",
        "i.year_end",
        "i.working_group_id",
        # Whether it lists an indicator of the list, and one written in as "Other".
        _flag(
            f"EXISTS (SELECT 1 FROM {t['DocumentIndicator']} di "  # noqa: S608 (table name)
            f"WHERE di.document_id = i.id AND di.indicator <> '{indicators.OTHER}')"
        ),
        _flag(
            f"EXISTS (SELECT 1 FROM {t['DocumentIndicator']} di "  # noqa: S608 (table name)
            f"WHERE di.document_id = i.id AND di.indicator = '{indicators.OTHER}')"
        ),
    )
    budget = _row(4, "b.id", "b.status", "b.amount", "b.working_group_id")
    group = _row(5, "g.id", "g.name", "g.kind")
    # Table names, levels and column lists come from the code; the rest are parameters.
    return f"""
        WITH y (year, day) AS (VALUES {years}),
        e (pokja_id, year, kind, id, row) AS (
          SELECT d.pokja_id, y.year, 1, d.id, {decree}
          FROM {t["Decree"]} d CROSS JOIN y WHERE d.{in_batch}
          UNION ALL
          SELECT w.pokja_id, y.year, 2, w.id, {plan}
          FROM {t["WorkPlan"]} w JOIN y ON w.year = y.year WHERE w.{in_batch}
          UNION ALL
          SELECT i.pokja_id, y.year, 3, i.id, {document}
          FROM {t["IndicatorDocument"]} i
          JOIN y ON i.year_start <= y.year AND y.year <= i.year_end WHERE i.{in_batch}
          UNION ALL
          SELECT b.pokja_id, y.year, 4, b.id, {budget}
          FROM {t["BudgetAllocation"]} b JOIN y ON b.year = y.year
          WHERE b.is_operational AND b.{in_batch}
          UNION ALL
          SELECT g.pokja_id, y.year, 5, g.id, {group}
          FROM {t["WorkingGroup"]} g CROSS JOIN y WHERE g.is_active AND g.{in_batch}
          {_input_order()}
        ),
        evidence AS (
          SELECT e.pokja_id, e.year, {_joined_rows()} AS rows FROM e GROUP BY e.pokja_id, e.year
        ),
        now AS (
          SELECT r.code, p.id AS pokja_id, y.year,
                 md5(%(version)s || '#' || {_text("p.id", "evidence.rows")}) AS digest
          FROM {t["Region"]} r CROSS JOIN y
          LEFT JOIN {t["Pokja"]} p ON p.region_id = r.code
          LEFT JOIN evidence ON evidence.pokja_id = p.id AND evidence.year = y.year
          WHERE r.code BETWEEN %(first)s AND %(last)s AND r.level IN ({level_list})
        )
        SELECT now.code, now.pokja_id, now.year, now.digest
        FROM now LEFT JOIN {t["Assessment"]} a ON a.region_id = now.code AND a.year = now.year
        WHERE a.inputs IS NULL OR a.inputs <> now.digest
        ORDER BY now.code, now.year
    """  # noqa: S608
