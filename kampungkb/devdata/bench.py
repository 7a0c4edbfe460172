"""National-scale Kampung KB for `make bench`: about 20,000 Kampung KB with twelve monthly
profiles each, then the classification (its first run against one SQL statement giving the same
classes, bench_floor.py) and page timings. PostgreSQL only (see scripts/bench.py).
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from io import BytesIO

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kampungkb.devdata.bench_floor import floor, floor_write_seconds, mismatches
from kampungkb.devdata.demo import recipe
from kampungkb.excel import PROFILE_COLUMNS, REGISTRY_COLUMNS, import_workbook
from kampungkb.models import Activity, KampungKB, MaturityClass, Profile
from kampungkb.rules import CLASS_ORDER
from kampungkb.services.classify import classify
from pokja.kernel import spreadsheets
from pokja.kernel.accounts import User
from pokja.kernel.regions import Region
from pokja.kernel.verification import Status
from pokja.services.regions import load_regions

TARGET = 20_000
MONTHS = 12
RUNS = 3
# The first classification against one SQL statement giving the same classes (bench_floor.py).
FLOOR_RATIO_GOAL = 3


def generate(target: int = TARGET) -> int:
    """Replace every bench Kampung KB (is_demo) with `target` of them in villages nationwide."""
    if not Region.objects.filter(level__in=("desa", "kelurahan")).exists():
        load_regions(include_villages=True)
    rng = random.Random(20_000)  # noqa: S311 (repeatable bench data)
    villages = list(
        Region.objects.filter(level__in=("desa", "kelurahan")).values_list("code", flat=True)
    )
    chosen = sorted(rng.sample(villages, min(target, len(villages))))
    KampungKB.objects.all().delete()
    kampung = KampungKB.objects.bulk_create(
        [
            KampungKB(
                region_id=code,
                name=f"Kampung KB {code}",
                launched_on=datetime.date(2019, 1, 1),
                coverage="desa",
                is_demo=True,
            )
            for code in chosen
        ],
        batch_size=5000,
    )
    today = timezone.localdate()
    batch, activities = [], []
    for k in kampung:
        level = rng.choice(CLASS_ORDER)
        fields, agencies = recipe(level, rng)
        for back in range(MONTHS):
            month = today.year * 12 + today.month - 1 - back
            batch.append(
                Profile(
                    kampung=k,
                    period=datetime.date(month // 12, month % 12 + 1, 1),
                    status=Status.TERVERIFIKASI if back else Status.DIAJUKAN,
                    is_demo=True,
                    **fields,
                )
            )
        activities.append(
            Activity(
                kampung=k,
                held_on=today - datetime.timedelta(days=30),
                place="-",
                description="bench",
                family_function="education",
                target_group="-",
                agencies=agencies,
                status=Status.TERVERIFIKASI,
                is_demo=True,
            )
        )
        if len(batch) >= 24_000:
            Profile.objects.bulk_create(batch, batch_size=4000)
            batch = []
    Profile.objects.bulk_create(batch, batch_size=4000)
    Activity.objects.bulk_create(activities, batch_size=5000)
    return len(kampung)


def _median_page(client: Client, url: str, runs: int = 20) -> tuple[float, int]:
    client.get(url)
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries


def _villages(kabkota: Region, n: int | None = None) -> list[str]:
    codes = Region.objects.filter(
        code__startswith=f"{kabkota.code}.", level__in=("desa", "kelurahan")
    ).values_list("code", flat=True)
    return list(codes[:n] if n else codes)


def _save(book) -> BytesIO:
    return BytesIO(spreadsheets.save(book))


def _workbook(kabkota: Region) -> BytesIO:
    book = spreadsheets.new_workbook()
    sheet = book.active
    spreadsheets.append(sheet, [h for h, _f, _k in REGISTRY_COLUMNS])
    for code in _villages(kabkota):
        spreadsheets.append(
            sheet,
            [
                code,
                f"Kampung KB {code}",
                "01/02/2023",
                "desa",
                "poor",
                "",
                None,
                None,
                "tidak",
                "tidak",
            ],
        )
    return _save(book)


def _profiles(kabkota: Region, n: int) -> BytesIO:
    book = spreadsheets.new_workbook()
    sheet = book.active
    headers = [h for h, _f, _k in PROFILE_COLUMNS]
    spreadsheets.append(sheet, headers)
    figures = {name: 0 for name in headers[2:]}
    figures.update(pus=300, families=500, kb_pill=120, kb_implant=40, not_kb_wants_later=20)
    for code in _villages(kabkota, n):
        for month in ("01/2025", "02/2025"):
            spreadsheets.append(sheet, [code, month, *figures.values()])
    return _save(book)


def _vacuum() -> None:
    """Planner statistics and the visibility map of the freshly written tables (the villages
    too, which generate() may have loaded): a production database has both from autovacuum
    (off on the bench machine), and the dashboards' "no profile for three months" reads an
    index alone only where the visibility map is set."""
    with connection.cursor() as cursor:
        for model in (Region, KampungKB, Profile, MaturityClass, Activity):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def _first_runs_against_floor(year: int) -> tuple[float, float, float, int]:
    """Median times of RUNS first classifications (every class written into an empty table),
    of the floor statement, each right after a classification so that a busy machine slows
    both alike, and of the floor that also writes the same rows (bench_floor.floor_write_seconds,
    rolled back), right before it; and the Kampung KB whose stored class differs from the
    statement's."""
    first_times, floor_times, write_times = [], [], []
    for _ in range(RUNS):
        MaturityClass.objects.all().delete()
        # After the delete: the first classification in production writes into an empty table,
        # not into one holding twenty thousand dead rows (the writing floor's are vacuumed too).
        _vacuum()
        write_times.append(floor_write_seconds(year))
        _vacuum()
        start = time.perf_counter()
        classify(years=[year])
        first_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        expected = floor(year)
        floor_times.append(time.perf_counter() - start)
    return (
        statistics.median(first_times),
        statistics.median(floor_times),
        statistics.median(write_times),
        mismatches(expected, year),
    )


