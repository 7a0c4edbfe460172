"""Send the e-mail digests that are due (the nightly run does the same after computing)."""

from django.core.management.base import BaseCommand

from pokja.reminders.digest import send_digests


class Command(BaseCommand):
    help = "Send each user's reminder digest (daily or weekly, as chosen), once per period."

    def handle(self, *args, **options):
        self.stdout.write(f"Digests sent: {send_digests()}")
