"""Recompute "Perlu tindakan" for every user now (the nightly run does the same)."""

from django.core.management.base import BaseCommand

from pokja.reminders.services import refresh


class Command(BaseCommand):
    help = "Recompute the items that need each user's action."

    def handle(self, *args, **options):
        counts = refresh()
        self.stdout.write(
            "Reminders: {created} new, {updated} updated, {deleted} fixed.".format(**counts)
        )
