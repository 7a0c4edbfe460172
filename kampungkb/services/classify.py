"""Compute every Kampung KB's maturity class for a year: set-based, idempotent, locked.

A fixed number of queries whatever the number of Kampung KB: their ids, their latest verified
profiles (one query, see `_latest_profiles`), the agencies of their verified activities up to
the reference date, the stored classes, and one upsert of the rows that changed. Rows that did
not change are not written, so a second run writes nothing.

The reference date of a year is 31 December, or today for the current year: the latest verified
profile up to that date counts, and every verified activity held up to it. The published query
counts distinct agencies over all of a kampung's activities, with no time window (DOMAIN.md).
"""

from __future__ import annotations

import datetime
import io
import json
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from kampungkb import rules
from kampungkb.models import Activity, KampungKB, MaturityClass, Profile
from kampungkb.models.profiles import (
    KB_METHODS,
    LONG_ACTING,
    POKTAN,
    POKTAN_TARGETS,
    ROUTINES,
)
from pokja.kernel import pagecache, spreadsheets
from pokja.kernel.locks import ProcessLock
from pokja.kernel.scoping import region_scope_q
from pokja.kernel.verification import Status

logger = logging.getLogger(__name__)

LOCK_NAME = "kampungkb-classes"
PROFILE_FIELDS = (
    "pk",
    "kampung_id",
    "pokja_formed",
    "pokja_members",
    "pokja_trained",
    "guide",
    "regulation_signer",
    "data_sources",
    "funding_sources",
    "has_secretariat",
    "has_rumah_dataku",
    *(f"{p}_active" for p in POKTAN),
    *(f"{p}_members" for p in POKTAN),
    *(f"routine_{r}" for r in ROUTINES),
    *set(POKTAN_TARGETS.values()),
    "pus",
    *(f"kb_{m}" for m in KB_METHODS),
    "not_kb_wants_later",
    "not_kb_wants_no_more",
)


class ClassifyBusy(Exception):  # noqa: N818 (named like the engine's EngineBusy)
    """Another classification holds the lock."""


@dataclass(frozen=True)
class ClassifyResult:
    year: int
    kampung_count: int
    changed: int


