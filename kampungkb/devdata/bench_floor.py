"""The Kampung KB classification against its floor, for `make bench` (kampungkb/devdata/bench.py).

The floor is one SQL statement that gives every active Kampung KB its maturity class for a year:
what the database alone needs to answer the question, without the scores and values stored as
reasons, and without writing them. The classification's first run is compared with it in the
same run, so a busy machine slows both, and its classes must match the statement's exactly.
The rule is restated here on purpose, as an independent check of kampungkb/rules.py (as
pokja/devdata/bench_engine.py does for the effectiveness engine); the percentages are rounded as
the published query rounds them, with ROUND() of a double (half to even).
"""

from __future__ import annotations

import datetime
import time

from django.db import connection, transaction

from kampungkb.models import Activity, KampungKB, MaturityClass, Profile
from kampungkb.models.profiles import KB_METHODS, LONG_ACTING, POKTAN, POKTAN_TARGETS, ROUTINES
from kampungkb.rules import (
    BERKELANJUTAN,
    BERKEMBANG,
    CLASS_ORDER,
    DASAR,
    MANDIRI,
    RULE_VERSION,
)
from kampungkb.services.classify import reference_date
from pokja.kernel.verification import Status


def _by_count(value: str, second: int, third: int, fourth: int) -> str:
    """Score 1–4 from the lowest value of scores 2, 3 and 4."""
    return (
        f"(1 + ({value} >= {second})::int + ({value} >= {third})::int + ({value} >= {fourth})::int)"
    )


def _percent(part: str, whole: str) -> str:
    """A share in whole percent as the published query computes it; NULL without a whole."""
    return f"ROUND((100.0 * ({part}))::float8 / NULLIF({whole}, 0))"


def _distinct(json_column: str) -> str:
    return f"(SELECT count(DISTINCT x) FROM jsonb_array_elements_text({json_column}) x)"  # noqa: S608


def _facts_sql(extra: str = "") -> str:
    """Each active Kampung KB's facts (one row each, NULL where it has no verified profile)."""
    kampung, profile, activity = (m._meta.db_table for m in (KampungKB, Profile, Activity))
    shares = (
        _percent(f"CASE WHEN p.{k}_active THEN p.{k}_members ELSE 0 END", f"p.{POKTAN_TARGETS[k]}")
        for k in POKTAN
    )
    share = " + ".join(f"COALESCE({s}, 0)" for s in shares)
    kb_users = " + ".join(f"p.kb_{m}" for m in KB_METHODS)
    long_acting = " + ".join(f"p.kb_{m}" for m in LONG_ACTING)
    routines = " + ".join(f"(p.routine_{r} <> 'none')::int" for r in ROUTINES)
    poktan = " + ".join(f"p.{k}_active::int" for k in POKTAN)
    # The facts, each computed once (OFFSET 0 keeps the planner from copying their expressions
    # into every score that reads them), then the scores of each group summed.
    facts = f"""
        SELECT k.id, p.id IS NOT NULL AS profiled,{extra}
          CASE WHEN NOT p.pokja_formed THEN 1
               ELSE 2 + (p.pokja_members > 0)::int + p.pokja_trained::int END AS pokja,
          {_distinct("p.funding_sources")} AS funding,
          {poktan} AS poktan,
          1 + p.has_secretariat::int + p.has_rumah_dataku::int AS secretariat,
          1 + (p.guide = 'pkb')::int + (p.regulation_signer <> '')::int AS officer,
          {_distinct("p.data_sources")} AS data,
          {routines} AS routines,
          COALESCE(a.agencies, 0) AS agencies,
          ROUND(({share})::float8 / {len(POKTAN)}) AS participation,
          {_percent(kb_users, "p.pus")} AS kb,
          {_percent(long_acting, f"({kb_users})")} AS long_acting,
          {_percent("p.not_kb_wants_later + p.not_kb_wants_no_more", "p.pus")} AS unmet
        FROM {kampung} k
        LEFT JOIN LATERAL (
          SELECT * FROM {profile} latest
          WHERE latest.kampung_id = k.id AND latest.status = %(verified)s
            AND latest.period <= %(as_of)s
          ORDER BY latest.period DESC LIMIT 1
        ) p ON true
        LEFT JOIN (
          SELECT e.kampung_id, count(DISTINCT name) AS agencies
          FROM {activity} e CROSS JOIN jsonb_array_elements_text(e.agencies) name
          WHERE e.status = %(verified)s AND e.held_on <= %(as_of)s
          GROUP BY e.kampung_id
        ) a ON a.kampung_id = k.id
        WHERE k.is_active
        OFFSET 0
    """  # noqa: S608
    return facts


