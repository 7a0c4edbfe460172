import time

from pokja.management.service_command import ServiceCommand, existing_file
from pokja.services.backup import BackupError, restore


class Command(ServiceCommand):
    help = (
        "Restore an archive of backup_portal into a new, migrated database (one without "
        "accounts) and file storage; checks every checksum first and every row count after."
    )
    expected = (BackupError,)

    def add_arguments(self, parser):
        parser.add_argument("path", type=existing_file, help="an archive written by backup_portal")

    def handle(self, *args, path, **options):
        started = time.perf_counter()
        summary = self.run_service(restore, path)
        self.success(
            f"Restored {summary.rows} rows and {summary.files} files from {summary.path} "
            f"in {time.perf_counter() - started:.1f} s; counts and checksums match."
        )