def reference_date(year: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


# The rule's facts of a profile, as SQL over its columns (PostgreSQL) and as Python over a
# row of them (elsewhere), in the order of rules.Facts: those before `agencies` (HEAD), the
# five Poktan's (members if active, target families) pairs, and those after (TAIL). Counting,
# summing and comparing columns is no part of the rule; scoring them is (rules.py).
_HEAD_SQL = (
    "p.pokja_formed",
    "p.pokja_members > 0",
    "p.pokja_trained",
    "(SELECT count(DISTINCT c) FROM jsonb_array_elements_text(p.funding_sources) AS c)",
    " + ".join(f"p.{p}_active::int" for p in POKTAN),
    "p.has_secretariat",
    "p.has_rumah_dataku",
    "p.guide = 'pkb'",
    "p.regulation_signer <> ''",
    "(SELECT count(DISTINCT c) FROM jsonb_array_elements_text(p.data_sources) AS c)",
    " + ".join(f"(p.routine_{r} <> 'none')::int" for r in ROUTINES),
)
_MEMBERS_SQL = tuple(
    sql
    for p in POKTAN
    for sql in (f"CASE WHEN p.{p}_active THEN p.{p}_members ELSE 0 END", f"p.{POKTAN_TARGETS[p]}")
)
_TAIL_SQL = (
    "p.pus",
    " + ".join(f"p.kb_{m}" for m in KB_METHODS),
    " + ".join(f"p.kb_{m}" for m in LONG_ACTING),
    "p.not_kb_wants_later + p.not_kb_wants_no_more",
)


def _fact_parts(row: dict) -> tuple[tuple, tuple, tuple]:
    """What _HEAD_SQL, _MEMBERS_SQL and _TAIL_SQL give, from a profile row read by the ORM
    (`PROFILE_FIELDS`)."""
    poktan = [(row[f"{p}_active"], row[f"{p}_members"], row[POKTAN_TARGETS[p]]) for p in POKTAN]
    head = (
        row["pokja_formed"],
        row["pokja_members"] > 0,
        row["pokja_trained"],
        _distinct_count(row["funding_sources"]),
        sum(1 for active, _m, _t in poktan if active),
        row["has_secretariat"],
        row["has_rumah_dataku"],
        row["guide"] == "pkb",
        bool(row["regulation_signer"]),
        _distinct_count(row["data_sources"]),
        sum(1 for r in ROUTINES if row[f"routine_{r}"] != "none"),
    )
    members = tuple((m if active else 0, t) for active, m, t in poktan)
    tail = (
        row["pus"],
        sum(row[f"kb_{m}"] for m in KB_METHODS),
        sum(row[f"kb_{m}"] for m in LONG_ACTING),
        row["not_kb_wants_later"] + row["not_kb_wants_no_more"],
    )
    return head, members, tail


def facts_from(parts: tuple | None, agencies: int) -> rules.Facts:
    """The rule's facts from a profile's parts (`_latest_profiles`), or from none."""
    if parts is None:
        return rules.Facts(agencies=agencies)
    head, members, tail = parts
    return rules.Facts(*head, agencies, members, *tail)


def _scoped(queryset, field: str, scope_code: str | None):
    return queryset.filter(region_scope_q(field, scope_code)) if scope_code else queryset


def _distinct_count(choices) -> int:
    return len(set(choices or []))


def _latest_profiles(kampung, as_of: datetime.date) -> dict[int, tuple[int, tuple]]:
    """Each Kampung KB's latest verified profile up to `as_of`: its id and the parts of the
    rule's facts it gives (`facts_from`), keyed by Kampung KB, in one query.

    On PostgreSQL a LATERAL join probes the (kampung, status, period) index once per Kampung KB
    and reads one row each: about three times faster nationally than the ORM's correlated
    subquery, whose profile ids are then joined back to every profile; and the database counts
    the choices and sums the columns (_HEAD_SQL ...), so twenty thousand rows of some forty
    columns and their JSON lists are neither sent nor decoded in Python. Django has no LATERAL,
    hence the SQL (values as parameters); elsewhere (SQLite in development and tests) the ORM
    reads the columns and `_fact_parts` gives the same parts.
    """
    if connection.vendor == "postgresql":
        kampung_sql, kampung_params = (
            kampung.order_by().values(kampung_key=F("pk")).query.sql_with_params()
        )
        columns = ", ".join((*_HEAD_SQL, *_MEMBERS_SQL, *_TAIL_SQL))
        sql = (
            f"SELECT k.kampung_key, p.id, {columns} FROM ({kampung_sql}) AS k "  # noqa: S608
            f"CROSS JOIN LATERAL (SELECT * FROM {Profile._meta.db_table} AS latest "
            "WHERE latest.kampung_id = k.kampung_key AND latest.status = %s "
            "AND latest.period <= %s ORDER BY latest.period DESC LIMIT 1) AS p"
        )
        head_end = 2 + len(_HEAD_SQL)
        members_end = head_end + len(_MEMBERS_SQL)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*kampung_params, Status.TERVERIFIKASI, as_of])
            return {
                row[0]: (
                    row[1],
                    (
                        row[2:head_end],
                        tuple(zip(*[iter(row[head_end:members_end])] * 2, strict=True)),
                        row[members_end:],
                    ),
                )
                for row in cursor
            }
    latest = (
        Profile.objects.filter(kampung=OuterRef("pk"), status=Status.TERVERIFIKASI)
        .filter(period__lte=as_of)
        .order_by("-period")
        .values("pk")[:1]
    )
    rows = Profile.objects.filter(
        pk__in=kampung.annotate(latest=Subquery(latest)).values("latest")
    ).values(*PROFILE_FIELDS)
    return {row["kampung_id"]: (row["pk"], _fact_parts(row)) for row in rows.order_by()}


