"""Compute every Kampung KB's maturity class for a year: set-based, idempotent, locked.

A fixed number of queries whatever the number of Kampung KB: their ids, their latest verified
profiles (one query with a correlated subquery), the agencies of their verified activities in
the twelve months up to the reference date, the stored classes, and one upsert of the rows that
changed. Rows that did not change are not written, so a second run writes nothing.

The reference date of a year is 31 December, or today for the current year: the latest verified
profile up to that date counts, and the activities of the twelve months before it.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from kampungkb import rules
from kampungkb.models import Activity, KampungKB, MaturityClass, Profile
from kampungkb.models.profiles import (
    KB_METHODS,
    LONG_ACTING,
    POKTAN,
    POKTAN_TARGETS,
    ROUTINES,
)
from pokja.effectiveness.locks import EngineLock
from pokja.kernel import pagecache
from pokja.kernel.scoping import region_scope_q
from pokja.kernel.verification import Status

logger = logging.getLogger(__name__)

LOCK_NAME = "kampungkb-classes"
PROFILE_FIELDS = (
    "pk",
    "kampung_id",
    "pokja_formed",
    "pokja_members",
    "pokja_trained",
    "guide",
    "regulation_signer",
    "data_sources",
    "funding_sources",
    "has_secretariat",
    "has_rumah_dataku",
    *(f"{p}_active" for p in POKTAN),
    *(f"{p}_members" for p in POKTAN),
    *(f"routine_{r}" for r in ROUTINES),
    *set(POKTAN_TARGETS.values()),
    "pus",
    *(f"kb_{m}" for m in KB_METHODS),
    "not_kb_wants_later",
    "not_kb_wants_no_more",
)


class ClassifyBusy(Exception):  # noqa: N818 (named like the engine's EngineBusy)
    """Another classification holds the lock."""


@dataclass(frozen=True)
class ClassifyResult:
    year: int
    kampung_count: int
    changed: int


def reference_date(year: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def facts_from(profile: dict | None, agencies: int) -> rules.Facts:
    """The rule's facts from a profile row (as read by `PROFILE_FIELDS`)."""
    if profile is None:
        return rules.Facts(agencies=agencies)
    return rules.Facts(
        pokja_formed=profile["pokja_formed"],
        pokja_has_members=profile["pokja_members"] > 0,
        pokja_trained=profile["pokja_trained"],
        funding_sources=len(set(profile["funding_sources"] or [])),
        poktan_present=sum(bool(profile[f"{p}_active"]) for p in POKTAN),
        secretariat=profile["has_secretariat"],
        rumah_dataku=profile["has_rumah_dataku"],
        field_officer=profile["guide"] == "pkb",
        regulation=bool(profile["regulation_signer"]),
        data_sources=len(set(profile["data_sources"] or [])),
        routines_active=sum(profile[f"routine_{r}"] != "none" for r in ROUTINES),
        agencies=agencies,
        poktan_members=tuple(
            (profile[f"{p}_members"] if profile[f"{p}_active"] else 0, profile[POKTAN_TARGETS[p]])
            for p in POKTAN
        ),
        pus=profile["pus"],
        kb_users=sum(profile[f"kb_{m}"] for m in KB_METHODS),
        long_acting_users=sum(profile[f"kb_{m}"] for m in LONG_ACTING),
        unmet_need=profile["not_kb_wants_later"] + profile["not_kb_wants_no_more"],
    )


def _scoped(queryset, field: str, scope_code: str | None):
    return queryset.filter(region_scope_q(field, scope_code)) if scope_code else queryset


def _compute(year: int, scope_code: str | None, today: datetime.date | None) -> ClassifyResult:
    as_of = reference_date(year, today)
    kampung = _scoped(KampungKB.objects.active(), "region__code", scope_code)
    latest = (
        Profile.objects.filter(kampung=OuterRef("pk"), status=Status.TERVERIFIKASI)
        .filter(period__lte=as_of)
        .order_by("-period")
        .values("pk")[:1]
    )
    ids = list(kampung.values_list("pk", flat=True))
    profiles = {
        row["kampung_id"]: row
        for row in Profile.objects.filter(
            pk__in=kampung.annotate(latest=Subquery(latest)).values("latest")
        ).values(*PROFILE_FIELDS)
    }
    agencies = defaultdict(set)
    activity_rows = _scoped(
        Activity.objects.filter(
            status=Status.TERVERIFIKASI,
            held_on__gt=as_of - datetime.timedelta(days=365),
            held_on__lte=as_of,
            kampung__is_active=True,
        ),
        "kampung__region__code",
        scope_code,
    ).values_list("kampung_id", "agencies")
    for kampung_id, names in activity_rows:
        agencies[kampung_id].update(names or [])
    stored = {
        row[0]: row[1:]
        for row in _scoped(
            MaturityClass.objects.filter(year=year), "kampung__region__code", scope_code
        ).values_list("kampung_id", "level", "reasons", "profile_id")
    }
    now = timezone.now()
    changed = []
    for kampung_id in ids:
        profile = profiles.get(kampung_id)
        result = rules.classify(facts_from(profile, len(agencies[kampung_id])))
        row = (result.maturity_class, result.as_reasons(), profile["pk"] if profile else None)
        if stored.get(kampung_id) != row:
            changed.append(
                MaturityClass(
                    kampung_id=kampung_id,
                    year=year,
                    level=row[0],
                    rank=MaturityClass.rank_of(row[0]),
                    reasons=row[1],
                    profile_id=row[2],
                    computed_at=now,
                )
            )
    if changed:
        MaturityClass.objects.bulk_create(
            changed,
            batch_size=5000,
            update_conflicts=True,
            unique_fields=["kampung", "year"],
            update_fields=["level", "rank", "reasons", "profile", "computed_at"],
        )
        pagecache.bump()  # bulk writes send no signals
    return ClassifyResult(year, len(ids), len(changed))


def classify(
    *, years: list[int], scope_code: str | None = None, today: datetime.date | None = None
) -> list[ClassifyResult]:
    """Recompute the classes of every active Kampung KB in scope (all, or a region's) for the
    given years. Raises ClassifyBusy when another run holds the lock."""
    lock = EngineLock(LOCK_NAME)
    if not lock.acquire():
        raise ClassifyBusy
    try:
        with transaction.atomic():
            return [_compute(year, scope_code, today) for year in years]
    finally:
        lock.release()


def nightly(*, run=None) -> None:
    """Registered nightly job: this year and last year (a late verification may change it).
    A failure is written to the effectiveness run's log and does not undo that run."""
    this_year = timezone.localdate().year
    try:
        results = classify(years=[this_year - 1, this_year])
    except Exception as exc:  # the run log says what went wrong; the next night tries again
        logger.exception("Kampung KB classification failed")
        if run is not None:
            run.errors = [*run.errors, {"region": "", "error": f"Kampung KB: {exc!r}"}]
            run.save(update_fields=["errors"])
        return
    if run is not None:
        run.change_count += sum(r.changed for r in results)
        run.save(update_fields=["change_count"])
