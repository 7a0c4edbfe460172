"""The month-end surge of `make bench` (scripts/bench_surge.py): who takes part, the state before
it, and the rows counted after it. Bench data only; refused under production settings.

Before the surge nobody in the pool has this month's profile yet: a pool of bench Kampung KB
spread over the country has this month's profile removed (with its files), and each of its
village operators submits it once through the real form. Coordinators of the pool's kab/kota,
provincial staff, a national reader and a BI tool with personal API tokens take part too.
After it, the profiles of the month are counted against the submissions the clients saw saved.
"""

from __future__ import annotations

import datetime
import io
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from knox.models import AuthToken
from PIL import Image

from kampungkb.devdata.bench import operator_accounts, operator_username
from kampungkb.models import KampungKB, Profile
from pokja.kernel.accounts import User
from pokja.kernel.verification import Status

PASSWORD = "surge-bench-only"  # noqa: S105 - bench accounts, refused in production
BI_TOKENS = 4  # one per BI tool; each has its own throttle budget (pokja.api.throttling)
PROFILE_FILES = ("document", "rkm_document")

# A month's profile as an operator fills the form (figures that add up: the form checks them);
# the Pokja's SK goes with it as a photo taken with the phone.
PROFILE_FORM = {
    "pokja_formed": "on",
    "pokja_sk_signer": "kades",
    "pokja_trained": "on",
    "pokja_members": "12",
    "pokja_members_trained": "8",
    "guide": "pkb",
    "regulation_signer": "kades",
    "data_sources": ["pk", "routine"],
    "funding_sources": ["dana_desa", "apbd"],
    "has_secretariat": "on",
    "has_rumah_dataku": "on",
    "bkb_active": "on",
    "bkb_members": "40",
    "bkr_active": "on",
    "bkr_members": "35",
    "bkl_active": "on",
    "bkl_members": "25",
    "uppka_active": "on",
    "uppka_members": "30",
    "pikr_members": "0",
    "routine_planning": "monthly",
    "routine_coordination": "quarterly",
    "routine_outreach": "monthly",
    "routine_monitoring": "quarterly",
    "routine_reporting": "monthly",
    "pus": "300",
    "families": "500",
    "teenagers": "200",
    "families_with_toddler": "120",
    "families_with_teenager": "150",
    "families_with_elderly": "90",
    "kb_iud": "10",
    "kb_mow": "2",
    "kb_mop": "0",
    "kb_condom": "5",
    "kb_implant": "20",
    "kb_injection": "60",
    "kb_pill": "80",
    "not_kb_pregnant": "10",
    "not_kb_wants_child_now": "8",
    "not_kb_wants_later": "15",
    "not_kb_wants_no_more": "12",
    "status": Status.DIAJUKAN,
}


def photo() -> bytes:
    """A small phone photo of the SK: 800x600 JPEG of about 60 KB (the noise keeps it from
    compressing to nothing); the portal decodes and re-encodes every image it stores."""
    rng = random.Random(22)  # noqa: S311 (bench data)
    image = Image.new("RGB", (800, 600), (236, 232, 220))
    pixels = image.load()
    for _ in range(40_000):
        pixels[rng.randrange(800), rng.randrange(600)] = (
            rng.randrange(256),
            rng.randrange(256),
            rng.randrange(256),
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def prepare(pool_size: int) -> dict:
    """Accounts and the state before the surge; returns the plan the load profile reads (the
    photo's file is the caller's to add, as "photo")."""
    if not settings.SEED_DEMO_ALLOWED:
        raise ImproperlyConfigured("Bench data is never written with production settings.")
    password_hash = make_password(PASSWORD)
    operator_accounts(password_hash)
    kampung = list(
        KampungKB.objects.filter(is_demo=True, is_active=True)
        .order_by("region_id")
        .values_list("pk", "region_id")
    )
    if len(kampung) < pool_size:
        raise ImproperlyConfigured(
            f"{len(kampung)} bench Kampung KB, {pool_size} needed: run scripts/bench.py first."
        )
    step = len(kampung) // pool_size
    pool = kampung[::step][:pool_size]
    kabkota = sorted({code.rsplit(".", 2)[0] for _pk, code in pool})
    provinces = sorted({code.split(".")[0] for code in kabkota})
    with transaction.atomic():
        User.objects.filter(username__in=[operator_username(code) for _pk, code in pool]).update(
            password=password_hash, is_active=True
        )
        _forget_month([pk for pk, _code in pool])
        coordinators = [
            _account(f"koordinator-{code}", User.Role.KOORDINATOR, code, password_hash)
            for code in kabkota
        ]
        staff = [
            _account(f"staf-{code}", User.Role.STAF_PROVINSI, code, password_hash)
            for code in provinces
        ]
        national = _account("pusat-surge", User.Role.PUSAT, None, password_hash)
        bi_user = _account("surge-reader", User.Role.PUSAT, None, password_hash)
        AuthToken.objects.filter(user=bi_user).delete()
        tokens = [
            AuthToken.objects.create(user=bi_user, expiry=datetime.timedelta(days=1))[1]
            for _ in range(BI_TOKENS)
        ]
    return {
        "password": PASSWORD,
        "month": f"{this_month():%m/%Y}",
        "profile": PROFILE_FORM,
        "operators": [
            {"username": operator_username(code), "kampung": pk, "village": code}
            for pk, code in pool
        ],
        "coordinators": [{"username": u.username, "region": u.region_id} for u in coordinators],
        # The national reader first: a step with one staff user has them.
        "staff": [{"username": u.username, "region": u.region_id} for u in (national, *staff)],
        "bi_tokens": tokens,
        "year": this_month().year,
    }


def _account(username: str, role: str, region: str | None, password_hash: str) -> User:
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "role": role,
            "region_id": region,
            "password": password_hash,
            "is_active": True,
            "first_name": username,
        },
    )
    return user


def _forget_month(kampung_pks: list[int]) -> None:
    """This month's profiles of the pool removed, their stored files too; and every profile an
    earlier run sent (the generator's are demo rows, a form's are not), wherever it was: a run
    with another pool size used other villages, and its photos went with its temporary folder,
    so a coordinator of this run would open a profile whose photo is gone."""
    profiles = Profile.objects.filter(
        Q(kampung_id__in=kampung_pks) | Q(kampung__is_demo=True, is_demo=False),
        period=this_month(),
    )
    names = [
        name
        for row in profiles.values_list(*PROFILE_FILES)
        for name in row
        if name and not name.startswith("evidence/bench/")
    ]
    profiles.delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def tally(kampung_pks: list[int]) -> dict:
    """This month's profiles of these Kampung KB: rows, villages, photos (stored files
    present)."""
    profiles = Profile.objects.filter(kampung_id__in=kampung_pks, period=this_month())
    documents = list(profiles.exclude(document="").values_list("document", flat=True))
    return {
        "rows": profiles.count(),
        "villages": profiles.values("kampung_id").distinct().count(),
        "photos": sum(1 for name in documents if default_storage.exists(name)),
        "pks": set(profiles.values_list("pk", flat=True)),
    }
