"""The national-scale benchmark behind `make bench`: recompute and page timings on PostgreSQL.

Expects the data of `manage.py generate_national_data` in the database named by DATABASE_URL
(PostgreSQL only: SQLite figures would say nothing about production). Measures:

- a full national recompute for one year and for five years (median of 3: time, queries), and
  the peak Python memory of the five-year one (tracemalloc, a separate run: it slows things);
- the query count of a recompute of Kalimantan Selatan (63: the province and 13 kab/kota) next
  to the national one (38 provinces and 514 kab/kota);
- the national one-year recompute against one SQL statement deciding the same four criteria
  (its floor: ratio and mismatches), and a run over every region down to kecamatan (7,837) for
  two years on data generated and rolled back in the run (pokja/devdata/bench_engine.py);
- the median server time and query count of the province, kab/kota and national pages, each
  requested 20 times through Django's test client by a user who may see it: rendered anew
  each time (the cached parts made obsolete first), then served from the cache;
- the reminders ("Perlu tindakan") for every user, with a coordinator per kab/kota and staff
  per province: the first run (which creates the items) and a repeat (which changes nothing).

Run as `.venv/bin/python scripts/bench.py` (`make bench` prepares the database first). The
cache is Redis, as in production (BENCH_REDIS, redis://127.0.0.1:6379/8 by default; CACHE_URL,
if set, wins).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
# The cache production uses, Redis, not config.settings.local's default folder: the engine bumps
# the page cache at the end of each run, a file rename there (about 2 ms on a busy machine) and
# a tenth of that in Redis, and a nightly run's whole work is a few milliseconds. CACHE_URL, if
# set, wins; BENCH_REDIS names the database (8 by default; scripts/bench_load.py uses 7).
os.environ.setdefault("CACHE_URL", os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/8"))
# The bench serves no static files; whitenoise's note about the uncollected folder is noise here.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

import django  # noqa: E402

django.setup()

from bench_table import print_table  # noqa: E402  (scripts/, this script's own folder)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kampungkb.devdata.bench import measure as kampung_kb_measure  # noqa: E402
from pokja.devdata.bench_engine import engine_against_floor, kecamatan_run  # noqa: E402
from pokja.effectiveness.engine import recompute  # noqa: E402
from pokja.kernel import pagecache  # noqa: E402
from pokja.models import Pokja, Region, User  # noqa: E402
from stunting.devdata.bench import bench_rows as stunting_bench_rows  # noqa: E402
from targets.devdata.bench import bench_import  # noqa: E402

RUNS = 3
REQUESTS = 20
PROVINCE, KABKOTA = "63", "63.71"
RECOMPUTE_GOAL_S = 1.0
PAGE_QUERY_GOAL = 15
PAGE_TIME_GOAL_MS = 150
FLOOR_RATIO_GOAL = 2
KECAMATAN_TIME_GOAL_S = 3
KECAMATAN_MEMORY_GOAL_MIB = 200


def main() -> int:
    if connection.vendor != "postgresql":
        print("scripts/bench.py measures PostgreSQL only: set DATABASE_URL=postgres://...")
        return 2
    judged = Region.objects.filter(level__in=("provinsi", *Region.KABUPATEN_KOTA_LEVELS))
    region_count = judged.count()
    pokja_count = Pokja.objects.count()
    if pokja_count < 500:
        print(f"Only {pokja_count} Pokja: run `manage.py generate_national_data --reset` first.")
        return 2
    # Fresh bulk-inserted tables have no planner statistics until autovacuum gets to them; a
    # production database always has them, so measure with them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    scoped_count = judged.filter(code__startswith=f"{PROVINCE}.").count() + 1
    today = timezone.localdate()
    one_year = [today.year]
    five_years = list(range(today.year - 4, today.year + 1))
    database = connection.settings_dict["NAME"]
    print(
        f"Data: {region_count} regions, {pokja_count} Pokja; database {database}"
        f" on PostgreSQL {connection.pg_version // 10000}; {os.cpu_count()} CPUs; today {today}"
    )

    rows = []
    seconds, queries = measure_recompute(one_year, None)
    rows.append(("Recompute, national, 1 year: time", f"{seconds:.3f} s", "< 1 s", seconds < 1))
    rows.append(("Recompute, national, 1 year: queries", queries, "", None))
    national_queries = queries
    seconds, queries = measure_recompute(five_years, None)
    rows.append(("Recompute, national, 5 years: time", f"{seconds:.3f} s", "", None))
    rows.append(("Recompute, national, 5 years: queries", queries, "", None))
    peak = peak_memory(five_years)
    rows.append(("Recompute, national, 5 years: peak memory", f"{peak:.1f} MiB", "", None))
    _, scoped_queries = measure_recompute(one_year, PROVINCE)
    rows.append(
        (
            f"Recompute queries: {scoped_count} regions ({PROVINCE}) vs {region_count}",
            f"{scoped_queries} vs {national_queries}",
            "equal",
            scoped_queries == national_queries,
        )
    )

    floor = engine_against_floor(today.year, today)
    rows.append(
        (
            f"Recompute, national, 1 year, next nights, vs one SQL statement ({floor['regions']})",
            f"{floor['engine_s'] * 1000:.0f} / {floor['floor_s'] * 1000:.0f} ms"
            f" = {floor['ratio']:.1f}x",
            f"<= {FLOOR_RATIO_GOAL}x",
            floor["ratio"] <= FLOOR_RATIO_GOAL,
        )
    )
    rows.append(
        (
            "Recompute vs SQL statement: mismatches",
            floor["mismatches"],
            "0",
            not floor["mismatches"],
        )
    )
    kec = kecamatan_run([today.year - 1, today.year], today)
    label = f"Recompute, down to kecamatan ({kec['regions']} regions), 2 years"
    rows.append(
        (
            f"{label}, first ({kec['first_changes']} changes): time",
            f"{kec['first_s']:.2f} s",
            f"< {KECAMATAN_TIME_GOAL_S} s",
            kec["first_s"] < KECAMATAN_TIME_GOAL_S,
        )
    )
    rows.append(
        (
            f"{label}, repeated ({kec['repeat_changes']} changes): time",
            f"{kec['repeat_s']:.2f} s",
            f"< {KECAMATAN_TIME_GOAL_S} s",
            kec["repeat_s"] < KECAMATAN_TIME_GOAL_S,
        )
    )
    rows.append(
        (
            f"{label}, repeated: peak memory",
            f"{kec['repeat_mib']:.0f} MiB",
            f"< {KECAMATAN_MEMORY_GOAL_MIB}",
            kec["repeat_mib"] < KECAMATAN_MEMORY_GOAL_MIB,
        )
    )

    for label, url, user in (
        ("Province page", f"/wilayah/{PROVINCE}/", bench_user("staf", User.Role.STAF_PROVINSI)),
        ("Kab/kota page", f"/wilayah/{KABKOTA}/", bench_user("koord", User.Role.KOORDINATOR)),
        ("National page", "/nasional/", bench_user("pusat", User.Role.PUSAT)),
    ):
        median_ms, queries, status = measure_page(url, user, cached=False)
        rows.append(
            (
                f"{label} {url}: median time, rendered (HTTP {status})",
                f"{median_ms:.1f} ms",
                f"< {PAGE_TIME_GOAL_MS} ms",
                median_ms < PAGE_TIME_GOAL_MS,
            )
        )
        rows.append(
            (
                f"{label} {url}: queries, rendered",
                queries,
                f"< {PAGE_QUERY_GOAL}",
                queries < PAGE_QUERY_GOAL,
            )
        )
        median_ms, queries, status = measure_page(url, user, cached=True)
        rows.append(
            (
                f"{label} {url}: from the cache: median time, queries",
                f"{median_ms:.1f} ms, {queries}",
                "",
                None,
            )
        )
    imported = bench_import()
    rows.append(
        (
            f"Target workbooks, {imported['kabupaten_kota']} kab/kota x "
            f"{imported['indicators']} indicators: import time",
            f"{imported['import_seconds']:.2f} s",
            f"< {imported['goal_seconds']} s",
            imported["within_goal"],
        )
    )
    rows.append(("Target workbooks: import queries", imported["queries"], "", None))
    rows += stunting_bench_rows(
        measure_page, bench_user, PROVINCE, PAGE_TIME_GOAL_MS, PAGE_QUERY_GOAL
    )
    rows += measure_reminders(region_count)
    rows.extend(kampung_kb_measure())
    rows += measure_backup_restore()
    print_table(rows)
    return 0 if all(row[3] is not False for row in rows) else 1


def measure_recompute(years: list[int], scope_code: str | None) -> tuple[float, int]:
    """Median wall time of RUNS recomputes, and the query count of one more."""
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        recompute(years=years, scope_code=scope_code)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        recompute(years=years, scope_code=scope_code)
    return statistics.median(timings), len(captured)


def peak_memory(years: list[int]) -> float:
    tracemalloc.start()
    try:
        recompute(years=years)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def bench_user(kind: str, role: str) -> User:
    region = {User.Role.STAF_PROVINSI: PROVINCE, User.Role.KOORDINATOR: KABKOTA}.get(role)
    user, _ = User.objects.get_or_create(
        username=f"bench-{kind}", defaults={"role": role, "region_id": region}
    )
    return user


def measure_page(url: str, user: User, *, cached: bool) -> tuple[float, int, int]:
    """Median time over REQUESTS requests (after one warm-up), and the most queries of any:
    each rendered anew (the cached parts made obsolete first), or served from the cache."""
    client = Client()
    client.force_login(user)
    status = client.get(url).status_code
    timings, counts = [], []
    for _ in range(REQUESTS):
        if not cached:
            pagecache.bump()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        counts.append(len(captured))
        status = response.status_code
    return statistics.median(timings) * 1000, max(counts), status


def measure_reminders(region_count: int) -> list[tuple]:
    """Reminders for the whole country, one responsible user per province and kab/kota."""
    from pokja.reminders.models import DueItem
    from pokja.reminders.services import refresh

    regions = Region.objects.filter(level__in=("provinsi", *Region.KABUPATEN_KOTA_LEVELS))
    User.objects.bulk_create(
        [
            User(
                username=f"bench-rem-{code}",
                role=User.Role.STAF_PROVINSI if level == "provinsi" else User.Role.KOORDINATOR,
                region_id=code,
            )
            for code, level in regions.values_list("code", "level")
        ],
        ignore_conflicts=True,
    )
    # A first run, three times from nothing (median), like the other first runs here: a
    # single one swung between 0.7 and 1.4 s on the same machine minutes apart.
    first_times = []
    for _ in range(3):
        DueItem.objects.all().delete()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            first = refresh()
        first_times.append(time.perf_counter() - started)
    first_s = statistics.median(first_times)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        again = refresh()
        timings.append(time.perf_counter() - started)
    repeat_s = statistics.median(timings)
    return [
        (
            f"Reminders, {region_count} responsible users: first run ({first['created']} items)",
            f"{first_s:.3f} s",
            "< 1 s",
            first_s < 1,
        ),
        ("Reminders: first run queries", len(captured), "", None),
        (
            f"Reminders: repeat run (changes {sum(again.values())})",
            f"{repeat_s:.3f} s",
            "< 1 s",
            repeat_s < 1 and sum(again.values()) == 0,
        ),
    ]


def measure_backup_restore() -> list[tuple]:
    """backup_portal, then restore_portal of its archive into this database emptied, inside a
    transaction that is rolled back (the bench data stays). Goal: restore within 3x the backup."""
    import tempfile

    from django.core.management import call_command
    from django.db import transaction

    from pokja.services.backup import backup, restore

    class RolledBack(Exception):
        pass

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        summary = backup(Path(folder) / "bench.tar.gz")
        backup_s = time.perf_counter() - started
        try:
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0)  # restore wants it empty
                with connection.cursor() as cursor:
                    # The flush's pending checks (the permissions it re-creates) run now, or
                    # restore's own flush would find them due; then deferred again, as restore
                    # runs in production (rows load in file order, not in their keys' order).
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                started = time.perf_counter()
                restore(summary.path)
                restore_s = time.perf_counter() - started
                raise RolledBack
        except RolledBack:
            pass
    ratio = restore_s / backup_s
    return [
        (
            f"Backup then restore, {summary.rows} rows: restore / backup",
            f"{restore_s:.1f} / {backup_s:.1f} s = {ratio:.1f}x",
            "<= 3x",
            ratio <= 3,
        )
    ]


if __name__ == "__main__":
    sys.exit(main())
