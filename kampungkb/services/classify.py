"""Compute every Kampung KB's maturity class for a year: set-based, idempotent, locked.

A fixed number of queries whatever the number of Kampung KB: each with its latest verified
profile and the agencies of its verified activities up to the reference date (one statement on
PostgreSQL, see `_fact_rows`), the stored classes, one COPY of the new classes and one upsert
of those that changed. Rows that did not change are not written, so a second run writes
nothing.

The reference date of a year is 31 December, or today for the current year: the latest verified
profile up to that date counts, and every verified activity held up to it. The published query
counts distinct agencies over all of a kampung's activities, with no time window (DOMAIN.md).
"""

from __future__ import annotations

import datetime
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import mul

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
from pokja.kernel import bulkcopy, pagecache
from pokja.kernel.locks import ProcessLock
from pokja.kernel.scoping import region_scope_q
from pokja.kernel.verification import Status

logger = logging.getLogger(__name__)

LOCK_NAME = "kampungkb-classes"
# The profile columns the rule's facts come from, in the order `facts_from` reads them: the
# flags and counts, then the Poktan (active, members, target families: five each), the
# routines, and the KB methods with the long-acting ones first.
FACT_COLUMNS = (
    "pk",
    "pokja_formed",
    "pokja_members",
    "pokja_trained",
    "guide",
    "regulation_signer",
    "data_sources",
    "funding_sources",
    "has_secretariat",
    "has_rumah_dataku",
    "pus",
    "not_kb_wants_later",
    "not_kb_wants_no_more",
    *(f"{p}_active" for p in POKTAN),
    *(f"{p}_members" for p in POKTAN),
    *(POKTAN_TARGETS[p] for p in POKTAN),
    *(f"routine_{r}" for r in ROUTINES),
    *(f"kb_{m}" for m in LONG_ACTING),
    *(f"kb_{m}" for m in KB_METHODS if m not in LONG_ACTING),
)
_ACTIVE = slice(13, 13 + len(POKTAN))
_MEMBERS = slice(_ACTIVE.stop, _ACTIVE.stop + len(POKTAN))
_TARGETS = slice(_MEMBERS.stop, _MEMBERS.stop + len(POKTAN))
_ROUTINES = slice(_TARGETS.stop, _TARGETS.stop + len(ROUTINES))
_LONG_ACTING = slice(_ROUTINES.stop, _ROUTINES.stop + len(LONG_ACTING))
_KB = slice(_ROUTINES.stop, _ROUTINES.stop + len(KB_METHODS))
assert _KB.stop == len(FACT_COLUMNS)


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


def facts_from(profile: tuple, agencies: int) -> rules.Facts:
    """The rule's facts from a profile row in FACT_COLUMNS' order (its two lists of choices
    as the number of different choices: `_fact_rows`); all None without a profile."""
    if profile[0] is None:
        return rules.Facts(agencies=agencies)
    (_pk, formed, members, trained, guide, signer, data, funding, secretariat, dataku, pus) = (
        profile[:11]
    )
    active = profile[_ACTIVE]
    return rules.Facts(
        pokja_formed=formed,
        pokja_has_members=members > 0,
        pokja_trained=trained,
        funding_sources=funding,
        poktan_present=sum(active),
        secretariat=secretariat,
        rumah_dataku=dataku,
        field_officer=guide == "pkb",
        regulation=bool(signer),
        data_sources=data,
        routines_active=len(ROUTINES) - profile[_ROUTINES].count("none"),
        agencies=agencies,
        # An inactive Poktan's members count 0 (False × members).
        poktan_members=tuple(
            zip(map(mul, active, profile[_MEMBERS]), profile[_TARGETS], strict=True)
        ),
        pus=pus,
        kb_users=sum(profile[_KB]),
        long_acting_users=sum(profile[_LONG_ACTING]),
        unmet_need=profile[11] + profile[12],
    )


def _scoped(queryset, field: str, scope_code: str | None):
    return queryset.filter(region_scope_q(field, scope_code)) if scope_code else queryset


def _distinct_count(choices) -> int:
    return len(set(choices or []))


