import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pokja.services.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive of backup_portal into a new, migrated database (one without "
        "accounts) and file storage; checks every checksum first and every row count after."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="an archive written by backup_portal")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        started = time.perf_counter()
        try:
            summary = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.rows} rows and {summary.files} files from {summary.path} "
                f"in {time.perf_counter() - started:.1f} s; counts and checksums match."
            )
        )
