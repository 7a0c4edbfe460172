from botocore.exceptions import BotoCoreError, ClientError
from health_check.exceptions import HealthCheckException

from pokja.management.service_command import ServiceCommand
from pokja.services.storage_bucket import NoBucketConfigured, prepare_bucket


class Command(ServiceCommand):
    help = (
        "Create the object-storage bucket named by AWS_STORAGE_BUCKET_NAME if it is missing, "
        "block public access to it, and check a write, read and delete work. Safe to run again."
    )
    # e.g. wrong keys, endpoint unreachable
    expected = (NoBucketConfigured, HealthCheckException, BotoCoreError, ClientError)

    def handle(self, *args, **options):
        report = self.run_service(prepare_bucket)
        self.stdout.write(
            f"Bucket {report.name}: {'created' if report.created else 'already there'}; "
            + (
                "public access blocked"
                if report.public_access_blocked
                else "this server does not support blocking public access (keep it private "
                "with its own policy)"
            )
        )
        self.success("Write, read and delete work.")