def measure() -> list[tuple]:
    """Rows of (what, figure, goal, met) for scripts/bench.py."""
    rows = []
    count = KampungKB.objects.count()
    if count < TARGET * 0.9:
        count = generate()
    year = timezone.localdate().year
    first, floor_s, write_s, misses = _first_runs_against_floor(year)
    ratio = first / floor_s
    rows.append(
        (
            f"Kampung KB classification, {count}, first run (all written), vs one SQL statement",
            f"{first:.2f} / {floor_s:.2f} s = {ratio:.1f}x",
            f"<= {FLOOR_RATIO_GOAL}x",
            ratio <= FLOOR_RATIO_GOAL,
        )
    )
    # The same first run against a statement that also stores the same rows (class, reasons,
    # profile) and has its foreign keys checked: what the database alone needs for the job.
    rows.append(
        (
            "Kampung KB classification, first run, vs one SQL statement writing the same rows",
            f"{first:.2f} / {write_s:.2f} s = {first / write_s:.1f}x",
            "",
            None,
        )
    )
    rows.append(("Kampung KB classification vs SQL statement: mismatches", misses, "0", not misses))
    timings = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            classify(years=[year])
            timings.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
    second = statistics.median(timings)
    rows.append(
        (
            "Kampung KB classification, rerun (nothing changes)",
            f"{second:.2f} s",
            "< 2 s",
            second < 2,
        )
    )
    rows.append(("Kampung KB classification: queries", queries, "fixed", None))

    admin = User.objects.filter(role=User.Role.ADMIN).first() or User.objects.create(
        username="bench-kkb-admin", role=User.Role.ADMIN
    )
    client = Client()
    client.force_login(admin)
    _vacuum()  # after the classification rewrote every class
    biggest = (
        KampungKB.objects.values_list("region__parent__parent_id", flat=True).order_by().first()
    )
    kabkota = Region.objects.get(code=biggest)
    for label, url in (
        ("Kampung KB kab/kota page", f"/kampung-kb/wilayah/{kabkota.code}/"),
        ("Kampung KB province page", f"/kampung-kb/wilayah/{kabkota.province_code}/"),
        ("Kampung KB national page", "/kampung-kb/nasional/"),
    ):
        median, queries = _median_page(client, url)
        rows.append((f"{label}: median", f"{median:.0f} ms", "< 150 ms", median < 150))
        rows.append((f"{label}: queries", queries, "< 15", queries < 15))

    # The largest kab/kota (Aceh Utara, 852 villages): its whole registry, then 1,000 rows of
    # monthly figures (500 villages x 2 months).
    big = Region.objects.get(code="11.08")
    KampungKB.objects.filter(region__code__startswith=f"{big.code}.").delete()
    start = time.perf_counter()
    result = import_workbook(kind="registri", user=admin, kabkota=big, fileobj=_workbook(big))
    seconds = time.perf_counter() - start
    rows.append(
        (
            f"Excel registry upload of {result.created} Kampung KB",
            f"{seconds:.2f} s",
            "< 5 s",
            seconds < 5 and result.ok,
        )
    )
    start = time.perf_counter()
    result = import_workbook(kind="profil", user=admin, kabkota=big, fileobj=_profiles(big, 500))
    seconds = time.perf_counter() - start
    rows.append(
        (
            f"Excel profile upload of {result.created} rows",
            f"{seconds:.2f} s",
            "< 5 s",
            seconds < 5 and result.ok,
        )
    )
    return rows


def operator_username(village_code: str) -> str:
    return f"operator-{village_code}"


def operator_accounts(password_hash: str) -> int:
    """A village operator for every bench Kampung KB that has none (`operator-<village code>`,
    the village as region, as the registry would give them), all with one password hash:
    hashing twenty thousand passwords would take hours, and each copy of the hash checks the
    same password. Returns how many were created."""
    villages = set(KampungKB.objects.filter(is_demo=True).values_list("region_id", flat=True))
    villages -= set(
        User.objects.filter(role=User.Role.OPERATOR_KAMPUNG_KB, region_id__in=villages).values_list(
            "region_id", flat=True
        )
    )
    created = User.objects.bulk_create(
        [
            User(
                username=operator_username(code),
                first_name=f"Operator {code}",
                role=User.Role.OPERATOR_KAMPUNG_KB,
                region_id=code,
                password=password_hash,
            )
            for code in sorted(villages)
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    return len(created)
