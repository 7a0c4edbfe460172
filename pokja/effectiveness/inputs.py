"""Which regions must be judged again: what each judgement read, compared with today.

A region and year is judged again when its stored assessment is missing, or was judged:
- on other evidence: every write to a Pokja's evidence (the columns facts.py loads of its SKs,
  work plans, planning documents and their indicators, operational budget lines and working
  groups) moves the Pokja's stamp, and the stamp is part of the digest stored with the
  assessment. Database triggers move it (stamps.py), not the code that writes: a form, a bulk
  `update()`, an admin action, an import, a data migration or raw SQL moves it just the same;
- for a day on which one of its Pokja's SKs has another state (begun, signed, ended, revoked:
  all the date changes in a judgement, rules.judge_sk) than on the day judged: the engine
  stores with each judgement the days around it on which none changes
  (rules.sk_states_steady);
- by other code: the digest holds the version of the engine's modules.

The nightly run thus reads one stamp per Pokja and two dates per assessment, where digesting
every evidence row each night cost more than the floor's whole statement (docs/performance.md).
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from pathlib import Path
from typing import NamedTuple

from django.db import connection

from pokja.effectiveness import rules, stamps
from pokja.models import Assessment, Pokja, Region


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
    levels: tuple[str, ...], years: list[int], today: date, scope_code: str | None = None
) -> list[Stale]:
    """Each region of the levels (in scope: a region and those below it) and year whose stored
    assessment is missing or was judged on other inputs, in code order."""
    params = {
        "version": code_version(),
        "scope": scope_code,
        "below": f"{scope_code}.%",
        **{f"year{n}": year for n, year in enumerate(years)},
        **{f"day{n}": rules.assessment_date(year, today) for n, year in enumerate(years)},
    }
    with connection.cursor() as cursor:
        cursor.execute(_statement(levels, len(years), in_scope=scope_code is not None), params)
        return [Stale(*row) for row in cursor]


def table_names(*models) -> dict[str, str]:
    """Each model's table, by model name, for SQL written by hand."""
    return {model.__name__: model._meta.db_table for model in models}


def _statement(levels: tuple[str, ...], year_count: int, *, in_scope: bool) -> str:
    t = table_names(Region, Pokja, Assessment)
    years = ", ".join(f"(%(year{n})s, %(day{n})s)" for n in range(year_count))
    level_list = ", ".join(f"'{level}'" for level in levels)
    scope = "AND (r.code = %(scope)s OR r.code LIKE %(below)s)" if in_scope else ""
    # Table names, levels and the scope's condition come from the code; the rest are parameters.
    return f"""
        WITH y (year, day) AS (VALUES {years})
        SELECT now.code, now.pokja_id, now.year, now.digest
        FROM (
          SELECT r.code, p.id AS pokja_id, y.year, a.inputs,
            md5(%(version)s || '#' || COALESCE(CAST(p.id AS TEXT), '')
                || '#' || COALESCE(CAST(s.version AS TEXT), '0')) AS digest,
            a.steady_from > y.day OR a.steady_until <= y.day AS new_sk_state
          FROM {t["Region"]} r CROSS JOIN y
          LEFT JOIN {t["Pokja"]} p ON p.region_id = r.code
          LEFT JOIN {stamps.TABLE} s ON s.pokja_id = p.id
          LEFT JOIN {t["Assessment"]} a ON a.region_id = r.code AND a.year = y.year
          WHERE r.level IN ({level_list}) {scope}
        ) now
        WHERE now.inputs IS NULL OR now.inputs <> now.digest
          OR now.new_sk_state
        ORDER BY now.code, now.year
    """  # noqa: S608
