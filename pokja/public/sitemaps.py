"""The sitemap of the public URLs (django.contrib.sitemaps): the nation, every published
province and kab/kota, the data index and each dataset's dictionary. Addresses are absolute
through PORTAL_BASE_URL, the address readers reach, never the Host a request came with."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import reverse

from pokja.kernel.registry import registry
from pokja.public.http import public_view
from pokja.public.regions import PUBLIC_LEVELS, hidden_provinces


class PublicSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000  # 38 provinces and 514 kab/kota fit one file

    @property
    def protocol(self):
        return urlsplit(settings.PORTAL_BASE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.PORTAL_BASE_URL).netloc

    def items(self) -> list[str]:
        from pokja.models import Region

        hidden = hidden_provinces()
        codes = (
            Region.objects.filter(level__in=PUBLIC_LEVELS)
            .order_by("code")
            .values_list("code", flat=True)
        )
        paths = [reverse("public:national"), reverse("public:data_index")]
        paths += [
            reverse("public:region", args=[code])
            for code in codes
            if code.split(".")[0] not in hidden
        ]
        paths += [
            reverse("public:dictionary", args=[dataset.slug])
            for dataset in registry.ordered_public_datasets()
        ]
        return paths

    def location(self, item: str) -> str:
        return item


@public_view()
def sitemap(request, *, query):
    response = sitemap_view(request, sitemaps={"publik": PublicSitemap()})
    response.render()
    return response
