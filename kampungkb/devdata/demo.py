"""Demo Kampung KB for Kalimantan Selatan and Sulawesi Selatan (is_demo). Never in production.

Counts follow the published figures: Kabupaten Tanah Laut 135, whose computed classes for 2025
come out at the published 93 Dasar, 25 Berkembang, 3 Mandiri, 14 Berkelanjutan (their December
2025 profiles; a few are a class higher since, as its push to lift a class a year asks, a couple
lower), Kabupaten Banjar 290, Kota Banjarmasin 25, Sulawesi Selatan about 1,900; the other
kab/kota of Kalimantan Selatan get a few each. Every Kampung KB gets the profiles of the last
three months (most verified, some waiting, a few drafts), one of last December (some were a
class lower or higher then), and an activity; about one in twenty has had no profile for three
months. Rerunning replaces the demo rows.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from kampungkb.models import Activity, KampungKB, MaturityClass, Profile
from kampungkb.rules import BERKELANJUTAN, BERKEMBANG, CLASS_ORDER, DASAR, MANDIRI
from kampungkb.services.classify import classify
from pokja.kernel.regions import Region
from pokja.kernel.verification import Status

SEED = 6301
# Kabupaten Tanah Laut's published classes, and the year they belong to.
TANAH_LAUT_MIX = {DASAR: 93, BERKEMBANG: 25, MANDIRI: 3, BERKELANJUTAN: 14}
TANAH_LAUT_YEAR = 2025
# Kampung KB per kab/kota code where the published figure is known; else a share of villages.
KNOWN_COUNTS = {"63.01": 135, "63.03": 290, "63.71": 25}
SULSEL_TOTAL = 1900
OTHER_KALSEL_SHARE = 0.15
DEFAULT_MIX = {DASAR: 0.68, BERKEMBANG: 0.2, MANDIRI: 0.04, BERKELANJUTAN: 0.08}
NAMES = ("Sejahtera", "Harapan", "Berseri", "Mekar", "Bahagia", "Maju", "Bersatu", "Lestari")


def _months_back(today: datetime.date, n: int) -> datetime.date:
    month = today.year * 12 + today.month - 1 - n
    return datetime.date(month // 12, month % 12 + 1, 1)


def _mix(count: int, shares: dict) -> list[str]:
    levels = []
    for level in CLASS_ORDER[1:]:
        levels += [level] * round(count * shares[level])
    return [DASAR] * (count - len(levels)) + levels


def recipe(level: str, rng: random.Random) -> tuple[dict, list[str]]:
    """Profile fields and one activity's agencies that the rule puts in `level`."""
    strong_input = level in (BERKEMBANG, MANDIRI, BERKELANJUTAN)
    strong_process = level in (BERKEMBANG, BERKELANJUTAN)
    strong_output = level in (MANDIRI, BERKELANJUTAN)
    families = rng.randint(250, 900)
    pus = int(families * rng.uniform(0.55, 0.7))
    teen_families = int(families * rng.uniform(0.2, 0.35))
    toddler_families = int(families * rng.uniform(0.15, 0.3))
    elderly_families = int(families * rng.uniform(0.15, 0.3))
    teenagers = int(teen_families * rng.uniform(1.1, 1.5))
    share = rng.uniform(0.22, 0.3) if strong_output else rng.uniform(0.03, 0.15)
    users = int(pus * (rng.uniform(0.52, 0.65) if strong_output else rng.uniform(0.31, 0.45)))
    long_acting = int(
        users * (rng.uniform(0.26, 0.35) if strong_output else rng.uniform(0.1, 0.19))
    )
    unmet = int(pus * (rng.uniform(0.02, 0.05) if strong_output else rng.uniform(0.13, 0.17)))
    iud, implant = long_acting // 2, long_acting - long_acting // 2
    short = users - long_acting
    injection, pill = int(short * 0.6), int(short * 0.3)
    fields = {
        "pokja_formed": True if strong_input else rng.random() < 0.7,
        "pokja_trained": strong_input,
        "guide": "pkb" if strong_input or rng.random() < 0.5 else "cadre",
        "regulation_signer": "kades" if strong_input else "",
        "has_rkm": strong_process,
        "data_sources": ["pk", "routine", "podes"] if strong_process else ["pk"],
        "funding_sources": ["apbd", "dana_desa", "self"] if strong_input else ["dana_desa"],
        "has_secretariat": True if strong_input else rng.random() < 0.5,
        "has_rumah_dataku": strong_input,
        "routine_planning": "monthly",
        "routine_coordination": "quarterly" if strong_process else "none",
        "routine_outreach": "monthly" if strong_process else "ad_hoc",
        "routine_monitoring": "quarterly" if strong_process else "none",
        "routine_reporting": "monthly" if strong_process else "none",
        "pus": pus,
        "families": families,
        "teenagers": teenagers,
        "families_with_toddler": toddler_families,
        "families_with_teenager": teen_families,
        "families_with_elderly": elderly_families,
        "kb_iud": iud,
        "kb_implant": implant,
        "kb_injection": injection,
        "kb_pill": pill,
        "kb_condom": short - injection - pill,
        "not_kb_pregnant": int(pus * 0.03),
        "not_kb_wants_later": unmet // 2,
        "not_kb_wants_no_more": unmet - unmet // 2,
    }
    fields["pokja_members"] = rng.randint(9, 25) if fields["pokja_formed"] else 0
    fields["pokja_members_trained"] = fields["pokja_members"] // 2 if strong_input else 0
    present = ["bkb", "bkr", "bkl", "uppka", "pikr"][: 4 if strong_input else 2]
    targets = {
        "bkb": toddler_families,
        "bkr": teen_families,
        "bkl": elderly_families,
        "uppka": families,
        "pikr": teenagers,
    }
    for poktan, target in targets.items():
        active = poktan in present or strong_output
        fields[f"{poktan}_active"] = active
        fields[f"{poktan}_members"] = int(target * share) if active else 0
    agencies = (
        ["bkkbn", "health", "village", "education", "social"] if strong_process else ["bkkbn"]
    )
    return fields, agencies