def _agency_counts(kampung, as_of: datetime.date, scope_code: str | None) -> dict[int, int]:
    """The number of different agencies in each active Kampung KB's verified activities held
    up to `as_of`, counted by the database on PostgreSQL (one row per Kampung KB instead of
    one per activity with its JSON list), in Python elsewhere."""
    activities = _scoped(
        Activity.objects.filter(
            status=Status.TERVERIFIKASI,
            held_on__lte=as_of,
            kampung__is_active=True,
        ),
        "kampung__region__code",
        scope_code,
    )
    if connection.vendor == "postgresql":
        sql, params = activities.values("kampung_id", "agencies").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.kampung_id, count(DISTINCT name) FROM ("  # noqa: S608 (Django's SQL)
                f"{sql}) AS a CROSS JOIN jsonb_array_elements_text(a.agencies) AS name "
                "GROUP BY a.kampung_id",
                params,
            )
            return dict(cursor.fetchall())
    agencies = defaultdict(set)
    for kampung_id, names in activities.values_list("kampung_id", "agencies"):
        agencies[kampung_id].update(names or [])
    return {kampung_id: len(names) for kampung_id, names in agencies.items()}


_NO_PROFILE = (None, None)


def _compute(year: int, scope_code: str | None, today: datetime.date | None) -> ClassifyResult:
    as_of = reference_date(year, today)
    kampung = _scoped(KampungKB.objects.active(), "region__code", scope_code)
    ids = list(kampung.values_list("pk", flat=True))
    profiles = _latest_profiles(kampung, as_of)
    agencies = _agency_counts(kampung, as_of, scope_code)
    stored = {
        row[0]: row[1:]
        for row in _scoped(
            MaturityClass.objects.filter(year=year), "kampung__region__code", scope_code
        ).values_list("kampung_id", "level", "reasons", "profile_id")
    }
    changed = []
    for kampung_id in ids:
        profile_id, parts = profiles.get(kampung_id, _NO_PROFILE)
        level, reasons = rules.judged(facts_from(parts, agencies.get(kampung_id, 0)))
        row = (level, reasons, profile_id)
        if stored.get(kampung_id) != row:
            changed.append((kampung_id, *row))
    if changed:
        _write(year, changed, stored)
        pagecache.bump()  # bulk writes send no signals
    return ClassifyResult(year, len(ids), len(changed))


WRITTEN = ("kampung_id", "year", "level", "rank", "reasons", "profile_id", "computed_at")


def _write(year: int, changed: list[tuple], stored: dict) -> None:
    """Insert or update the changed classes of a year: (kampung_id, level, reasons, profile_id).

    On PostgreSQL the rows are streamed with COPY: a first national run writes twenty thousand
    rows, and COPY takes a third of the time of a batched INSERT (whose every value Django
    prepares in Python and the server parses as SQL). The classes of Kampung KB without one for
    the year go straight into the table (the lock keeps any other run from adding them
    meanwhile); those that replace a stored class go through a temporary table and one upsert.
    Elsewhere a batched bulk upsert.
    """
    now = timezone.now()
    if connection.vendor != "postgresql":
        MaturityClass.objects.bulk_create(
            [
                MaturityClass(
                    kampung_id=k,
                    year=year,
                    level=level,
                    rank=MaturityClass.rank_of(level),
                    reasons=r,
                    profile_id=p,
                    computed_at=now,
                )
                for k, level, r, p in changed
            ],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["kampung", "year"],
            update_fields=["level", "rank", "reasons", "profile", "computed_at"],
        )
        return
    new = [row for row in changed if row[0] not in stored]
    replacing = [row for row in changed if row[0] in stored]
    table, columns = MaturityClass._meta.db_table, ", ".join(WRITTEN)
    with connection.cursor() as cursor:
        if new:
            copy = f"COPY {table} ({columns}) FROM STDIN WITH CSV"
            cursor.copy_expert(copy, _csv(year, new, now))
        if replacing:
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in WRITTEN[2:])
            cursor.execute(
                "CREATE TEMPORARY TABLE kkb_class_changes (kampung_id bigint, year smallint, "
                "level varchar(15), rank smallint, reasons jsonb, profile_id bigint, "
                "computed_at timestamptz)"
            )
            cursor.copy_expert(
                f"COPY kkb_class_changes ({columns}) FROM STDIN WITH CSV",
                _csv(year, replacing, now),
            )
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM kkb_class_changes "  # noqa: S608
                f"ON CONFLICT (kampung_id, year) DO UPDATE SET {updates}"
            )
            cursor.execute("DROP TABLE kkb_class_changes")  # the next year of the same run


