import time
from pathlib import Path

from django.template.defaultfilters import filesizeformat

from pokja.management.service_command import ServiceCommand
from pokja.services.backup import backup


class Command(ServiceCommand):
    help = (
        "Write one archive (.tar.gz, readable by its owner only) with every database row, every "
        "file of the portal's storage (folder or bucket) and a manifest of row counts and "
        "SHA-256 checksums. Without a path: a new archive in BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            nargs="?",
            help="the archive to write, e.g. /srv/pokja/backup/pokja.tar.gz "
            "(default: BACKUP_DIR/pokja-<date>-<time>.tar.gz)",
        )

    def handle(self, *args, path: Path | None, **options):
        started = time.perf_counter()
        summary = backup(path)
        self.success(
            f"{summary.path}: {summary.rows} rows, {summary.files} files, "
            f"{filesizeformat(summary.size)} in {time.perf_counter() - started:.1f} s"
        )