def floor_sql() -> str:
    facts = _facts_sql()
    input_sum = " + ".join(
        (
            "f.pokja",
            _by_count("f.funding", 1, 2, 5),
            _by_count("f.poktan", 1, 3, 5),
            "f.secretariat",
            "f.officer",
        )
    )
    process_sum = " + ".join(
        (
            _by_count("f.data", 1, 2, 4),
            _by_count("f.routines", 1, 3, 5),
            _by_count("f.agencies", 1, 4, 7),
        )
    )
    output_sum = " + ".join(
        (
            _by_count("f.participation", 10, 21, 31),
            f"COALESCE({_by_count('f.kb', 30, 41, 51)}, 1)",
            f"COALESCE({_by_count('f.long_acting', 20, 23, 25)}, 1)",
            "CASE WHEN f.unmet IS NULL OR f.unmet >= 13 THEN 1"
            " WHEN f.unmet >= 10 THEN 2 WHEN f.unmet >= 7 THEN 3 ELSE 4 END",
        )
    )
    # A group is met when its average score is at least 3 (sums of 5, 3 and 4 scores); without
    # a verified profile none is.
    return f"""
        SELECT id,
          CASE WHEN output_met THEN
                 CASE (input_met::int + process_met::int) WHEN 0 THEN '{DASAR}'
                   WHEN 1 THEN '{MANDIRI}' ELSE '{BERKELANJUTAN}' END
               WHEN input_met AND process_met THEN '{BERKEMBANG}' ELSE '{DASAR}' END
        FROM (
          SELECT f.id,
            f.profiled AND {input_sum} >= 15 AS input_met,
            f.profiled AND {process_sum} >= 9 AS process_met,
            f.profiled AND {output_sum} >= 12 AS output_met
          FROM ({facts}) f
        ) judged
    """  # noqa: S608


def _pct_value(column: str) -> str:
    return f"COALESCE({column}::int || '%%', '–')"


