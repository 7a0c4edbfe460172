"""The portal's URLs plus a list with a path parameter (no real list has one yet), for
tests/test_pagecache.py: the page cache must keep one region's page from another's viewer."""

from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns
from pokja.views.lists import DecreeListView


class RegionDecreeListView(DecreeListView):
    """The SK decrees of one region, named in the path."""

    def get_queryset(self):
        return super().get_queryset().filter(pokja__region_id=self.kwargs["code"])


urlpatterns = [
    *portal_urlpatterns,
    path("uji/sk/<str:code>/", RegionDecreeListView.as_view(), name="region_decree_list"),
]
