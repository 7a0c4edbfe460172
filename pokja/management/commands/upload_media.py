from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from django.core.management.base import BaseCommand, CommandError

from pokja.services.storage_bucket import NoBucketConfigured, upload_folder


class Command(BaseCommand):
    help = (
        "Copy every file under FOLDER (the old DJANGO_MEDIA_ROOT) into the bucket named by "
        "AWS_STORAGE_BUCKET_NAME under the same names. Files already there are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="e.g. /srv/pokja/media")

    def handle(self, *args, folder: Path, **options):
        try:
            report = upload_folder(folder)
        except (NoBucketConfigured, FileNotFoundError, BotoCoreError, ClientError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.copied} files copied, {report.skipped} already in the bucket."
            )
        )
