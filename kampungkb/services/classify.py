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


# The profile columns each fact reads, spelled once: facts_from runs for every Kampung KB.
_POKTAN_COLUMNS = tuple((f"{p}_active", f"{p}_members", POKTAN_TARGETS[p]) for p in POKTAN)
_ROUTINE_COLUMNS = tuple(f"routine_{r}" for r in ROUTINES)
_KB_COLUMNS = tuple(f"kb_{m}" for m in KB_METHODS)
_LONG_ACTING_COLUMNS = tuple(f"kb_{m}" for m in LONG_ACTING)


def facts_from(profile: dict | None, agencies: int) -> rules.Facts:
    """The rule's facts from a profile row (as read by `PROFILE_FIELDS`, its two lists of
    choices as the number of different choices: `_latest_profiles`)."""
    if profile is None:
        return rules.Facts(agencies=agencies)
    poktan = [(profile[a], profile[m], profile[t]) for a, m, t in _POKTAN_COLUMNS]
    return rules.Facts(
        pokja_formed=profile["pokja_formed"],
        pokja_has_members=profile["pokja_members"] > 0,
        pokja_trained=profile["pokja_trained"],
        funding_sources=profile["funding_sources"],
        poktan_present=sum(1 for active, _m, _t in poktan if active),
        secretariat=profile["has_secretariat"],
        rumah_dataku=profile["has_rumah_dataku"],
        field_officer=profile["guide"] == "pkb",
        regulation=bool(profile["regulation_signer"]),
        data_sources=profile["data_sources"],
        routines_active=sum(1 for c in _ROUTINE_COLUMNS if profile[c] != "none"),
        agencies=agencies,
        poktan_members=tuple((m if active else 0, t) for active, m, t in poktan),
        pus=profile["pus"],
        kb_users=sum([profile[c] for c in _KB_COLUMNS]),
        long_acting_users=sum([profile[c] for c in _LONG_ACTING_COLUMNS]),
        unmet_need=profile["not_kb_wants_later"] + profile["not_kb_wants_no_more"],
    )


def _scoped(queryset, field: str, scope_code: str | None):
    return queryset.filter(region_scope_q(field, scope_code)) if scope_code else queryset


def _distinct_count(choices) -> int:
    return len(set(choices or []))


def _latest_profiles(kampung, as_of: datetime.date) -> dict[int, dict]:
    """Each Kampung KB's latest verified profile up to `as_of` (the rule's columns only, its
    lists of data and funding sources as the number of different choices), keyed by Kampung KB,
    in one query.

    On PostgreSQL a LATERAL join probes the (kampung, status, period) index once per Kampung KB
    and reads one row each: about three times faster nationally than the ORM's correlated
    subquery, whose profile ids are then joined back to every profile; and the database counts
    the choices, so twenty thousand pairs of JSON lists are not decoded in Python. Django has no
    LATERAL, hence the SQL (column names from the model, values as parameters); elsewhere
    (SQLite in development and tests) the ORM gives the same rows.
    """
    if connection.vendor == "postgresql":
        kampung_sql, kampung_params = (
            kampung.order_by().values(kampung_key=F("pk")).query.sql_with_params()
        )
        meta = Profile._meta
        columns = ", ".join(
            _COUNTED_SQL.format(column=meta.get_field(name).column)
            if name in _COUNTED
            else f'p."{(meta.pk if name == "pk" else meta.get_field(name)).column}"'
            for name in PROFILE_FIELDS
        )
        sql = (
            f"SELECT {columns} FROM ({kampung_sql}) AS k CROSS JOIN LATERAL ("  # noqa: S608
            f"SELECT * FROM {meta.db_table} AS latest "
            "WHERE latest.kampung_id = k.kampung_key AND latest.status = %s "
            "AND latest.period <= %s ORDER BY latest.period DESC LIMIT 1"
            ") AS p"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*kampung_params, Status.TERVERIFIKASI, as_of])
            return {row[1]: dict(zip(PROFILE_FIELDS, row, strict=True)) for row in cursor}
    latest = (
        Profile.objects.filter(kampung=OuterRef("pk"), status=Status.TERVERIFIKASI)
        .filter(period__lte=as_of)
        .order_by("-period")
        .values("pk")[:1]
    )
    rows = Profile.objects.filter(
        pk__in=kampung.annotate(latest=Subquery(latest)).values("latest")
    ).values(*PROFILE_FIELDS)
    profiles = {}
    for row in rows.order_by():
        for name in _COUNTED:
            row[name] = _distinct_count(row[name])
        profiles[row["kampung_id"]] = row
    return profiles


# The profile's lists of choices the rule counts, and how PostgreSQL counts one.
_COUNTED = ("data_sources", "funding_sources")
_COUNTED_SQL = '(SELECT count(DISTINCT c) FROM jsonb_array_elements_text(p."{column}") AS c)'


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
        profile = profiles.get(kampung_id)
        result = rules.classify(facts_from(profile, agencies.get(kampung_id, 0)))
        row = (result.maturity_class, result.as_reasons(), profile["pk"] if profile else None)
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
