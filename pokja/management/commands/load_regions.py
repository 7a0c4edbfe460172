from time import perf_counter

from django.core.management.base import BaseCommand

from pokja.services.regions import load_regions


class Command(BaseCommand):
    help = (
        "Load or update the Kemendagri regions shipped with the project (idn-area-data 4.0.1, "
        "ODbL). Provinces and regencies/cities always; --villages adds kecamatan and "
        "desa/kelurahan. Safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--villages",
            action="store_true",
            help="also load the 7,285 kecamatan and 83,762 desa/kelurahan",
        )

    def handle(self, *args, **options):
        started = perf_counter()
        result = load_regions(include_villages=options["villages"])
        counts = ", ".join(f"{level}: {n}" for level, n in result.level_counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.total} regions loaded in {perf_counter() - started:.1f} s ({counts})"
            )
        )
