from botocore.exceptions import BotoCoreError, ClientError

from pokja.management.service_command import ServiceCommand, existing_folder
from pokja.services.storage_bucket import NoBucketConfigured, upload_folder


class Command(ServiceCommand):
    help = (
        "Copy every file under FOLDER (the old DJANGO_MEDIA_ROOT) into the bucket named by "
        "AWS_STORAGE_BUCKET_NAME under the same names. Files already there are skipped."
    )
    expected = (NoBucketConfigured, FileNotFoundError, BotoCoreError, ClientError)

    def add_arguments(self, parser):
        parser.add_argument("folder", type=existing_folder, help="e.g. /srv/pokja/media")

    def handle(self, *args, folder, **options):
        report = self.run_service(upload_folder, folder)
        self.success(f"{report.copied} files copied, {report.skipped} already in the bucket.")