def _lower(level: str) -> str:
    return CLASS_ORDER[max(CLASS_ORDER.index(level) - 1, 0)]


def _higher(level: str) -> str:
    return CLASS_ORDER[min(CLASS_ORDER.index(level) + 1, len(CLASS_ORDER) - 1)]


def _classes(
    code: str, level: str, rng: random.Random, today: datetime.date
) -> tuple[str, str, datetime.date]:
    """(this year's class, the previous class, the month of the previous profile).

    Elsewhere `level` is this year's class and some were a class lower (or a Dasar higher) last
    December. In Tanah Laut `level` is the published class of December 2025; since then about
    one in twelve has gone up a class and one in fifty down.
    """
    roll = rng.random()
    if code.startswith("63.01."):
        now = _higher(level) if roll < 0.08 else _lower(level) if roll < 0.1 else level
        return now, level, datetime.date(TANAH_LAUT_YEAR, 12, 1)
    previous = level
    if roll < 0.1:
        previous = _lower(level)
    elif roll < 0.12 and level == DASAR:
        previous = BERKEMBANG
    return level, previous, datetime.date(today.year - 1, 12, 1)


def seed_demo_kampung_kb(**_kwargs) -> dict[str, int]:
    if not settings.SEED_DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo data is never seeded with production settings.")
    rng = random.Random(SEED)  # noqa: S311 (repeatable demo data, not secrets)
    today = timezone.localdate()
    now = timezone.now()
    villages = list(
        Region.objects.filter(level__in=("desa", "kelurahan"))
        .filter(code__regex=r"^(63|73)\.")
        .order_by("code")
        .values_list("code", "name")
    )
    by_kabkota: dict[str, list] = {}
    for code, name in villages:
        by_kabkota.setdefault(code[:5], []).append((code, name))
    sulsel_villages = sum(len(v) for k, v in by_kabkota.items() if k.startswith("73."))
    plan = []  # (village code, village name, level)
    for kabkota, rows in sorted(by_kabkota.items()):
        if kabkota in KNOWN_COUNTS:
            count = KNOWN_COUNTS[kabkota]
        elif kabkota.startswith("73."):
            count = round(len(rows) * SULSEL_TOTAL / max(sulsel_villages, 1))
        else:
            count = round(len(rows) * OTHER_KALSEL_SHARE)
        chosen = rows if count >= len(rows) else sorted(rng.sample(rows, count))
        if kabkota == "63.71" and ("63.71.01.1001", "Mantuil") not in chosen:
            chosen = [("63.71.01.1001", "Mantuil"), *chosen[:-1]]  # the demo operator's village
        if kabkota == "63.01":
            levels = [lvl for lvl, n in TANAH_LAUT_MIX.items() for _ in range(n)]
        else:
            levels = _mix(len(chosen), DEFAULT_MIX)
        rng.shuffle(levels)
        plan += [(code, name, level) for (code, name), level in zip(chosen, levels, strict=False)]

    with transaction.atomic():
        KampungKB.objects.filter(is_demo=True).delete()
        kampung = KampungKB.objects.bulk_create(
            [
                KampungKB(
                    region_id=code,
                    name=f"Kampung KB {rng.choice(NAMES)} {name}",
                    launched_on=datetime.date(
                        rng.choice((2016, 2017, 2018, 2019, 2021, 2022)),
                        rng.randint(1, 12),
                        rng.randint(1, 28),
                    ),
                    coverage=rng.choice(("desa", "desa", "rw", "dusun")),
                    selection_criteria=rng.sample(["low_kb", "poor", "remote"], rng.randint(1, 2)),
                    description="Data demo.",
                    is_model_kabupaten=level == BERKELANJUTAN and rng.random() < 0.3,
                    is_demo=True,
                )
                for code, name, level in plan
            ],
            batch_size=1000,
        )
        profiles, activities = [], []
        for k, (code, _name, planned) in zip(kampung, plan, strict=True):
            stale = code != "63.71.01.1001" and rng.random() < 0.05
            level, previous, december = _classes(code, planned, rng, today)
            fields, old_agencies = recipe(previous, rng)
            activities.append(
                _activity(k, december.replace(month=11, day=rng.randint(1, 28)), old_agencies, now)
            )
            profiles.append(_profile(k, december, fields, Status.TERVERIFIKASI, now))
            months = (5,) if stale else (2, 1, 0)
            for back in months:
                fields, agencies = recipe(level, rng)
                status = Status.TERVERIFIKASI
                if back == 0:
                    status = rng.choice((Status.DIAJUKAN, Status.DIAJUKAN, Status.DRAF))
                profiles.append(_profile(k, _months_back(today, back), fields, status, now))
            held_on = _months_back(today, 1) + datetime.timedelta(days=rng.randint(0, 20))
            activities.append(_activity(k, held_on, agencies, now))
        Profile.objects.bulk_create(profiles, batch_size=1000)
        Activity.objects.bulk_create(activities, batch_size=1000)
    MaturityClass.objects.filter(kampung__is_demo=True).delete()
    classify(years=sorted({TANAH_LAUT_YEAR, today.year - 1, today.year}), today=today)
    return {"kampung": len(kampung), "profiles": len(profiles), "activities": len(activities)}


def _profile(kampung, period, fields, status, now) -> Profile:
    return Profile(
        kampung=kampung,
        period=period,
        status=status,
        verified_at=now if status == Status.TERVERIFIKASI else None,
        is_demo=True,
        **fields,
    )


def _activity(kampung, held_on, agencies, now) -> Activity:
    return Activity(
        kampung=kampung,
        held_on=held_on,
        place=f"Balai desa {kampung.region_id}",
        description="Penyuluhan 8 fungsi keluarga bersama lintas sektor (demo).",
        family_function="reproduction",
        target_group="Keluarga dengan balita dan remaja",
        agencies=agencies,
        status=Status.TERVERIFIKASI,
        verified_at=now,
        is_demo=True,
    )
