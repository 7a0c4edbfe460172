"""Read-side queries of the core app. Each starts from a scoped queryset."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from pokja.models import Region, User


def region_for_user(user: User, code: str) -> Region:
    """The region with this code if the user may see it; 404 otherwise (never a 403)."""
    return get_object_or_404(Region.objects.for_user(user).select_related("parent"), code=code)


def visible_children(user: User, region: Region) -> QuerySet[Region]:
    return (
        Region.objects.for_user(user).filter(parent=region).annotate(child_count=Count("children"))
    )


def provinces_overview(user: User) -> QuerySet[Region]:
    return (
        Region.objects.for_user(user)
        .provinces()
        .annotate(
            kabupaten_count=Count("children", filter=Q(children__level=Region.Level.KABUPATEN)),
            kota_count=Count("children", filter=Q(children__level=Region.Level.KOTA)),
        )
    )
