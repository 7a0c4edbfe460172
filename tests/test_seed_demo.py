import io

import pytest
from django.core.management import call_command

from pokja.devdata.accounts import DEMO_PASSWORD
from pokja.models import User
from tests.helpers import shared_then_rolled_back


def seed_demo() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """One seeding for the module; each test's changes roll back into it."""
    yield from shared_then_rolled_back(django_db_blocker, seed_demo)


def test_seed_demo_creates_every_role_and_prints_logins(db, seeded_once):
    out = seeded_once
    expected = {
        "admin": (User.Role.ADMIN, None),
        "staf-kalsel": (User.Role.STAF_PROVINSI, "63"),
        "staf-sulsel": (User.Role.STAF_PROVINSI, "73"),
        "koord-6371": (User.Role.KOORDINATOR, "63.71"),
        "koord-6372": (User.Role.KOORDINATOR, "63.72"),
        "koord-7371": (User.Role.KOORDINATOR, "73.71"),
        "pusat": (User.Role.PUSAT, None),
    }
    for username, (role, region) in expected.items():
        user = User.objects.get(username=username)
        assert (user.role, user.region_id) == (role, region)
        assert user.check_password(DEMO_PASSWORD)
        assert username in out
    assert DEMO_PASSWORD in out


def test_seed_demo_twice_changes_nothing_but_resets_passwords(db, seeded_once):
    koord = User.objects.get(username="koord-6371")
    koord.set_password("lain-lain-123")
    koord.save()

    seed_demo()

    assert User.objects.count() == 8  # with the Kampung KB operator
    assert User.objects.get(username="koord-6371").check_password(DEMO_PASSWORD)


def test_the_demo_kampung_kb_targets_follow_the_demo_kampung_kb(db, seeded_once):
    """The targets demo runs after the Kampung KB demo, so Tanah Laut's target follows its 135
    Kampung KB (published) instead of a number that reads 700 % on the Rakerda page."""
    from targets.models import RegionTarget

    shares = RegionTarget.objects.filter(
        region_id="63.01", province_target__indicator__code="jumlah-kampung-kb"
    )
    assert shares.exists()
    assert all(135 <= share.value <= 150 for share in shares)
