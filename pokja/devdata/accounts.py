"""Demo accounts (and, in later issues, demo records) for trying the portal. Never in production."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from pokja.devdata.demo_queue import spread_demo_waiting
from pokja.devdata.records import seed_demo_records
from pokja.kernel.registry import registry
from pokja.models import Region, User
from pokja.services.regions import load_regions

DEMO_PASSWORD = "bangga-kencana-demo"  # noqa: S105 - printed on purpose, refused in production


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    role: str
    region_code: str | None


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Admin Portal", User.Role.ADMIN, None),
    DemoAccount("staf-kalsel", "Staf Kalimantan Selatan", User.Role.STAF_PROVINSI, "63"),
    DemoAccount("staf-sulsel", "Staf Sulawesi Selatan", User.Role.STAF_PROVINSI, "73"),
    DemoAccount("koord-6371", "Koordinator Kota Banjarmasin", User.Role.KOORDINATOR, "63.71"),
    DemoAccount("koord-6372", "Koordinator Kota Banjarbaru", User.Role.KOORDINATOR, "63.72"),
    DemoAccount("koord-7371", "Koordinator Kota Makassar", User.Role.KOORDINATOR, "73.71"),
    DemoAccount("pusat", "Pimpinan Pusat", User.Role.PUSAT, None),
    # A village of Kota Banjarmasin with a demo Kampung KB (kampungkb/devdata/demo.py).
    DemoAccount(
        "operator-6371",
        "Operator Kampung KB Mantuil",
        User.Role.OPERATOR_KAMPUNG_KB,
        "63.71.01.1001",
    ),
]
# The demo provinces whose kecamatan and villages are loaded (the country's take longer).
DEMO_VILLAGE_PROVINCES = ("63", "73")


def seed_demo() -> list[User]:
    """Create or refresh the demo accounts. Idempotent: reruns reset them to their demo state."""
    if not settings.SEED_DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo data is never seeded with production settings.")
    if not Region.objects.filter(code="63.71.01.1001").exists():
        load_regions(include_villages=True, village_prefixes=DEMO_VILLAGE_PROVINCES)
    users = []
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            user, _ = User.objects.update_or_create(
                username=account.username,
                defaults={
                    "first_name": account.first_name,
                    "last_name": "(demo)",
                    "email": f"{account.username}@demo.invalid",
                    "role": account.role,
                    "region_id": account.region_code,
                    "is_active": True,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            users.append(user)
    seed_demo_records()
    registry.run_demo_seeders()
    spread_demo_waiting()
    return users