def _csv(year: int, rows: list[tuple], now: datetime.datetime) -> io.StringIO:
    """COPY's input (never a download) in WRITTEN's order."""
    buffer = io.StringIO()
    stamp, encode, rank_of = now.isoformat(), json.JSONEncoder().encode, MaturityClass.rank_of
    spreadsheets.machine_csv_writer(buffer).writerows(
        (k, year, level, rank_of(level), encode(reasons), profile_id, stamp)
        for k, level, reasons, profile_id in rows
    )
    buffer.seek(0)
    return buffer


def classify(
    *, years: list[int], scope_code: str | None = None, today: datetime.date | None = None
) -> list[ClassifyResult]:
    """Recompute the classes of every active Kampung KB in scope (all, or a region's) for the
    given years. Raises ClassifyBusy when another run holds the lock."""
    lock = ProcessLock(LOCK_NAME)
    if not lock.acquire():
        raise ClassifyBusy
    try:
        with transaction.atomic():
            return [_compute(year, scope_code, today) for year in years]
    finally:
        lock.release()


def outdated_years() -> list[int]:
    """The years where an active Kampung KB's stored class came from an older version of the
    rule (`rules.RULE_VERSION`), in one query."""
    older = Q(reasons__rule__isnull=True) | Q(reasons__rule__lt=rules.RULE_VERSION)
    years = MaturityClass.objects.filter(older, kampung__is_active=True).values_list("year")
    return sorted(year for (year,) in years.distinct().order_by())


def nightly(*, run=None) -> None:
    """Registered nightly job: this year and last year (a late verification may change it),
    and any year whose classes an older rule computed. A failure is written to the
    effectiveness run's log and does not undo that run."""
    this_year = timezone.localdate().year
    try:
        results = classify(years=sorted({this_year - 1, this_year, *outdated_years()}))
    except Exception as exc:  # the run log says what went wrong; the next night tries again
        logger.exception("Kampung KB classification failed")
        if run is not None:
            run.errors = [*run.errors, {"region": "", "error": f"Kampung KB: {exc!r}"}]
            run.save(update_fields=["errors"])
        return
    if run is not None:
        run.change_count += sum(r.changed for r in results)
        run.save(update_fields=["change_count"])


# A verification that touches more Kampung KB than this (an Excel import) waits for the
# nightly run: reclassifying one village is a handful of queries, a thousand is the night's job.
AT_ONCE_LIMIT = 20


def verification_changed(records) -> None:
    """Registered verification listener (profiles and activities): once a record of a Kampung
    KB was verified, returned or changed while verified, compute that Kampung KB's class again
    at once, for the years the record can feed (its own up to this year), so its page shows the
    class of the profile just verified. Called after the commit. The nightly run stays the full
    pass: when the classification lock is busy (the nightly run itself) or an import touched
    many Kampung KB, this leaves it to the next run."""
    this_year = timezone.localdate().year
    first_year = {}
    for record in records:
        day = record.period if isinstance(record, Profile) else record.held_on
        first_year[record.kampung_id] = min(day.year, first_year.get(record.kampung_id, 9999))
    if not first_year or len(first_year) > AT_ONCE_LIMIT:
        return
    villages = dict(
        KampungKB.objects.active().filter(pk__in=first_year).values_list("pk", "region_id")
    )
    for kampung_id, code in villages.items():
        years = list(range(max(first_year[kampung_id], this_year - 1), this_year + 1))
        try:
            classify(years=years, scope_code=code)
        except ClassifyBusy:
            logger.info("Kampung KB %s: classification busy, left to the nightly run", kampung_id)