def floor_write_sql() -> str:
    """The floor that also stores what the classification stores: each class with its rank,
    its twelve scores and their values as reasons (the rule's version too) and the profile
    used, inserted into the classes' table in the same statement."""
    facts = _facts_sql(
        " p.id AS profile_id, COALESCE(p.pokja_formed, false) AS formed,"
        " COALESCE(p.pokja_members > 0, false) AS members,"
        " COALESCE(p.pokja_trained, false) AS trained,"
    )
    # (score, value) of each indicator in the order of the stored reasons; without a verified
    # profile every fact is nothing (NULL here), which scores 1.
    indicators = (
        (
            "COALESCE(f.pokja, 1)",
            "CASE WHEN NOT f.formed THEN 'none' ELSE 'formed'"
            " || CASE WHEN f.members THEN '+members' ELSE '' END"
            " || CASE WHEN f.trained THEN '+trained' ELSE '' END END",
        ),
        (_by_count("f.funding", 1, 2, 5), "f.funding::text"),
        (_by_count("COALESCE(f.poktan, 0)", 1, 3, 5), "COALESCE(f.poktan, 0) || '/5'"),
        ("COALESCE(f.secretariat, 1)", "COALESCE(f.secretariat, 1) - 1 || '/2'"),
        ("COALESCE(f.officer, 1)", "COALESCE(f.officer, 1) - 1 || '/2'"),
        (_by_count("f.data", 1, 2, 4), "f.data::text"),
        (_by_count("COALESCE(f.routines, 0)", 1, 3, 5), "COALESCE(f.routines, 0) || '/5'"),
        (_by_count("f.agencies", 1, 4, 7), "f.agencies::text"),
        (_by_count("f.participation", 10, 21, 31), _pct_value("f.participation")),
        (f"COALESCE({_by_count('f.kb', 30, 41, 51)}, 1)", _pct_value("f.kb")),
        (f"COALESCE({_by_count('f.long_acting', 20, 23, 25)}, 1)", _pct_value("f.long_acting")),
        (
            "CASE WHEN f.unmet IS NULL OR f.unmet >= 13 THEN 1"
            " WHEN f.unmet >= 10 THEN 2 WHEN f.unmet >= 7 THEN 3 ELSE 4 END",
            _pct_value("f.unmet"),
        ),
    )
    scored = ", ".join(
        f"{score} AS s{n}, {value} AS v{n}" for n, (score, value) in enumerate(indicators)
    )

    def total(numbers: range) -> str:
        return " + ".join(f"s{n}" for n in numbers)

    level = f"""CASE WHEN output_met THEN
                 CASE (input_met::int + process_met::int) WHEN 0 THEN '{DASAR}'
                   WHEN 1 THEN '{MANDIRI}' ELSE '{BERKELANJUTAN}' END
               WHEN input_met AND process_met THEN '{BERKEMBANG}' ELSE '{DASAR}' END"""
    ranks = " ".join(f"WHEN '{c}' THEN {rank}" for rank, c in enumerate(CLASS_ORDER))
    digits = " || ".join(f"s{n}::text" for n in range(len(indicators)))
    values = ", ".join(f"v{n}" for n in range(len(indicators)))
    table = MaturityClass._meta.db_table
    return f"""
        INSERT INTO {table} (kampung_id, year, level, rank, reasons, profile_id, computed_at)
        SELECT id, %(year)s, level, CASE level {ranks} END,
          jsonb_build_object('scores', {digits}, 'values', jsonb_build_array({values}),
                             'rule', {RULE_VERSION}),
          profile_id, now()
        FROM (
          SELECT *, {level} AS level
          FROM (
            SELECT *,
              profiled AND {total(range(5))} >= 15 AS input_met,
              profiled AND {total(range(5, 8))} >= 9 AS process_met,
              profiled AND {total(range(8, 12))} >= 12 AS output_met
            FROM (SELECT f.id, f.profile_id, f.profiled, {scored} FROM ({facts}) f) scores
          ) met
        ) judged
    """  # noqa: S608


def floor_written(year: int, today: datetime.date | None = None) -> dict[int, tuple]:
    """The writing floor: inserts every active Kampung KB's class and reasons for the year,
    checks the foreign keys as a commit would, reads back what it wrote (not timed by the
    bench, `floor_write_seconds`) and rolls it all back. Needs no class stored for the year."""
    return _floor_write(year, today, read_back=True)[1]


def floor_write_seconds(year: int, today: datetime.date | None = None) -> float:
    return _floor_write(year, today, read_back=False)[0]


def _floor_write(year: int, today: datetime.date | None, *, read_back: bool):
    as_of = reference_date(year, today)
    params = {"verified": Status.TERVERIFIKASI, "as_of": as_of, "year": year}
    written = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # as for the read-only floor
        start = time.perf_counter()
        cursor.execute(floor_write_sql(), params)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what the COMMIT would check
        seconds = time.perf_counter() - start
        if read_back:
            written = {
                kampung_id: (level, reasons, profile_id)
                for kampung_id, level, reasons, profile_id in MaturityClass.objects.filter(
                    year=year
                ).values_list("kampung_id", "level", "reasons", "profile_id")
            }
        transaction.set_rollback(True)
    return seconds, written


def floor(year: int, today: datetime.date | None = None) -> dict[int, str]:
    """Every active Kampung KB's class for the year, by Kampung KB id."""
    as_of = reference_date(year, today)
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner overestimates the rows of the JSON arrays and would compile the statement
        # (JIT) first, which takes longer than running it: the floor is the statement at its best.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(floor_sql(), {"verified": Status.TERVERIFIKASI, "as_of": as_of})
        return dict(cursor.fetchall())


def mismatches(expected: dict[int, str], year: int) -> int:
    """Kampung KB whose stored class for the year differs from the floor's (or is missing)."""
    stored = dict(
        MaturityClass.objects.filter(year=year, kampung__is_active=True).values_list(
            "kampung_id", "level"
        )
    )
    return sum(stored.get(pk) != level for pk, level in expected.items()) + len(
        stored.keys() - expected.keys()
    )
