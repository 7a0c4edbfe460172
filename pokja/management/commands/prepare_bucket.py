from botocore.exceptions import BotoCoreError, ClientError
from django.core.management.base import BaseCommand, CommandError
from health_check.exceptions import HealthCheckException

from pokja.services.storage_bucket import NoBucketConfigured, prepare_bucket


class Command(BaseCommand):
    help = (
        "Create the object-storage bucket named by AWS_STORAGE_BUCKET_NAME if it is missing, "
        "block public access to it, and check a write, read and delete work. Safe to run again."
    )

    def handle(self, *args, **options):
        try:
            report = prepare_bucket()
        except (NoBucketConfigured, HealthCheckException, BotoCoreError, ClientError) as exc:
            raise CommandError(str(exc)) from exc  # e.g. wrong keys, endpoint unreachable
        self.stdout.write(
            f"Bucket {report.name}: {'created' if report.created else 'already there'}; "
            + (
                "public access blocked"
                if report.public_access_blocked
                else "this server does not support blocking public access (keep it private "
                "with its own policy)"
            )
        )
        self.stdout.write(self.style.SUCCESS("Write, read and delete work."))
