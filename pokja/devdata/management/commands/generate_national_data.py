import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from pokja.devdata.national import NationalDataExists, generate
from pokja.kernel import pagecache


class Command(BaseCommand):
    help = (
        "Generate national-scale benchmark data: a Pokja with working groups, members and five "
        "years of evidence for every province and kab/kota (refused with production settings)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            help="only this province and its kab/kota, e.g. 63 (repeatable; default: all)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="first delete the demo Pokja in scope (real Pokja are always kept)",
        )
        parser.add_argument(
            "--kecamatan",
            action="store_true",
            help="also every kecamatan (7,285; loads them first): the engine's scale benchmark",
        )
        parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            result = generate(
                province_codes=options["provinces"],
                reset=options["reset"],
                seed=options["seed"],
                kecamatan=options["kecamatan"],
            )
        except (ImproperlyConfigured, NationalDataExists) as exc:
            raise CommandError(str(exc)) from exc
        pagecache.bump()  # written with bulk inserts, which send no signals
        elapsed = time.perf_counter() - started
        counts = ", ".join(f"{count} {kind}" for kind, count in result.counts.items())
        statuses = ", ".join(f"{count} {status}" for status, count in result.statuses.items())
        self.stdout.write(
            self.style.SUCCESS(f"{result.region_count} regions in {elapsed:.1f} s: {counts}")
        )
        self.stdout.write(f"Evidence by status: {statuses}")
        if result.skipped:
            self.stdout.write(f"Skipped (a real Pokja exists): {', '.join(result.skipped)}")
