from django.core.management.base import BaseCommand

from stunting.services import compute_overdue_reports


class Command(BaseCommand):
    help = "Recompute which TPPS semester reports are overdue (the nightly job, by hand)."

    def handle(self, *args, **options):
        count = compute_overdue_reports()
        self.stdout.write(self.style.SUCCESS(f"{count} semester reports overdue."))
