import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from pokja.services.backup import backup


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) with every database row, every evidence file under "
        "MEDIA_ROOT and a manifest of row counts and SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", type=Path, help="the archive to write, e.g. /backup/pokja.tar.gz"
        )

    def handle(self, *args, path: Path, **options):
        started = time.perf_counter()
        summary = backup(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.path}: {summary.rows} rows, {summary.files} files, "
                f"{filesizeformat(summary.size)} in {time.perf_counter() - started:.1f} s"
            )
        )
