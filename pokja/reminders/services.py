"""Computing what needs action, set-based and idempotent.

Each registered source (`registry.add_reminder_source`) gets a `ReminderContext` and returns
`Due` items in a few queries; `refresh` then brings the DueItem table in line with them: new
items are added, changed ones updated, fixed ones deleted, snoozes kept. Running it twice
changes nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from pokja.kernel import policy
from pokja.kernel.registry import registry
from pokja.kernel.scoping import region_scope_q
from pokja.models import User
from pokja.reminders.models import DueItem

# The roles reminders go to (the policy's rule).
RESPONSIBLE_ROLES = policy.reminded_roles()


@dataclass(frozen=True)
class Due:
    user_id: int
    kind: str
    key: str
    title: str  # English source message (gettext_noop), translated when shown
    reason: str
    url: str
    params: dict = field(default_factory=dict)
    region: str = ""
    due_on: datetime.date | None = None


@dataclass
class ReminderContext:
    """What every source needs: today, and who is responsible where.

    `users_by_region[code]` are the active coordinators, provincial staff and village operators
    whose scope is exactly that region: a kab/kota's coordinators, a province's staff, a
    village's Kampung KB operators. With `only_user`, the
    sources compute for that one user's region (the "Perlu tindakan" page refreshes on open).
    """

    today: datetime.date
    now: datetime.datetime
    users_by_region: dict[str, list[int]]
    only_user: User | None = None

    @classmethod
    def build(cls, *, today=None, only_user: User | None = None) -> ReminderContext:
        now = timezone.now()
        users = User.objects.filter(is_active=True, role__in=RESPONSIBLE_ROLES)
        if only_user is not None:
            users = users.filter(pk=only_user.pk)
        by_region = defaultdict(list)
        for pk, code in users.values_list("pk", "region_id"):
            by_region[code].append(pk)
        return cls(
            today=today or timezone.localdate(),
            now=now,
            users_by_region=dict(by_region),
            only_user=only_user,
        )

    def owners(self, region_code: str) -> list[int]:
        """Who enters the data of this region."""
        return self.users_by_region.get(region_code, [])

    def verifiers(self, region_code: str) -> list[int]:
        """Who verifies it: the staff of its province (a kab/kota's coordinator does not)."""
        province = region_code.split(".")[0]
        return self.users_by_region.get(province, [])

    def region_q(self, code_field: str) -> Q:
        """Narrow a source's query to the regions the users in question answer for."""
        if self.only_user is None:
            return Q()
        if not self.users_by_region:
            return Q(pk__in=[])
        return region_scope_q(code_field, self.only_user.region_id)


def collect(context: ReminderContext) -> dict[tuple[int, str, str], Due]:
    items = {}
    for dotted_path in registry.reminder_sources:
        for due in import_string(dotted_path)(context):
            items[(due.user_id, due.kind, due.key)] = due
    return items


UPDATABLE = ("title", "reason", "url", "params", "region", "due_on")


@transaction.atomic
def refresh(*, today: datetime.date | None = None, only_user: User | None = None) -> dict:
    """Bring the DueItem table in line with the sources; returns the counts."""
    context = ReminderContext.build(today=today, only_user=only_user)
    wanted = collect(context)
    existing = DueItem.objects.all()
    if only_user is not None:
        existing = existing.filter(user=only_user)
    stored = {
        (i.user_id, i.kind, i.key): i
        for i in existing.only("pk", "user_id", "kind", "key", *UPDATABLE)
    }
    to_create, to_update = [], []
    for key, due in wanted.items():
        item = stored.get(key)
        values = {name: getattr(due, name) for name in UPDATABLE}
        if item is None:
            to_create.append(DueItem(user_id=due.user_id, kind=due.kind, key=due.key, **values))
        elif any(getattr(item, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(item, name, value)
            to_update.append(item)
    gone = [item.pk for key, item in stored.items() if key not in wanted]
    # ignore_conflicts: a refresh running at the same time may have added the same row.
    DueItem.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
    DueItem.objects.bulk_update(to_update, UPDATABLE, batch_size=1000)
    for start in range(0, len(gone), 1000):
        DueItem.objects.filter(pk__in=gone[start : start + 1000]).delete()
    touched = {key[0] for key in (*wanted, *stored)}
    forget_counts(touched)
    transaction.on_commit(lambda: forget_counts(touched))  # in case a page re-cached meanwhile
    return {"created": len(to_create), "updated": len(to_update), "deleted": len(gone)}


def snooze(*, item: DueItem, until: datetime.date | None) -> DueItem:
    item.snoozed_until = until
    item.save(update_fields=["snoozed_until"])
    forget_counts([item.user_id])
    transaction.on_commit(lambda: forget_counts([item.user_id]))
    return item


# The navbar shows the count on every page: it is cached rather than counted per request, and
# forgotten whenever the items change. (With a per-process cache, another process may show
# the old count for up to COUNT_SECONDS.)
COUNT_SECONDS = 300


def _count_key(user_id: int) -> str:
    return f"reminders:due-count:{user_id}"


def forget_counts(user_ids) -> None:
    cache.delete_many([_count_key(pk) for pk in user_ids])


def due_count(user: User) -> int:
    key = _count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = DueItem.objects.filter(user=user).active(timezone.localdate()).count()
        cache.set(key, count, COUNT_SECONDS)
    return count


def warm_count(sender, request, user, **kwargs) -> None:
    if user.is_authenticated:
        due_count(user)


# How many items the top of a user's home page shows (the rest are on "Perlu tindakan").
HOME_ITEMS = 5


def home_items(user: User) -> tuple[list[DueItem], int]:
    """What needs the user's action, for the top of their home page: refreshed first (the
    profile just submitted is gone at once), the first few by due date, and how many in all."""
    refresh(only_user=user)
    items = list(DueItem.objects.filter(user=user).active(timezone.localdate()))
    return items[:HOME_ITEMS], len(items)
