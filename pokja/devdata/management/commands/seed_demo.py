from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from pokja.devdata.accounts import DEMO_PASSWORD, seed_demo
from pokja.devdata.records import demo_record_counts
from pokja.kernel import pagecache


class Command(BaseCommand):
    help = "Create or refresh the demo accounts and demo data (refused with production settings)."

    def handle(self, *args, **options):
        try:
            users = seed_demo()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        pagecache.bump()  # partly written with bulk inserts, which send no signals
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for user in users:
            where = f"{user.region.code} {user.region.name}" if user.region else "semua wilayah"
            self.stdout.write(f"  {user.username:<12} {user.get_role_display():<28} {where}")
        counts = ", ".join(f"{count} {kind}" for kind, count in demo_record_counts().items())
        self.stdout.write(self.style.SUCCESS(f"Demo records (is_demo): {counts}"))