def _fact_rows(kampung, as_of: datetime.date, scope_code: str | None) -> list[tuple]:
    """(Kampung KB id, agencies, *profile) for each Kampung KB, in one query: the number of
    different agencies in its verified activities held up to `as_of`, and its latest verified
    profile up to `as_of` in FACT_COLUMNS' order (all None without one), its lists of data and
    funding sources as the number of different choices.

    On PostgreSQL a LATERAL join probes the (kampung, status, period) index once per Kampung KB
    and reads one row each: about three times faster nationally than the ORM's correlated
    subquery, whose profile ids are then joined back to every profile; and the database counts
    the choices and the agencies, so twenty thousand JSON lists are not decoded in Python.
    Django has no LATERAL, hence the SQL (column names from the model, values as parameters);
    elsewhere (SQLite in development and tests) the ORM gives the same rows in three queries.
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
            for name in FACT_COLUMNS
        )
        sql = (
            f"SELECT k.kampung_key, a.agencies, {columns} "  # noqa: S608
            f"FROM ({kampung_sql}) AS k LEFT JOIN LATERAL ("
            f"SELECT * FROM {meta.db_table} AS latest "
            "WHERE latest.kampung_id = k.kampung_key AND latest.status = %s "
            "AND latest.period <= %s ORDER BY latest.period DESC LIMIT 1"
            ") AS p ON true CROSS JOIN LATERAL ("
            f"SELECT count(DISTINCT agency.name) AS agencies FROM {Activity._meta.db_table} AS e "
            "CROSS JOIN jsonb_array_elements_text(e.agencies) AS agency(name) "
            "WHERE e.kampung_id = k.kampung_key AND e.status = %s AND e.held_on <= %s"
            ") AS a"
        )
        verified = Status.TERVERIFIKASI
        with connection.cursor() as cursor:
            # The planner overestimates the rows of the JSON arrays and compiles the statement
            # (JIT, about 16 ms nationally) to save less than that; the classification runs
            # in a transaction, so this lasts until its end (as for the bench's floor).
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, [*kampung_params, verified, as_of, verified, as_of])
            return cursor.fetchall()
    latest = (
        Profile.objects.filter(kampung=OuterRef("pk"), status=Status.TERVERIFIKASI)
        .filter(period__lte=as_of)
        .order_by("-period")
        .values("pk")[:1]
    )
    profiles = {}
    rows = Profile.objects.filter(
        pk__in=kampung.annotate(latest=Subquery(latest)).values("latest")
    ).values_list("kampung_id", *FACT_COLUMNS)
    counted = [FACT_COLUMNS.index(name) for name in _COUNTED]
    for kampung_id, *profile in rows.order_by():
        for at in counted:
            profile[at] = _distinct_count(profile[at])
        profiles[kampung_id] = tuple(profile)
    activities = _scoped(
        Activity.objects.filter(
            status=Status.TERVERIFIKASI, held_on__lte=as_of, kampung__is_active=True
        ),
        "kampung__region__code",
        scope_code,
    )
    agencies = defaultdict(set)
    for kampung_id, names in activities.values_list("kampung_id", "agencies"):
        agencies[kampung_id].update(names or [])
    nothing = (None,) * len(FACT_COLUMNS)
    return [
        (pk, len(agencies.get(pk, ())), *profiles.get(pk, nothing))
        for pk in kampung.values_list("pk", flat=True)
    ]


# The profile's lists of choices the rule counts, and how PostgreSQL counts one.
_COUNTED = ("data_sources", "funding_sources")
_COUNTED_SQL = '(SELECT count(DISTINCT c) FROM jsonb_array_elements_text(p."{column}") AS c)'


def _compute(year: int, scope_code: str | None, today: datetime.date | None) -> ClassifyResult:
    as_of = reference_date(year, today)
    kampung = _scoped(KampungKB.objects.active(), "region__code", scope_code)
    rows = _fact_rows(kampung, as_of, scope_code)
    stored = {
        row[0]: row[1:]
        for row in _scoped(
            MaturityClass.objects.filter(year=year), "kampung__region__code", scope_code
        ).values_list("kampung_id", "level", "reasons", "profile_id")
    }
    judged = _Judged(rows, stored)
    if any(row[0] not in stored for row in rows):
        _insert(year, judged)  # judges them all as it writes the new classes
    else:
        judged.judge_all()
    if judged.replacing:
        _replace(year, judged.replacing)
    if judged.new or judged.replacing:
        pagecache.bump()  # bulk writes send no signals
    return ClassifyResult(year, len(rows), judged.new + len(judged.replacing))


class _Judged:
    """The classes of the Kampung KB without one for the year, judged as they are written (on
    PostgreSQL the database stores each while the next are judged); those whose stored class
    changed are kept in `replacing`, (kampung_id, level, scores, values, profile_id) each."""

    def __init__(self, rows: list[tuple], stored: dict[int, tuple]) -> None:
        self.rows, self.stored = rows, stored
        self.new = 0
        self.replacing: list[tuple] = []

    def __iter__(self) -> Iterator[tuple]:
        judge, reasons_of, stored = rules.judge, rules.reasons_of, self.stored
        for kampung_id, agencies, *profile in self.rows:
            level, scores, values = judge(facts_from(profile, agencies))
            row = (kampung_id, level, scores, values, profile[0])
            before = stored.get(kampung_id)
            if before is None:
                self.new += 1
                yield row
            elif before != (level, reasons_of(scores, values), profile[0]):
                self.replacing.append(row)

    def judge_all(self) -> None:
        """Judge every Kampung KB without writing: each has a stored class, none is new."""
        for _row in self:
            pass


NULL = "\\N"  # in COPY's text format
WRITTEN = ("kampung_id", "year", "level", "rank", "reasons", "profile_id", "computed_at")


def _insert(year: int, rows: Iterable[tuple]) -> None:
    """Insert the classes of Kampung KB without one for the year: (kampung_id, level, scores,
    values, profile_id).

    On PostgreSQL the rows are streamed with COPY: a first national run writes twenty thousand
    rows, and COPY takes a third of the time of a batched INSERT (whose every value Django
    prepares in Python and the server parses as SQL); and it reads them as they are judged, so
    the database stores one batch while Python judges the next. They go straight into the
    table (the lock keeps any other run from adding them meanwhile). Elsewhere a batched bulk
    insert.
    """
    now = timezone.now()
    if connection.vendor != "postgresql":
        MaturityClass.objects.bulk_create(_instances(year, rows, now), batch_size=2000)
        return
    columns = ", ".join(WRITTEN)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {MaturityClass._meta.db_table} ({columns}) FROM STDIN",
            bulkcopy.CopyText(_copy_lines(year, rows, now)),
        )


def _replace(year: int, rows: list[tuple]) -> None:
    """Replace the stored classes that changed: through a temporary table and one upsert on
    PostgreSQL, a batched bulk upsert elsewhere."""
    now = timezone.now()
    if connection.vendor != "postgresql":
        MaturityClass.objects.bulk_create(
            _instances(year, rows, now),
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["kampung", "year"],
            update_fields=["level", "rank", "reasons", "profile", "computed_at"],
        )
        return
    table, columns = MaturityClass._meta.db_table, ", ".join(WRITTEN)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in WRITTEN[2:])
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE kkb_class_changes (kampung_id bigint, year smallint, "
            "level varchar(15), rank smallint, reasons jsonb, profile_id bigint, "
            "computed_at timestamptz)"
        )
        cursor.copy_expert(
            f"COPY kkb_class_changes ({columns}) FROM STDIN",
            bulkcopy.CopyText(_copy_lines(year, rows, now)),
        )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM kkb_class_changes "  # noqa: S608
            f"ON CONFLICT (kampung_id, year) DO UPDATE SET {updates}"
        )
        cursor.execute("DROP TABLE kkb_class_changes")  # the next year of the same run


def _instances(year: int, rows: Iterable[tuple], now: datetime.datetime) -> list[MaturityClass]:
    return [
        MaturityClass(
            kampung_id=k,
            year=year,
            level=level,
            rank=MaturityClass.rank_of(level),
            reasons=rules.reasons_of(scores, values),
            profile_id=p,
            computed_at=now,
        )
        for k, level, scores, values, p in rows
    ]


def _copy_lines(year: int, rows: Iterable[tuple], now: datetime.datetime) -> Iterator[str]:
    """COPY's input in its text format, a line per row in WRITTEN's order. The reasons' JSON
    is encoded once for each different pair of scores and values (about two thirds of twenty
    thousand); JSON has no tab or line break of its own (it escapes them), so only its
    backslashes need doubling."""
    stamp, encode = now.isoformat(), json.JSONEncoder(ensure_ascii=False).encode
    reasons = {}
    ranks = {level: MaturityClass.rank_of(level) for level in rules.CLASS_ORDER}
    for kampung_id, level, scores, values, profile_id in rows:
        text = reasons.get((scores, values))
        if text is None:
            text = reasons[scores, values] = encode(rules.reasons_of(scores, values)).replace(
                "\\", "\\\\"
            )
        yield (
            f"{kampung_id}\t{year}\t{level}\t{ranks[level]}\t{text}\t"
            f"{NULL if profile_id is None else profile_id}\t{stamp}\n"
        )


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
