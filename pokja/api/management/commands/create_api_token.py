"""A personal API token for an account, printed once (scripts and CI: `scripts/api_fuzz.sh`).
The same service as the profile page's *Buat token*: the portal keeps only its hash."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pokja.api.tokens import token_create
from pokja.models import User


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print it (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="script")
        parser.add_argument("--days", type=int, default=1)

    def handle(self, *args, username, name, days, **options):
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active account {username!r}.") from exc
        try:
            _token, plain = token_create(user=user, name=name, days=days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(plain)
