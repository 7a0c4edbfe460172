from django.core.management import call_command

from pokja.devdata.accounts import DEMO_PASSWORD
from pokja.models import User


def test_seed_demo_creates_every_role_and_prints_logins(db, capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
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


def test_seed_demo_twice_changes_nothing_but_resets_passwords(db):
    call_command("seed_demo")
    koord = User.objects.get(username="koord-6371")
    koord.set_password("lain-lain-123")
    koord.save()

    call_command("seed_demo")

    assert User.objects.count() == 8  # with the Kampung KB operator
    assert User.objects.get(username="koord-6371").check_password(DEMO_PASSWORD)
